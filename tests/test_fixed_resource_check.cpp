// The fixed-resource check: on resource models of small files, each problem it names; through
// both pipelines, a fix that fails it becomes a manual finding and is not written.
#include "schema/fixed_resource_check.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/pipeline.hpp"
#include "json/arm_resource_model.hpp"

using namespace armfix;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";

// A template, parsed and viewed as the rules see it.
class ArmFile {
 public:
  explicit ArmFile(const std::string& text)
      : parsed_(Document::parse(text)), view_(checked(parsed_)), model_(parsed_.value(), view_) {}

  const ResourceModel& model() const { return model_; }
  ResourceRef cluster() const { return model_.deployed(kClusterType).at(0); }

 private:
  static const Document& checked(const Result<Document, SourceError>& parsed) {
    REQUIRE(parsed.ok());
    return parsed.value();
  }

  Result<Document, SourceError> parsed_;
  TemplateView view_;
  ArmResourceModel model_;
};

std::string arm_template(const std::string& parameters, const std::string& api_version,
                         const std::string& properties) {
  return R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0", "parameters": {)" +
         parameters + R"(}, "resources": [{"type": "Microsoft.ContainerService/managedClusters",
  "apiVersion": ")" +
         api_version + R"(", "name": "aks", "location": "westeurope", "properties": )" +
         properties + "}]}";
}

std::string defender_with_workspace(const std::string& workspace) {
  return R"({"securityProfile": {"defender": {"logAnalyticsWorkspaceResourceId": )" + workspace +
         R"(, "securityMonitoring": {"enabled": true}}}})";
}

// What a Defender fix writes: securityProfile.defender, as the rule's intent has it.
std::vector<Intent> defender_intents() {
  return {Intent::set({"properties", "securityProfile", "defender"},
                      {{"securityMonitoring", {{"enabled", true}}}})};
}

std::vector<std::string> problems(const ArmFile& before, const ArmFile& after,
                                  std::vector<Intent> intents, FixOptions options = {}) {
  return fixed_resource_problems(
      {before.model(), before.cluster(), after.model(), after.cluster(), std::move(intents)},
      options);
}

const std::string kNoProfile = R"({"dnsPrefix": "aks"})";
const std::string kWorkspace =
    "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws";
const std::string kWorkspaceIfSet =
    R"("[if(not(empty(parameters('ws'))), parameters('ws'), null())]")";

}  // namespace

TEST_CASE("fixed-resource check: a workspace that is null under the defaults fails",
          "[fixed-check]") {
  const std::string ws_empty = R"("ws": {"type": "string", "defaultValue": ""})";
  const ArmFile before(arm_template(ws_empty, "2023-01-01", kNoProfile));
  const ArmFile after(
      arm_template(ws_empty, "2023-01-01", defender_with_workspace(kWorkspaceIfSet)));
  CHECK(problems(before, after, defender_intents()) ==
        std::vector<std::string>{
            "Defender is enabled but "
            "properties.securityProfile.defender.logAnalyticsWorkspaceResourceId is null under "
            "the parameter defaults"});

  SECTION("unless the run left the workspace out on purpose") {
    FixOptions options;
    options.no_workspace = true;
    CHECK(problems(before, after, defender_intents(), options).empty());
  }
}

TEST_CASE("fixed-resource check: an empty or missing workspace fails, a deployment's input passes",
          "[fixed-check]") {
  const ArmFile before(arm_template("", "2023-01-01", kNoProfile));
  const std::string prefix =
      "Defender is enabled but "
      "properties.securityProfile.defender.logAnalyticsWorkspaceResourceId ";

  const ArmFile empty(arm_template(R"("ws": {"type": "string", "defaultValue": ""})", "2023-01-01",
                                   defender_with_workspace(R"("[parameters('ws')]")")));
  CHECK(problems(before, empty, defender_intents()) ==
        std::vector<std::string>{prefix + "is an empty string under the parameter defaults"});

  const ArmFile missing(arm_template(
      "", "2023-01-01",
      R"({"securityProfile": {"defender": {"securityMonitoring": {"enabled": true}}}})"));
  CHECK(problems(before, missing, defender_intents()) ==
        std::vector<std::string>{prefix + "is missing"});

  const ArmFile required(arm_template(R"("ws": {"type": "string"})", "2023-01-01",
                                      defender_with_workspace(kWorkspaceIfSet)));
  CHECK(problems(before, required, defender_intents()).empty());

  const ArmFile referenced(
      arm_template("", "2023-01-01", defender_with_workspace(R"("[reference('ws').id]")")));
  CHECK(problems(before, referenced, defender_intents()).empty());

  const ArmFile literal(
      arm_template("", "2023-01-01", defender_with_workspace("\"" + kWorkspace + "\"")));
  CHECK(problems(before, literal, defender_intents()).empty());

  const ArmFile disabled(arm_template(
      "", "2023-01-01",
      R"({"securityProfile": {"defender": {"securityMonitoring": {"enabled": false}}}})"));
  CHECK(problems(before, disabled, defender_intents()).empty());
}

