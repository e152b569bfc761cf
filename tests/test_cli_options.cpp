// Tests of command-line parsing: defaults, each option's effect, and usage errors (exit 2 with
// a pointer to --help). --rule-option is also run through the binary, on a template it changes.
#include "cli/cli_options.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using armfix::CliOptions;
using armfix::ParsedCommandLine;

struct Parsed {
  ParsedCommandLine result;
  std::string out;
  std::string err;
};

Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "armfix");
  std::vector<const char*> argv;
  for (const auto& arg : args)
    argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Parsed parsed;
  parsed.result = armfix::parse_command_line(static_cast<int>(argv.size()), argv.data(), out, err);
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

CliOptions options_of(const Parsed& parsed) {
  REQUIRE(parsed.result.options.has_value());
  return *parsed.result.options;
}

void require_usage_error(const std::vector<std::string>& args, const std::string& what) {
  Parsed parsed = parse(args);
  CHECK_FALSE(parsed.result.options.has_value());
  CHECK(parsed.result.exit_code == 2);
  CHECK_THAT(parsed.err, Catch::Contains(what));
  CHECK_THAT(parsed.err, Catch::Contains("armfix --help"));
}

}  // namespace

TEST_CASE("no arguments report on the current directory", "[cli]") {
  const CliOptions options = options_of(parse({}));
  CHECK(options.paths == std::vector<std::string>{"."});
  CHECK(options.mode == armfix::Mode::Report);
  CHECK(options.format == armfix::ReportFormat::Text);
  CHECK(options.color == armfix::ColorChoice::Auto);
  CHECK(options.verbosity == armfix::Verbosity::Normal);
  CHECK(options.jobs == 0);
  CHECK_FALSE(options.pipeline.unsafe_fixes);
  CHECK(options.pipeline.rules.empty());
}

TEST_CASE("each mode flag selects its mode", "[cli]") {
  CHECK(options_of(parse({"--dry-run"})).mode == armfix::Mode::DryRun);
  CHECK(options_of(parse({"--write"})).mode == armfix::Mode::Write);
  CHECK(options_of(parse({"-w"})).mode == armfix::Mode::Write);
  const CliOptions patch = options_of(parse({"--patch", "-", "samples"}));
  CHECK(patch.mode == armfix::Mode::Patch);
  CHECK(patch.patch_file == "-");
  CHECK(patch.paths == std::vector<std::string>{"samples"});
}

TEST_CASE("at most one mode is accepted", "[cli]") {
  require_usage_error({"--dry-run", "--write"}, "--dry-run excludes --write");
  require_usage_error({"--write", "--patch", "x.patch"}, "excludes");
  require_usage_error({"--patch", "x.patch", "--dry-run"}, "excludes");
}

TEST_CASE("cli: --rule takes one rule per occurrence, by name or ref, ignoring case", "[cli]") {
  const CliOptions options =
      options_of(parse({"--rule", "azr-000370", "a.json", "--rule", "Azure.AKS.DefenderProfile"}));
  REQUIRE(options.pipeline.rules.size() == 1);  // the same rule twice is selected once
  CHECK(options.pipeline.rules[0]->info().ref == "AZR-000370");
  CHECK(options.paths == std::vector<std::string>{"a.json"});
}

TEST_CASE("an unknown rule is a usage error naming it", "[cli]") {
  require_usage_error({"--rule", "Azure.AKS.Nope"}, "unknown rule 'Azure.AKS.Nope'");
  require_usage_error({"--exclude-rule", "AZR-999999"}, "unknown rule 'AZR-999999'");
}

