// The rule documentation pages (rule_markdown) and `armfix --explain`, which prints them.
#include <catch2/catch.hpp>

#include <string>

#include "armfix/fixer.hpp"
#include "cli_support.hpp"
#include "rules/declared_rule.hpp"
#include "rules/rule_docs.hpp"

namespace {

using namespace armfix::cli_test;

const armfix::Fixer& rule(const char* name) {
  const armfix::Fixer* found = armfix::find_fixer(name);
  REQUIRE(found != nullptr);
  return *found;
}

}  // namespace

TEST_CASE("rule docs: every rule's page has its title, sections and PSRule link", "[rule-docs]") {
  for (const auto& fixer : armfix::registered_fixers()) {
    const armfix::RuleInfo& info = fixer->info();
    INFO(info.name);
    const std::string page = armfix::rule_markdown(*fixer);
    CHECK_THAT(page, Catch::StartsWith("# " + info.name + " (" + info.ref + ")\n\n" +
                                       info.synopsis + "\n"));
    CHECK_THAT(page, Catch::Contains("<" + info.help_uri + ">"));
    for (const char* section :
         {"\n## What it checks\n", "\n## Cases and their safety\n", "\n## Options\n",
          "\n## Examples\n", "\n### ARM template\n", "\n### Bicep\n"}) {
      CHECK_THAT(page, Catch::Contains(section));
    }
    CHECK_THAT(page, Catch::Contains(std::string(fixer->resource_type())));
    // Each example shows the fix as hunks (no git header), or says there is none: a rule
    // just scaffolded by tools/new-rule fixes nothing yet.
    CHECK_THAT(page, !Catch::Contains("diff --git"));
    const std::size_t arm = page.find("\n### ARM template\n");
    const std::size_t bicep = page.find("\n### Bicep\n");
    for (const std::string& example : {page.substr(arm, bicep - arm), page.substr(bicep)}) {
      CHECK_THAT(example, Catch::Contains("```diff\n@@ ") ||
                              Catch::Contains("armfix changes nothing in this example."));
    }
    CHECK(page == armfix::rule_markdown(*fixer));
    CHECK(page.back() == '\n');
  }
}

TEST_CASE("rule docs: a declared rule's page lists its requirement and every case's safety",
          "[rule-docs]") {
  const std::string page = armfix::rule_markdown(rule("Azure.AKS.AutoUpgrade"));
  CHECK_THAT(page,
             Catch::Contains("| `properties.autoUpgradeProfile.upgradeChannel` | set and "
                             "not `\"none\"` | 2020-11-01 (previews from 2021-11-01-preview) |"));
  CHECK_THAT(page, Catch::Contains("is missing or null | safe | writes the `channel` option's "
                                   "value (`\"stable\"` by default)"));
  CHECK_THAT(page, Catch::Contains("is an explicit value that fails | unsafe | sets the `channel` "
                                   "option's value (`\"stable\"` by default): overrides the "
                                   "explicit channel none, which a team may have chosen |"));
  CHECK_THAT(page, Catch::Contains("an object on the path is an expression | unsafe | wraps"));
  CHECK_THAT(page, Catch::Contains("does not resolve to a passing value | unsafe | replaces"));
  CHECK_THAT(page, Catch::Contains("a key on the path is duplicated | manual |"));
  CHECK_THAT(page, Catch::Contains("the apiVersion is older than 2020-11-01 | unsafe | raises"));
  CHECK_THAT(page, Catch::Contains("the apiVersion is an expression"));
  CHECK_THAT(page, Catch::Contains("| `channel` | `rapid`, `stable`, `patch`, `node-image` | "
                                   "`stable` |"));
  CHECK_THAT(
      page,
      Catch::Contains(
          "`--rule-option Azure.AKS.AutoUpgrade.channel=rapid\\|stable\\|patch\\|node-image`"));
  CHECK_THAT(page, Catch::Contains("+        \"autoUpgradeProfile\": {\n"
                                   "+          \"upgradeChannel\": \"stable\"\n"));
  CHECK_THAT(page, Catch::Contains("+    autoUpgradeProfile: {\n"
                                   "+      upgradeChannel: 'stable'\n"));

  const std::string policy = armfix::rule_markdown(rule("Azure.AKS.AzurePolicyAddOn"));
  // The first versions come from the schema table (data/aks/managed-clusters.tsv).
  CHECK_THAT(policy, Catch::Contains("| `properties.addonProfiles.azurepolicy.enabled` | equals "
                                     "`true` | 2018-03-31 (previews from 2018-08-01-preview) |"));
  CHECK_THAT(policy, Catch::Contains("## Options\n\nNone.\n"));
  CHECK_THAT(policy, Catch::Contains("no apiVersion has both what the fix writes"));
}

