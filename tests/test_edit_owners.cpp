// Edits stay attached to their findings: with several rules fixing one cluster, each edit
// names the findings it fixes, and one edit merged from several rules' fixes names them all.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/pipeline.hpp"

using namespace armfix;

namespace {

// The rule names of the findings an edit fixes.
std::vector<std::string> rules_of(const FileOutcome& outcome, std::size_t edit) {
  std::vector<std::string> names;
  for (std::size_t finding : outcome.edit_findings.at(edit))
    names.push_back(outcome.findings.at(finding).finding.rule->name);
  std::sort(names.begin(), names.end());
  return names;
}

const std::string kArmApart = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-02-01",
      "name": "aks",
      "properties": {
        "securityProfile": {
          "defender": {"logAnalyticsWorkspaceResourceId": "/ws/law"}
        },
        "addonProfiles": {
          "omsagent": {"enabled": false}
        },
        "autoUpgradeProfile": {
          "nodeOSUpgradeChannel": "NodeImage"
        }
      }
    }
  ]
}
)";

const std::string kBicepApart =
    R"(resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  properties: {
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: '/ws/law'
      }
    }
    addonProfiles: {
      omsagent: {
        enabled: false
      }
    }
    autoUpgradeProfile: {
      nodeOSUpgradeChannel: 'NodeImage'
    }
  }
}
)";

// The three rules these cases are written for, whatever else is registered.
PipelineOptions three_rules() {
  PipelineOptions options;
  for (const char* rule :
       {"Azure.AKS.DefenderProfile", "Azure.AKS.AzurePolicyAddOn", "Azure.AKS.AutoUpgrade"})
    options.rules.push_back(find_fixer(rule));
  return options;
}

}  // namespace

TEST_CASE("edit owners: three rules' edits in three places each name their own finding",
          "[pipeline][edits]") {
  for (const FileOutcome& outcome :
       {process_text(kArmApart, three_rules()), process_bicep_text(kBicepApart, three_rules())}) {
    REQUIRE_FALSE(outcome.error);
    REQUIRE(outcome.findings.size() == 3);
    REQUIRE(outcome.edits.size() == 3);
    REQUIRE(outcome.edit_findings.size() == 3);
    // In file order: Defender's securityMonitoring, the add-on, the upgrade channel.
    CHECK(rules_of(outcome, 0) == std::vector<std::string>{"Azure.AKS.DefenderProfile"});
    CHECK(rules_of(outcome, 1) == std::vector<std::string>{"Azure.AKS.AzurePolicyAddOn"});
    CHECK(rules_of(outcome, 2) == std::vector<std::string>{"Azure.AKS.AutoUpgrade"});
  }
}

TEST_CASE("edit owners: one object added for three rules names all three", "[pipeline][edits]") {
  const std::string arm = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-02-01", "name": "aks"}
  ]
}
)";
  const std::string bicep =
      "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n"
      "  name: 'aks'\n}\n";
  PipelineOptions options = three_rules();
  options.fix.no_workspace = true;  // no parameter added elsewhere in the file
  for (const FileOutcome& outcome :
       {process_text(arm, options), process_bicep_text(bicep, options)}) {
    REQUIRE_FALSE(outcome.error);
    REQUIRE(outcome.edits.size() == 1);
    CHECK(rules_of(outcome, 0) == std::vector<std::string>{"Azure.AKS.AutoUpgrade",
                                                           "Azure.AKS.AzurePolicyAddOn",
                                                           "Azure.AKS.DefenderProfile"});
  }
}
