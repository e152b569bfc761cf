// Azure.AKS.DefenderProfile: each case and option of the fixer, checked on the semantic result.
#include <catch2/catch.hpp>

#include "armfix/pipeline.hpp"
#include "support.hpp"

using namespace armfix;
using nlohmann::json;

namespace {

std::string template_with(const std::string& parameters, const std::string& resources) {
  return R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0", "parameters": {)" +
         parameters + R"(}, "resources": [)" + resources + "]}";
}

std::string cluster(const std::string& properties, const std::string& api = "2024-01-01",
                    const std::string& extra = "") {
  return R"({"type": "Microsoft.ContainerService/managedClusters", "apiVersion": ")" + api +
         R"(", "name": "aks")" + extra + R"(, "properties": )" + properties + "}";
}

struct Run {
  FileOutcome outcome;
  json fixed;
};

Run fix(const std::string& text, FixOptions fix_options = {}, bool unsafe = true) {
  PipelineOptions options = test::defender_only();
  options.fix = std::move(fix_options);
  options.unsafe_fixes = unsafe;
  Run run{process_text(text, options), nullptr};
  REQUIRE_FALSE(run.outcome.error);
  run.fixed = json::parse(run.outcome.fixed_text, nullptr, true, true);
  return run;
}

const json& defender_of(const json& fixed, std::size_t index = 0) {
  return fixed["resources"][index]["properties"]["securityProfile"]["defender"];
}

}  // namespace

TEST_CASE("fixer: --workspace-param naming an existing parameter wins over other sources",
          "[fixer]") {
  FixOptions options;
  options.workspace_param = "centralWorkspace";
  options.workspace_param_given = true;
  auto run = fix(template_with(R"("centralWorkspace": {"type": "string"})",
                               cluster(R"({"addonProfiles": {"omsagent": {"enabled": true,
                                 "config": {"logAnalyticsWorkspaceResourceID": "/ws/oms"}}}})")),
                 options);
  REQUIRE(run.outcome.findings.size() == 1);
  CHECK(run.outcome.findings[0].finding.strategy == "workspace-param");
  CHECK(defender_of(run.fixed)["logAnalyticsWorkspaceResourceId"] ==
        "[parameters('centralWorkspace')]");
}

TEST_CASE("fixer: --workspace-param with a new name creates that parameter", "[fixer]") {
  FixOptions options;
  options.workspace_param = "defenderWorkspace";
  options.workspace_param_given = true;
  auto run = fix(template_with("", cluster("{}")), options);
  CHECK(run.fixed["parameters"].contains("defenderWorkspace"));
  CHECK(defender_of(run.fixed)["logAnalyticsWorkspaceResourceId"] ==
        "[parameters('defenderWorkspace')]");
  REQUIRE(run.outcome.findings[0].finding.required_parameters.size() == 1);
  CHECK(run.outcome.findings[0].finding.required_parameters[0].name == "defenderWorkspace");
}

TEST_CASE("fixer: --workspace-id becomes the new parameter's default value", "[fixer]") {
  FixOptions options;
  options.workspace_id =
      "/subscriptions/1/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w";
  auto run = fix(template_with("", cluster("{}")), options);
  const json& parameter = run.fixed["parameters"]["logAnalyticsWorkspaceResourceId"];
  CHECK(parameter["type"] == "string");
  CHECK(parameter["defaultValue"] == *options.workspace_id);
  CHECK(parameter["metadata"]["description"].is_string());
  CHECK(run.outcome.findings[0].finding.required_parameters.empty());
}

TEST_CASE("fixer: --no-workspace only enables monitoring", "[fixer]") {
  FixOptions options;
  options.no_workspace = true;
  auto run = fix(template_with("", cluster("{}")), options);
  CHECK(defender_of(run.fixed) == json::parse(R"({"securityMonitoring": {"enabled": true}})"));
  CHECK(run.fixed["parameters"].empty());
}

TEST_CASE("fixer: several workspace resources are ambiguous, so a parameter is added", "[fixer]") {
  std::string workspace = R"({"type": "Microsoft.OperationalInsights/workspaces", "name": "w1"},
                             {"type": "Microsoft.OperationalInsights/workspaces", "name": "w2"},)";
  auto run = fix(template_with("", workspace + cluster("{}")));
  CHECK(run.outcome.findings[0].finding.strategy == "new-parameter");
}