TEST_CASE("cli: --exclude-rule leaves a rule out, by name or ref, of every rule or of --rule",
          "[cli]") {
  const CliOptions all_but_one = options_of(parse({"--exclude-rule", "azr-000370"}));
  REQUIRE(all_but_one.pipeline.rules.size() == armfix::registered_fixers().size() - 1);
  for (std::size_t i = 0, kept = 0; i < armfix::registered_fixers().size(); ++i) {
    const armfix::Fixer* fixer = armfix::registered_fixers()[i].get();
    if (fixer->info().ref == "AZR-000370") continue;
    CHECK(all_but_one.pipeline.rules[kept++] == fixer);  // registry order
  }
  const CliOptions narrowed =
      options_of(parse({"--rule", "Azure.AKS.AutoUpgrade", "--rule", "AZR-000370", "--exclude-rule",
                        "Azure.AKS.DefenderProfile"}));
  REQUIRE(narrowed.pipeline.rules.size() == 1);
  CHECK(narrowed.pipeline.rules[0]->info().name == "Azure.AKS.AutoUpgrade");
  // Excluding every rule leaves nothing to do: a usage error, not a run of every rule.
  std::vector<std::string> every;
  for (const auto& fixer : armfix::registered_fixers()) {
    every.push_back("--exclude-rule");
    every.push_back(fixer->info().name);
  }
  require_usage_error(every, "--exclude-rule leaves no rule to run");
  require_usage_error({"--rule", "AZR-000036", "--exclude-rule", "Azure.AKS.AutoUpgrade"},
                      "--exclude-rule leaves no rule to run");
}

TEST_CASE("workspace options reach the fixer", "[cli]") {
  const CliOptions options =
      options_of(parse({"--workspace-param", "lawId", "--workspace-id", "/subscriptions/x"}));
  CHECK(options.pipeline.fix.workspace_param == "lawId");
  CHECK(options.pipeline.fix.workspace_param_given);
  REQUIRE(options.pipeline.fix.workspace_id.has_value());
  CHECK(*options.pipeline.fix.workspace_id == "/subscriptions/x");

  const CliOptions defaults = options_of(parse({}));
  CHECK(defaults.pipeline.fix.workspace_param == "logAnalyticsWorkspaceResourceId");
  CHECK_FALSE(defaults.pipeline.fix.workspace_param_given);
  CHECK_FALSE(defaults.pipeline.fix.workspace_id.has_value());
  CHECK(options_of(parse({"--no-workspace"})).pipeline.fix.no_workspace);
}

TEST_CASE("cli: --no-workspace contradicts the other workspace options", "[cli]") {
  require_usage_error({"--no-workspace", "--workspace-id", "x"}, "excludes");
  require_usage_error({"--no-workspace", "--workspace-param", "x"}, "excludes");
}

TEST_CASE("report options: format, output, summary, colour", "[cli]") {
  const CliOptions options = options_of(
      parse({"--format", "sarif", "--output", "r.sarif", "--summary", "pr.md", "--color=never"}));
  CHECK(options.format == armfix::ReportFormat::Sarif);
  CHECK(options.output_file == "r.sarif");
  CHECK(options.summary_file == "pr.md");
  CHECK(options.color == armfix::ColorChoice::Never);
  CHECK(options_of(parse({"--format=json"})).format == armfix::ReportFormat::Json);
  CHECK(options_of(parse({"--color", "always"})).color == armfix::ColorChoice::Always);
}

TEST_CASE("invalid option values are usage errors", "[cli]") {
  require_usage_error({"--format", "xml"}, "--format");
  require_usage_error({"--color", "sometimes"}, "--color");
  require_usage_error({"--jobs", "0"}, "--jobs");
  require_usage_error({"--jobs", "many"}, "--jobs");
  require_usage_error({"--frobnicate"}, "--frobnicate");
}

TEST_CASE("cli: --jobs, --exclude, -q and -v", "[cli]") {
  const CliOptions options = options_of(
      parse({"--jobs", "3", "--exclude", "build", "--exclude", "*.parameters.json", "-v"}));
  CHECK(options.jobs == 3);
  CHECK(options.excludes == std::vector<std::string>{"build", "*.parameters.json"});
  CHECK(options.verbosity == armfix::Verbosity::Verbose);
  CHECK(options_of(parse({"-q"})).verbosity == armfix::Verbosity::Quiet);
  require_usage_error({"-q", "-v"}, "excludes");
}