TEST_CASE("fixed-resource check: a property the fix writes that the apiVersion lacks fails",
          "[fixed-check]") {
  // securityProfile.defender arrives in 2022-06-01; the fix wrote it without a raise.
  const ArmFile before(arm_template("", "2021-05-01", R"({"notInTheSchema": true})"));
  const ArmFile after(arm_template(
      "", "2021-05-01",
      R"({"notInTheSchema": true, "securityProfile": {"defender": {"logAnalyticsWorkspaceResourceId": ")" +
          kWorkspace + R"(", "securityMonitoring": {"enabled": true}}}})"));
  // The author's own unknown property is no problem of the fix.
  CHECK(problems(before, after, defender_intents()) ==
        std::vector<std::string>{
            "apiVersion 2021-05-01 does not accept properties.securityProfile",
            "apiVersion 2021-05-01 does not accept properties.securityProfile.defender",
            "apiVersion 2021-05-01 does not accept "
            "properties.securityProfile.defender.logAnalyticsWorkspaceResourceId",
            "apiVersion 2021-05-01 does not accept "
            "properties.securityProfile.defender.securityMonitoring",
            "apiVersion 2021-05-01 does not accept "
            "properties.securityProfile.defender.securityMonitoring.enabled"});

  SECTION("and a raise keeps what the cluster set") {
    const ArmFile raised(arm_template(
        "", "2023-01-01",
        R"({"notInTheSchema": true, "securityProfile": {"defender": {"logAnalyticsWorkspaceResourceId": ")" +
            kWorkspace + R"(", "securityMonitoring": {"enabled": true}}}})"));
    CHECK(problems(before, raised, defender_intents()).empty());
  }
}

TEST_CASE("fixed-resource check: an object the fix writes without a required key fails",
          "[fixed-check]") {
  const ArmFile before(arm_template("", "2023-01-01", kNoProfile));
  const ArmFile after(arm_template(
      "", "2023-01-01",
      R"({"dnsPrefix": "aks", "addonProfiles": {"omsagent": {"config": {"logAnalyticsWorkspaceResourceID": ")" +
          kWorkspace + R"("}}}})"));
  const std::vector<Intent> intents = {
      Intent::set({"properties", "addonProfiles", "omsagent"},
                  {{"config", {{"logAnalyticsWorkspaceResourceID", kWorkspace}}}})};
  CHECK(problems(before, after, intents) ==
        std::vector<std::string>{
            "apiVersion 2023-01-01 requires properties.addonProfiles.omsagent.enabled, which is "
            "missing"});

  SECTION("an object the author had is the author's") {
    CHECK(problems(after, after, intents).empty());
  }
}

namespace {

// A rule that sets `path` to true on every cluster named `target`: a fix the check can catch.
class SettingRule final : public Fixer {
 public:
  SettingRule(PropertyPath path, std::string target)
      : path_(std::move(path)), target_(std::move(target)) {
    info_.name = "Test.SetsAProperty";
    info_.ref = "TEST-0001";
  }
  const RuleInfo& info() const override { return info_; }
  std::string_view resource_type() const override { return kClusterType; }
  std::vector<Finding> check(const ResourceModel& model, const FixOptions&) const override {
    std::vector<Finding> findings;
    for (const auto& cluster : model.deployed(kClusterType)) {
      if (cluster.name != target_ && cluster.label != target_) continue;
      if (!model.at(cluster, path_).is(Shape::Missing)) continue;
      Finding finding;
      finding.rule = &info_;
      finding.resource = cluster;
      finding.message = "the property is not set; fix: set it";
      finding.intents = {Intent::set(path_, true)};
      findings.push_back(std::move(finding));
    }
    return findings;
  }

 private:
  PropertyPath path_;
  std::string target_;
  RuleInfo info_;
};

PipelineOptions options_with(const Fixer& rule) {
  PipelineOptions options;
  options.rules = {&rule};
  return options;
}

const std::string kTwoClusters =
    R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0", "resources": [
    {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2023-01-01",
     "name": "bad", "location": "westeurope", "properties": {"dnsPrefix": "bad"}},
    {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2023-01-01",
     "name": "good", "location": "westeurope", "properties": {"dnsPrefix": "good"}}]})";