TEST_CASE("fixer: a literal workspace name is quoted in resourceId and dependsOn is not repeated",
          "[fixer]") {
  std::string workspace =
      R"({"type": "Microsoft.OperationalInsights/workspaces", "name": "it's"},)";
  auto run = fix(template_with(
      "",
      workspace +
          cluster(
              "{}", "2024-01-01",
              R"(, "dependsOn": ["[resourceId('Microsoft.OperationalInsights/workspaces', 'it''s')]"])")));
  const json& aks = run.fixed["resources"][1];
  CHECK(aks["properties"]["securityProfile"]["defender"]["logAnalyticsWorkspaceResourceId"] ==
        "[resourceId('Microsoft.OperationalInsights/workspaces', 'it''s')]");
  CHECK(aks["dependsOn"].size() == 1);
}

TEST_CASE("fixer: several workspace-like parameters: the conventional name is preferred",
          "[fixer]") {
  std::string parameters = R"("workspaceResourceId": {"type": "string"},
                              "logAnalyticsWorkspaceResourceId": {"type": "string"},
                              "workspaceName": {"type": "string"})";
  auto run = fix(template_with(parameters, cluster("{}")));
  CHECK(run.outcome.findings[0].finding.strategy == "parameter");
  CHECK(defender_of(run.fixed)["logAnalyticsWorkspaceResourceId"] ==
        "[parameters('logAnalyticsWorkspaceResourceId')]");
}

TEST_CASE("fixer: two clusters needing a parameter share one", "[fixer]") {
  auto run = fix(template_with("", cluster("{}") + "," + cluster("{}")));
  REQUIRE(run.outcome.findings.size() == 2);
  CHECK(run.fixed["parameters"].size() == 1);
  CHECK(defender_of(run.fixed, 1)["securityMonitoring"]["enabled"] == true);
}

TEST_CASE("fixer: existing references are never touched", "[fixer]") {
  std::string text =
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "languageVersion": "2.0", "contentVersion": "1.0.0.0",
    "resources": {"c": {"existing": true, "type": "Microsoft.ContainerService/managedClusters",
                        "apiVersion": "2020-01-01", "name": "x"}}})";
  auto run = fix(text);
  CHECK(run.outcome.findings.empty());
  CHECK_FALSE(run.outcome.changed());
}

TEST_CASE("fixer: preview API versions from 2022-05-02-preview support defender", "[fixer]") {
  auto recent = fix(template_with("", cluster("{}", "2022-05-02-preview")));
  CHECK(recent.outcome.findings[0].finding.safety == Safety::Safe);
  CHECK(recent.fixed["resources"][0]["apiVersion"] == "2022-05-02-preview");
  auto older = fix(template_with("", cluster("{}", "2022-04-02-preview")));
  CHECK(older.outcome.findings[0].finding.safety == Safety::Unsafe);
  CHECK(older.fixed["resources"][0]["apiVersion"] == "2022-06-01");
}

TEST_CASE("fixer: unsafe fixes are reported but not applied without --unsafe-fixes", "[fixer]") {
  auto run = fix(template_with("", cluster("{}", "2021-01-01")), {}, false);
  REQUIRE(run.outcome.findings.size() == 1);
  CHECK(run.outcome.findings[0].finding.safety == Safety::Unsafe);
  CHECK_FALSE(run.outcome.findings[0].applied);
  CHECK_FALSE(run.outcome.changed());
}

TEST_CASE("fixer: an apiVersion parameter whose default is recent enough is fine", "[fixer]") {
  auto run = fix(template_with(R"("api": {"type": "string", "defaultValue": "2024-02-01"})",
                               cluster("{}", "[parameters('api')]")));
  CHECK(run.outcome.findings[0].finding.safety == Safety::Safe);
  auto manual =
      fix(template_with(R"("api": {"type": "string"})", cluster("{}", "[parameters('api')]")));
  CHECK(manual.outcome.findings[0].finding.safety == Safety::Manual);
  CHECK(manual.outcome.findings[0].finding.operations.empty());
  CHECK_FALSE(manual.outcome.changed());
}