TEST_CASE("cli: --version and --help print and exit 0", "[cli]") {
  Parsed version = parse({"--version"});
  CHECK_FALSE(version.result.options.has_value());
  CHECK(version.result.exit_code == 0);
  CHECK(version.out == std::string("armfix ") + ARMFIX_VERSION + "\n");

  Parsed help = parse({"--help"});
  CHECK(help.result.exit_code == 0);
  for (const char* flag :
       {"--dry-run",      "--write",      "--patch",   "--unsafe-fixes",    "--rule",
        "--exclude-rule", "--list-rules", "--explain", "--workspace-param", "--workspace-id",
        "--no-workspace", "--format",     "--output",  "--summary",         "--color",
        "--jobs",         "--exclude",    "--quiet",   "--verbose",         "--version"}) {
    CHECK_THAT(help.out, Catch::Contains(flag));
  }
}

TEST_CASE("values written into files must be UTF-8, and are shown escaped", "[cli][utf8]") {
  const std::string usage = "Run 'armfix --help' for usage.\n";
  Parsed id = parse({"--workspace-id", "/law\xC3(\x1B"});
  CHECK(id.result.exit_code == 2);
  CHECK(id.err == "armfix: error: --workspace-id: not valid UTF-8: '/law\\xC3(\\x1B'\n" + usage);

  Parsed id_for = parse({"--workspace-id-for", ARMFIX_SOURCE_DIR "/README.md=/law\xFF"});
  CHECK(id_for.result.exit_code == 2);
  CHECK(id_for.err == "armfix: error: --workspace-id-for: not valid UTF-8: '/law\\xFF'\n" + usage);

  Parsed rule = parse({"--rule", "AZR\xC3("});
  CHECK(rule.err ==
        "armfix: error: --rule: unknown rule 'AZR\\xC3(' (armfix --list-rules shows "
        "the rules)\n" +
            usage);

  // Valid UTF-8 beyond ASCII is a value like any other.
  CHECK(
      *options_of(parse({"--workspace-id", "/law-\xC3\xA9t\xC3\xA9"})).pipeline.fix.workspace_id ==
      "/law-\xC3\xA9t\xC3\xA9");
  // A glob matches file names, which may be any bytes: it is taken as given.
  CHECK(options_of(parse({"--exclude", "bad\xC3(*"})).excludes ==
        std::vector<std::string>{"bad\xC3(*"});
}

TEST_CASE("cli: --workspace-param must be a parameter name", "[cli][utf8]") {
  for (const std::string name : {"1law", "law-id", "law id", "law\xC3\xA9", "law'", ""}) {
    INFO(name);
    Parsed parsed = parse({"--workspace-param", name});
    CHECK(parsed.result.exit_code == 2);
    CHECK_THAT(parsed.err,
               Catch::StartsWith("armfix: error: --workspace-param: not a parameter name: '"));
    CHECK_THAT(parsed.err, Catch::Contains("(a letter or '_', then letters, digits and '_')"));
  }
  CHECK(parse({"--workspace-param", "law\n"}).err ==
        "armfix: error: --workspace-param: not a parameter name: 'law\\x0A' (a letter or '_', "
        "then letters, digits and '_')\nRun 'armfix --help' for usage.\n");
  for (const std::string name : {"law", "_law1", "LAW_Id2"})
    CHECK(options_of(parse({"--workspace-param", name})).pipeline.fix.workspace_param == name);
}