const std::string kBicepCluster =
    R"(resource bad 'Microsoft.ContainerService/managedClusters@2023-01-01' = {
  name: 'bad'
  location: 'westeurope'
  properties: {
    dnsPrefix: 'bad'
  }
}
)";

const std::string kUnknownPropertyMessage =
    "the property is not set; after the fix, apiVersion 2023-01-01 does not accept "
    "properties.notInTheSchema: fix it by hand";

}  // namespace

TEST_CASE("fixed-resource check: in ARM, a failing fix is manual and not written",
          "[fixed-check][pipeline]") {
  const SettingRule rule({"properties", "notInTheSchema"}, "bad");
  FileOutcome outcome = process_text(kTwoClusters, options_with(rule));
  REQUIRE_FALSE(outcome.error);
  REQUIRE(outcome.findings.size() == 1);
  CHECK(outcome.findings[0].finding.safety == Safety::Manual);
  CHECK(outcome.findings[0].finding.message == kUnknownPropertyMessage);
  CHECK_FALSE(outcome.findings[0].applied);
  CHECK_FALSE(outcome.changed());
  CHECK(outcome.fixed_text == kTwoClusters);
}

TEST_CASE("fixed-resource check: in ARM, the other clusters' fixes are still written",
          "[fixed-check][pipeline]") {
  const SettingRule bad_rule({"properties", "notInTheSchema"}, "bad");
  const SettingRule good_rule({"properties", "enableRBAC"}, "good");
  PipelineOptions options;
  options.rules = {&bad_rule, &good_rule};
  FileOutcome outcome = process_text(kTwoClusters, options);
  REQUIRE_FALSE(outcome.error);
  REQUIRE(outcome.findings.size() == 2);
  CHECK(outcome.findings[0].finding.safety == Safety::Manual);
  CHECK_FALSE(outcome.findings[0].applied);
  CHECK(outcome.findings[1].finding.safety == Safety::Safe);
  CHECK(outcome.findings[1].applied);
  CHECK_THAT(outcome.fixed_text, Contains("\"enableRBAC\": true"));
  CHECK_THAT(outcome.fixed_text, !Contains("notInTheSchema"));
  // The withheld fix is withheld again on the next run: nothing left to write.
  CHECK_FALSE(process_text(outcome.fixed_text, options).changed());
}

TEST_CASE("fixed-resource check: in Bicep, a failing fix is manual and not written",
          "[fixed-check][pipeline][bicep]") {
  const SettingRule rule({"properties", "notInTheSchema"}, "bad");
  FileOutcome outcome = process_bicep_text(kBicepCluster, options_with(rule));
  REQUIRE_FALSE(outcome.error);
  REQUIRE(outcome.findings.size() == 1);
  CHECK(outcome.findings[0].finding.safety == Safety::Manual);
  CHECK(outcome.findings[0].finding.message == kUnknownPropertyMessage);
  CHECK_FALSE(outcome.changed());
  CHECK(outcome.fixed_text == kBicepCluster);

  SECTION("while a fix the schema accepts is written") {
    const SettingRule good({"properties", "enableRBAC"}, "bad");
    FileOutcome fixed = process_bicep_text(kBicepCluster, options_with(good));
    REQUIRE_FALSE(fixed.error);
    REQUIRE(fixed.findings.size() == 1);
    CHECK(fixed.findings[0].applied);
    CHECK_THAT(fixed.fixed_text, Contains("enableRBAC: true"));
  }
}

TEST_CASE("fixed-resource check: child resources nested in the cluster are not its properties",
          "[fixed-check]") {
  const std::string child_before =
      R"(, "resources": [{"type": "agentPools", "apiVersion": "2024-02-01", "name": "user",
      "properties": {"count": 2}}])";
  const std::string child_after =
      R"(, "resources": [{"type": "agentPools", "apiVersion": "2024-02-01", "name": "user",
      "properties": {"count": 2, "type": "VirtualMachineScaleSets"}}])";
  const ArmFile before(arm_template("", "2024-02-01", kNoProfile + child_before));
  const ArmFile after(
      arm_template("", "2024-02-01", R"({"dnsPrefix": "aks", "enableRBAC": true})" + child_after));
  CHECK(problems(before, after, {Intent::set({"properties", "enableRBAC"}, true)}).empty());
}
