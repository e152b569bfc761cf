// The Bicep fixer's decisions that golden files do not show: when a workspace source is passed
// over, when a finding needs a person, and how findings are placed and named.
#include <catch2/catch.hpp>

#include "armfix/bicep_pipeline.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

const std::string kCluster =
    "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n"
    "  name: 'aks'\n"
    "  properties: {\n"
    "    dnsPrefix: 'aks'\n"
    "  }\n"
    "}\n";

FileOutcome run(const std::string& text, const PipelineOptions& options = test::defender_only()) {
  FileOutcome outcome = process_bicep_text(text, options);
  REQUIRE_FALSE(outcome.error);
  return outcome;
}

const Finding& only_finding(const FileOutcome& outcome) {
  REQUIRE(outcome.findings.size() == 1);
  return outcome.findings[0].finding;
}

}  // namespace

TEST_CASE("bicep fixer: findings name the cluster by symbol and point at it", "[bicep][fixer]") {
  FileOutcome outcome = run("param other string\n" + kCluster);
  const Finding& finding = only_finding(outcome);
  CHECK(finding.resource.name == "aks");
  CHECK(finding.resource.pointer.to_string() == "/resources/aks");
  CHECK(finding.rule != nullptr);
  CHECK(finding.rule->name == "Azure.AKS.DefenderProfile");
  CHECK(outcome.findings[0].position.line == 2);
  CHECK(outcome.findings[0].position.column == 10);
  CHECK(outcome.resources == 1);
  CHECK(outcome.resources == 1);
  REQUIRE(finding.required_parameters.size() == 1);
  CHECK(finding.required_parameters[0].name == "logAnalyticsWorkspaceResourceId");
}

TEST_CASE("bicep fixer: a workspace parameter name Bicep cannot declare needs a person",
          "[bicep][fixer]") {
  PipelineOptions options = test::defender_only();
  options.fix.workspace_param = "law-id";
  FileOutcome outcome = run(kCluster, options);
  CHECK(only_finding(outcome).safety == Safety::Manual);
  CHECK_THAT(only_finding(outcome).message, Catch::Contains("'law-id' cannot name a Bicep"));
  CHECK_FALSE(outcome.changed());
}

TEST_CASE("bicep fixer: a symbol already taken by something else needs a person",
          "[bicep][fixer]") {
  FileOutcome outcome = run("var logAnalyticsWorkspaceResourceId = 'x'\n" + kCluster);
  CHECK(only_finding(outcome).safety == Safety::Manual);
  CHECK_THAT(only_finding(outcome).message, Catch::Contains("is already declared"));
  CHECK_FALSE(outcome.changed());
}

TEST_CASE("bicep fixer: workspaces in a loop, under a condition or several are not guessed",
          "[bicep][fixer]") {
  const std::string law = "'Microsoft.OperationalInsights/workspaces@2022-10-01'";
  for (const std::string& workspaces : std::vector<std::string>{
           "resource law " + law + " = [for n in names: {\n  name: n\n}]\n",
           "resource law " + law + " = if (create) {\n  name: 'law'\n}\n",
           "resource a " + law + " = {\n  name: 'a'\n}\nresource b " + law +
               " existing = {\n  name: 'b'\n}\n",
       }) {
    INFO(workspaces);
    CHECK(only_finding(run(workspaces + kCluster)).strategy == "new-parameter");
  }
  FileOutcome existing =
      run("resource law " + law + " existing = {\n  name: 'law'\n}\n" + kCluster);
  CHECK(only_finding(existing).strategy == "workspace-resource");
  CHECK_THAT(existing.fixed_text, Catch::Contains("logAnalyticsWorkspaceResourceId: law.id\n"));
}

TEST_CASE("bicep fixer: several workspace-like parameters: only the default name is certain",
          "[bicep][fixer]") {
  const std::string two = "param workspaceId string\nparam monitoringWorkspaceResourceId string\n";
  CHECK(only_finding(run(two + kCluster)).strategy == "new-parameter");
  const std::string three = two + "param logAnalyticsWorkspaceResourceId string\n";
  FileOutcome outcome = run(three + kCluster);
  CHECK(only_finding(outcome).strategy == "parameter");
  CHECK_THAT(only_finding(outcome).message,
             Catch::Contains("the existing parameter 'logAnalyticsWorkspaceResourceId'"));
  CHECK(run("param workspaceId int\n" + kCluster).findings[0].finding.strategy == "new-parameter");
}

TEST_CASE("bicep fixer: --rule without the Defender rule checks nothing", "[bicep][fixer]") {
  PipelineOptions options;
  options.rules.push_back(nullptr);  // a selection that names no known rule
  FileOutcome outcome = run(kCluster, options);
  CHECK(outcome.findings.empty());
  CHECK(outcome.resources == 0);
  CHECK(outcome.resources == 0);
  CHECK_FALSE(outcome.changed());
}

TEST_CASE("bicep fixer: a compiled template is recognised by its generator", "[bicep][fixer]") {
  auto compiled = Document::parse(
      R"({"metadata": {"_generator": {"name": "bicep", "version": "0.28.1.47646"}}})");
  REQUIRE(compiled.ok());
  CHECK(is_compiled_from_bicep(compiled.value()));
  auto handwritten = Document::parse(R"({"metadata": {"_generator": {"name": "other"}}})");
  REQUIRE(handwritten.ok());
  CHECK_FALSE(is_compiled_from_bicep(handwritten.value()));
  auto none = Document::parse(R"({"resources": []})");
  REQUIRE(none.ok());
  CHECK_FALSE(is_compiled_from_bicep(none.value()));
}