namespace {

using armfix::cli_test::CommandResult;

const std::string kAutoUpgrade = "Azure.AKS.AutoUpgrade";
const std::string kUsageHint = "Run 'armfix --help' for usage.\n";

// One cluster without autoUpgradeProfile or securityProfile, in aks.json of a fresh directory:
// AutoUpgrade and DefenderProfile both fix it.
struct ClusterFile {
  armfix::cli_test::TempDir dir;
  const std::string before = armfix::cli_test::cluster_template();
  ClusterFile() { armfix::cli_test::write_text(dir / "aks.json", before); }
  CommandResult armfix(std::vector<std::string> args) const {
    args.push_back("aks.json");
    return armfix::cli_test::run_armfix(args, dir.path());
  }
  std::string text() const { return armfix::cli_test::read_text(dir / "aks.json"); }
};

// The diff line that adds the upgrade channel to the cluster of cluster_template().
std::string added_channel(const std::string& channel) {
  return "+          \"upgradeChannel\": \"" + channel + "\"\n";
}

}  // namespace

TEST_CASE("cli: --rule-option sets the value a rule writes, by name or ref, ignoring case",
          "[cli][rule-option]") {
  ClusterFile cluster;
  CommandResult defaults = cluster.armfix({"--rule", kAutoUpgrade, "--dry-run"});
  CHECK(defaults.exit_code == 1);
  CHECK_THAT(defaults.out, Catch::Contains(added_channel("stable")));

  for (const std::string setting :
       {"Azure.AKS.AutoUpgrade.channel=patch", "AZR-000036.channel=patch",
        "Azure.AKS.AutoUpgrade.channel=PATCH", "azure.aks.autoupgrade.Channel=Patch"}) {
    INFO(setting);
    CommandResult run =
        cluster.armfix({"--rule", kAutoUpgrade, "--rule-option", setting, "--dry-run"});
    CHECK(run.exit_code == 1);
    // The value is written as the option declares it, whatever its case on the command line.
    CHECK_THAT(run.out, Catch::Contains(added_channel("patch")));
    CHECK_THAT(run.out, !Catch::Contains("stable"));
    CHECK_THAT(run.err, Catch::Contains("fix: add autoUpgradeProfile.upgradeChannel: \"patch\""));
  }

  // The last of two settings of one option counts, as for any repeated option.
  CommandResult twice =
      cluster.armfix({"--rule", kAutoUpgrade, "--rule-option=Azure.AKS.AutoUpgrade.channel=rapid",
                      "--rule-option", "Azure.AKS.AutoUpgrade.channel=node-image", "--dry-run"});
  CHECK_THAT(twice.out, Catch::Contains(added_channel("node-image")));

  CommandResult write = cluster.armfix(
      {"--rule", kAutoUpgrade, "--rule-option", "Azure.AKS.AutoUpgrade.channel=patch", "--write"});
  CHECK(write.exit_code == 0);
  CHECK_THAT(cluster.text(), Catch::Contains("\"upgradeChannel\": \"patch\""));
}