TEST_CASE(
    "fixer: enabled null, missing, a literal string or an escaped bracket is corrected safely",
    "[fixer]") {
  for (const char* monitoring :
       {R"({"enabled": null})", R"({})", R"({"enabled": "yes"})", R"({"enabled": "[[true]"})"}) {
    INFO(monitoring);
    auto run = fix(template_with("", cluster(std::string(R"({"securityProfile": {"defender": {
        "logAnalyticsWorkspaceResourceId": "/ws", "securityMonitoring": )") +
                                             monitoring + "}}}")),
                   {}, false);
    REQUIRE(run.outcome.findings.size() == 1);
    CHECK(run.outcome.findings[0].finding.safety == Safety::Safe);
    CHECK(defender_of(run.fixed)["securityMonitoring"]["enabled"] == true);
  }
}

TEST_CASE("fixer: the true() expression and a true parameter default pass the rule", "[fixer]") {
  for (const char* enabled : {"\"[true()]\"", "\"[parameters('on')]\"", "\"[variables('on')]\""}) {
    INFO(enabled);
    std::string text =
        R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      "contentVersion": "1.0.0.0", "parameters": {"on": {"type": "bool", "defaultValue": true}},
      "variables": {"on": true}, "resources": [)" +
        cluster(std::string(
                    R"({"securityProfile": {"defender": {"logAnalyticsWorkspaceResourceId": "/ws",
          "securityMonitoring": {"enabled": )") +
                enabled + "}}}}") +
        "]}";
    CHECK(fix(text).outcome.findings.empty());
  }
}

TEST_CASE("fixer: expression-valued properties are wrapped, and the wrap is recognised",
          "[fixer]") {
  auto run =
      fix(template_with(R"("props": {"type": "object"})", cluster("\"[parameters('props')]\"")));
  REQUIRE(run.outcome.findings.size() == 1);
  CHECK(run.outcome.findings[0].finding.safety == Safety::Unsafe);
  std::string wrapped = run.fixed["resources"][0]["properties"];
  CHECK(wrapped.rfind("[union(", 0) == 0);
  CHECK(wrapped.find("parameters('props')") != std::string::npos);
  CHECK(wrapped.find("createObject('securityProfile', createObject('defender', "
                     "createObject('securityMonitoring', createObject('enabled', true())), "
                     "'azureDefender', null()))") != std::string::npos);
  CHECK(fix(run.outcome.fixed_text).outcome.findings.empty());
}

TEST_CASE("fixer: an expression-valued defender is wrapped with coalesce for null", "[fixer]") {
  auto run = fix(template_with(
      "", cluster(R"({"securityProfile": {"defender": "[if(true(), null(), null())]"}})")));
  std::string wrapped = defender_of(run.fixed);
  CHECK(wrapped.find("coalesce(if(true(), null(), null()), createObject())") != std::string::npos);
  CHECK(wrapped.size() > 2);
  CHECK(wrapped.substr(wrapped.size() - 2) == ")]");
}

TEST_CASE("fixer: the parameter is passed down through two inner-scope deployments", "[fixer]") {
  std::string inner_cluster = cluster("{}");
  std::string level2 = R"({"type": "Microsoft.Resources/deployments", "name": "l2", "properties": {
      "expressionEvaluationOptions": {"scope": "inner"}, "template": {"resources": [)" +
                       inner_cluster + "]}}}";
  std::string level1 = R"({"type": "Microsoft.Resources/deployments", "name": "l1", "properties": {
      "expressionEvaluationOptions": {"scope": "inner"}, "parameters": {}, "template": {"parameters": {}, "resources": [)" +
                       level2 + "]}}}";
  auto run = fix(template_with("", level1));
  const json& l1 = run.fixed["resources"][0]["properties"];
  const json& l2 = l1["template"]["resources"][0]["properties"];
  const json reference = "[parameters('logAnalyticsWorkspaceResourceId')]";
  CHECK(run.fixed["parameters"].contains("logAnalyticsWorkspaceResourceId"));
  CHECK(l1["parameters"]["logAnalyticsWorkspaceResourceId"]["value"] == reference);
  CHECK(l1["template"]["parameters"].contains("logAnalyticsWorkspaceResourceId"));
  CHECK(l2["parameters"]["logAnalyticsWorkspaceResourceId"]["value"] == reference);
  CHECK(l2["template"]["parameters"].contains("logAnalyticsWorkspaceResourceId"));
  CHECK(l2["template"]["resources"][0]["properties"]["securityProfile"]["defender"]
          ["logAnalyticsWorkspaceResourceId"] == reference);
}

TEST_CASE("fixer: a defender block without workspace gets one, with one it is kept", "[fixer]") {
  auto run = fix(template_with(
      R"("logAnalyticsWorkspaceResourceId": {"type": "string"})",
      cluster(R"({"securityProfile": {"defender": {"securityMonitoring": {"enabled": true}}}})")));
  REQUIRE(run.outcome.findings.size() == 1);
  CHECK(run.outcome.findings[0].finding.message.find("no logAnalyticsWorkspaceResourceId") !=
        std::string::npos);
  CHECK(defender_of(run.fixed)["logAnalyticsWorkspaceResourceId"] ==
        "[parameters('logAnalyticsWorkspaceResourceId')]");
  FixOptions no_workspace;
  no_workspace.no_workspace = true;
  CHECK(
      fix(template_with(
              "",
              cluster(
                  R"({"securityProfile": {"defender": {"securityMonitoring": {"enabled": true}}}})")),
          no_workspace)
          .outcome.findings.empty());
}

TEST_CASE("fixer: a key given twice on the way to defender is left to a person", "[fixer]") {
  // Keys compare ignoring case: which securityProfile counts is not for armfix to guess.
  for (const std::string& properties :
       {std::string(R"({"securityProfile": {}, "SecurityProfile": "[parameters('p')]"})"),
        std::string(R"({"securityProfile": {"defender": {"securityMonitoring": {"enabled": false},
           "securityMonitoring": {"enabled": true}}}})")}) {
    INFO(properties);
    auto run = fix(template_with("", cluster(properties)));
    REQUIRE(run.outcome.findings.size() == 1);
    const auto& finding = run.outcome.findings[0];
    CHECK(finding.finding.safety == Safety::Manual);
    CHECK_FALSE(finding.applied);
    CHECK_THAT(finding.finding.message, Catch::Contains("more than once"));
    CHECK_THAT(finding.finding.message, Catch::Contains("keep one of them"));
    CHECK_FALSE(run.outcome.changed());
  }
}

TEST_CASE("fixer: invalid input and non-templates are not fixed", "[fixer]") {
  PipelineOptions options = test::defender_only();
  FileOutcome invalid = process_text("{\"resources\": [}", options);
  CHECK(invalid.kind == FileKind::Invalid);
  REQUIRE(invalid.error);
  CHECK(invalid.error->position.line == 1);
  CHECK(invalid.error->position.column == 16);
  FileOutcome parameters = process_text(
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}})",
      options);
  CHECK(parameters.kind == FileKind::NotTemplate);
  CHECK(parameters.findings.empty());
}

TEST_CASE("fixer: the rule is registered by name and ref", "[fixer]") {
  const Fixer* by_name = find_fixer("azure.aks.defenderprofile");
  REQUIRE(by_name != nullptr);
  CHECK(find_fixer("AZR-000370") == by_name);
  CHECK(find_fixer("Azure.AKS.Nothing") == nullptr);
  CHECK(by_name->info().help_uri.find("Azure.AKS.DefenderProfile") != std::string::npos);
}

TEST_CASE("pipeline: a resource several selected rules look at is one resource", "[fixer]") {
  const std::string compliant = cluster(R"({"securityProfile": {"defender": {
      "logAnalyticsWorkspaceResourceId": "/ws/law", "securityMonitoring": {"enabled": true}}}})");
  const std::string text = template_with("", compliant + ", " + compliant);
  PipelineOptions options;
  FileOutcome once = process_text(text, options);
  CHECK(once.resources == 2);
  // The one rule selected twice stands in for two rules of the same resource type.
  options.rules = {find_fixer("Azure.AKS.DefenderProfile"), find_fixer("AZR-000370")};
  FileOutcome twice = process_text(text, options);
  CHECK(twice.findings.empty());
  CHECK(twice.resources == 2);
}