TEST_CASE("rule docs: a rule of a type without a schema table holds for any apiVersion",
          "[rule-docs]") {
  armfix::RuleSpec spec;
  spec.info = {"Example.Storage.Https", "EX-1", "Require HTTPS.", "https://example.com/rule",
               "Safe: adding it.",      {}};
  spec.resource_type = "Microsoft.Storage/storageAccounts";
  spec.problem = "HTTPS is not required";
  armfix::Requirement https;
  https.path = {"properties", "supportsHttpsTrafficOnly"};
  https.accepted = {true};
  https.fix = true;
  spec.requirements.push_back(https);
  const armfix::DeclaredRule declared(spec);
  const std::string page = armfix::rule_markdown(declared);
  CHECK_THAT(page,
             Catch::Contains("| `properties.supportsHttpsTrafficOnly` | equals `true` | any |"));
  CHECK_THAT(page, !Catch::Contains("the apiVersion is older than"));
}

TEST_CASE("rule docs: the examples of the rules armfix has show their fixes", "[rule-docs]") {
  for (const char* name :
       {"Azure.AKS.DefenderProfile", "Azure.AKS.AzurePolicyAddOn", "Azure.AKS.AutoUpgrade"}) {
    INFO(name);
    const std::string page = armfix::rule_markdown(rule(name));
    const std::size_t arm_diff = page.find("```diff\n@@ ");
    CHECK(arm_diff != std::string::npos);
    CHECK(page.find("```diff\n@@ ", arm_diff + 1) != std::string::npos);
    CHECK_THAT(page, !Catch::Contains("armfix changes nothing"));
  }
}

TEST_CASE("rule docs: a hand-written rule's page gives its safety notes", "[rule-docs]") {
  const armfix::Fixer& defender = rule("Azure.AKS.DefenderProfile");
  const std::string page = armfix::rule_markdown(defender);
  CHECK_THAT(page, Catch::Contains("+        \"securityProfile\": {"));
  CHECK_THAT(page, Catch::Contains(defender.info().safety_notes));
  CHECK_THAT(page, Catch::Contains("`tests/rules/Azure.AKS.DefenderProfile/`"));
  CHECK_THAT(
      page, Catch::Contains("`--rule-option Azure.AKS.DefenderProfile.no-workspace=true\\|false`"));
  CHECK_THAT(page, Catch::Contains("| `workspace-id` | any text | none |"));
}

TEST_CASE("cli: --explain prints the rule's page, by name or ref ignoring case", "[cli][e2e]") {
  TempDir dir;
  const std::string page = armfix::rule_markdown(rule("Azure.AKS.AutoUpgrade"));
  for (const char* id : {"Azure.AKS.AutoUpgrade", "azure.aks.autoupgrade", "azr-000036"}) {
    INFO(id);
    CommandResult result = run_armfix({"--explain", id}, dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.out == page);
    CHECK(result.err.empty());
  }
}

TEST_CASE("cli: --explain of an unknown rule is the usage error --rule gives", "[cli][e2e]") {
  TempDir dir;
  CommandResult result = run_armfix({"--explain", "Azure.AKS.Nope"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "armfix: error: --explain: unknown rule 'Azure.AKS.Nope' (armfix --list-rules shows the "
        "rules)\nRun 'armfix --help' for usage.\n");
  CommandResult rule_result = run_armfix({"--rule", "Azure.AKS.Nope"}, dir.path());
  CHECK(rule_result.err ==
        "armfix: error: --rule: unknown rule 'Azure.AKS.Nope' (armfix "
        "--list-rules shows the rules)\nRun 'armfix --help' for usage.\n");
}

TEST_CASE("lost output: --explain on a full device exits 2", "[cli][e2e][lost-output]") {
  TempDir dir;
  CommandResult result = run_armfix({"--explain", "AZR-000036"}, dir.path(),
                                    {StreamSetup::Full, StreamSetup::Captured});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "armfix: error: cannot write to standard output: No space left on device\n");
}