TEST_CASE("cli: a refused --rule-option is a usage error that says why and writes nothing",
          "[cli][rule-option]") {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"Azure.AKS.AutoUpgrade.channel",
       "expected RULE.OPTION=VALUE, e.g. Azure.AKS.AutoUpgrade.channel=patch"},
      {"Azure.AKS.Nope.channel=patch",
       "unknown rule 'Azure.AKS.Nope' (armfix --list-rules shows the rules)"},
      {"Azure.AKS.AutoUpgrade.chanel=patch",
       "Azure.AKS.AutoUpgrade has no option 'chanel' (its options: channel)"},
      {"Azure.AKS.DefenderProfile.colour=blue",
       "Azure.AKS.DefenderProfile has no option 'colour' (its options: workspace-param, "
       "workspace-id, no-workspace)"},
      {"Azure.AKS.AutoUpgrade.channel=weekly",
       "'weekly' is not a value of Azure.AKS.AutoUpgrade.channel (allowed: rapid, stable, patch, "
       "node-image)"},
      {"Azure.AKS.DefenderProfile.workspace-id=",
       "Azure.AKS.DefenderProfile.workspace-id needs a value"},
      // The checks of the flags the Defender options alias.
      {"Azure.AKS.DefenderProfile.workspace-param=law-id",
       "not a parameter name: 'law-id' (a letter or '_', then letters, digits and '_')"},
      {"Azure.AKS.DefenderProfile.workspace-id=/x\xff", "not valid UTF-8: '/x\\xFF'"},
  };
  for (const auto& [setting, message] : refused) {
    INFO(setting);
    ClusterFile cluster;
    CommandResult run =
        cluster.armfix({"--rule", kAutoUpgrade, "--rule", "Azure.AKS.DefenderProfile",
                        "--rule-option", setting, "--write"});
    CHECK(run.exit_code == 2);
    CHECK(run.err == "armfix: error: --rule-option: " + message + "\n" + kUsageHint);
    CHECK(run.out.empty());
    CHECK(cluster.text() == cluster.before);
  }

  // A valid setting beside a refused one does not let the run go ahead.
  ClusterFile cluster;
  CommandResult mixed = cluster.armfix({"--rule", kAutoUpgrade, "--rule-option",
                                        "Azure.AKS.AutoUpgrade.channel=patch", "--rule-option",
                                        "Azure.AKS.AutoUpgrade.channel=weekly", "--write"});
  CHECK(mixed.exit_code == 2);
  CHECK_THAT(mixed.err, Catch::StartsWith("armfix: error: --rule-option: 'weekly' is not a value"));
  CHECK(cluster.text() == cluster.before);
}

TEST_CASE("cli: no-workspace set either way excludes the workspace options set either way",
          "[cli][rule-option]") {
  const std::vector<std::vector<std::string>> refused = {
      {"--rule-option", "Azure.AKS.DefenderProfile.no-workspace=true", "--workspace-id", "/x"},
      {"--no-workspace", "--rule-option", "Azure.AKS.DefenderProfile.workspace-id=/x"},
      {"--no-workspace", "--rule-option", "Azure.AKS.DefenderProfile.workspace-param=law"},
  };
  for (const auto& args : refused) {
    ClusterFile cluster;
    std::vector<std::string> with_write = args;
    with_write.push_back("--write");
    CommandResult run = cluster.armfix(with_write);
    CHECK(run.exit_code == 2);
    CHECK(run.err ==
          "armfix: error: Azure.AKS.DefenderProfile.no-workspace=true (--no-workspace) excludes "
          "the workspace parameter and ID options\n" +
              std::string(kUsageHint));
    CHECK(cluster.text() == cluster.before);
  }
}

TEST_CASE("cli: --rule-option Azure.AKS.DefenderProfile.no-workspace=true is --no-workspace",
          "[cli][rule-option]") {
  ClusterFile flag;
  ClusterFile option;
  CommandResult by_flag = flag.armfix({"--no-workspace", "--dry-run"});
  CommandResult by_option =
      option.armfix({"--rule-option", "Azure.AKS.DefenderProfile.no-workspace=true", "--dry-run"});
  CHECK(by_option.exit_code == by_flag.exit_code);
  CHECK(by_option.out == by_flag.out);
  CHECK(by_option.err == by_flag.err);
  // And both differ from the default run, which wires the template's workspace parameter.
  CommandResult wired = flag.armfix({"--dry-run"});
  CHECK_THAT(wired.out, Catch::Contains("\"logAnalyticsWorkspaceResourceId\": \"[parameters("));
  CHECK_THAT(by_option.out,
             !Catch::Contains("\"logAnalyticsWorkspaceResourceId\": \"[parameters("));
  CHECK_THAT(by_option.out, Catch::Contains("\"securityMonitoring\""));

  CHECK(flag.armfix({"--no-workspace", "--write"}).exit_code == 0);
  CHECK(option.armfix({"--rule-option", "Azure.AKS.DefenderProfile.no-workspace=TRUE", "--write"})
            .exit_code == 0);
  CHECK(option.text() == flag.text());
  CHECK(option.text() != option.before);
}
