// ResourceModel::extensions_of: the extension resources a file ties to a resource, by scope, by
// nesting and in the child form, in ARM (both languageVersions) and Bicep.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bicep/bicep_resource_model.hpp"
#include "json/arm_resource_model.hpp"

using namespace armfix;

namespace {

constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";
constexpr const char* kSettings = "Microsoft.Insights/diagnosticSettings";

std::vector<std::string> names(const std::vector<ResourceRef>& refs) {
  std::vector<std::string> out;
  out.reserve(refs.size());
  for (const auto& ref : refs)
    out.push_back(ref.name);
  return out;
}

std::vector<std::string> arm_extensions(const std::string& text, std::size_t cluster = 0) {
  auto parsed = Document::parse(text);
  REQUIRE(parsed.ok());
  const TemplateView view(parsed.value());
  const ArmResourceModel model(parsed.value(), view);
  return names(model.extensions_of(model.deployed(kClusterType).at(cluster), kSettings));
}

std::vector<std::string> bicep_extensions(const std::string& text) {
  auto parsed = BicepDocument::parse(text);
  REQUIRE(parsed.ok());
  const BicepResourceModel model(parsed.value());
  return names(model.extensions_of(model.deployed(kClusterType).at(0), kSettings));
}

std::string arm_template(const std::string& parameters, const std::string& resources) {
  return R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": )" +
         parameters + R"(,
  "resources": [)" +
         resources + "]\n}\n";
}

const std::string kCluster = R"(
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-02-01",
      "name": "[parameters('clusterName')]",
      "resources": [
        {"type": "providers/diagnosticSettings", "apiVersion": "2021-05-01-preview",
         "name": "Microsoft.Insights/nested"},
        {"type": "agentPools", "apiVersion": "2024-02-01", "name": "pool"}
      ]
    })";

const std::string kSettingsOfAll = R"(,
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "by-format",
     "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', parameters('clusterName'))]"},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "by-resource-id",
     "scope": "[resourceId('Microsoft.ContainerService/managedClusters', parameters( 'clusterName' ))]"},
    {"type": "Microsoft.ContainerService/managedClusters/providers/diagnosticSettings",
     "apiVersion": "2021-05-01-preview",
     "name": "[concat(parameters('clusterName'), '/Microsoft.Insights/by-concat')]"},
    {"type": "Microsoft.ContainerService/managedClusters/providers/diagnosticSettings",
     "apiVersion": "2021-05-01-preview",
     "name": "[format('{0}/Microsoft.Insights/{1}', parameters('clusterName'), 'by-child-format')]"},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "of-a-vault", "scope": "[format('Microsoft.KeyVault/vaults/{0}', 'kv')]"},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "of-another-cluster",
     "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', 'other')]"},
    {"type": "Microsoft.ContainerService/managedClusters/providers/diagnosticSettings",
     "apiVersion": "2021-05-01-preview", "name": "other/Microsoft.Insights/child-of-another"},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "unscoped"})";

}  // namespace

TEST_CASE("extensions_of: ARM scopes, nesting and child names tied by value",
          "[model][extensions]") {
  const std::string text = arm_template(
      R"({"clusterName": {"type": "string", "defaultValue": "aks"}})", kCluster + kSettingsOfAll);
  const std::string by_concat =
      "[concat(parameters('clusterName'), '/Microsoft.Insights/by-concat')]";
  const std::string by_child_format =
      "[format('{0}/Microsoft.Insights/{1}', parameters('clusterName'), 'by-child-format')]";
  CHECK(arm_extensions(text) == std::vector<std::string>{"Microsoft.Insights/nested", "by-format",
                                                         "by-resource-id", by_concat,
                                                         by_child_format});
}

TEST_CASE("extensions_of: ARM names without a default tied as written", "[model][extensions]") {
  const std::string text =
      arm_template(R"({"clusterName": {"type": "string"}})", kCluster + kSettingsOfAll);
  // The same spelling of the name in the same template ties them; a literal other name cannot
  // be compared with a name known only at deployment.
  CHECK(arm_extensions(text).size() == 5);
}

TEST_CASE("extensions_of: ARM literal IDs and the name a variable gives", "[model][extensions]") {
  const std::string text = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "variables": {"name": "aks"},
  "resources": [
    {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-02-01",
     "name": "aks"},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "relative", "scope": "Microsoft.ContainerService/managedClusters/aks"},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
     "name": "by-variable",
     "scope": "[resourceId('Microsoft.ContainerService/managedClusters', variables('name'))]"},
    {"type": "Microsoft.ContainerService/managedClusters/providers/diagnosticSettings",
     "apiVersion": "2021-05-01-preview", "name": "AKS/microsoft.insights/literal-child"},
    {"type": "Microsoft.ContainerService/managedClusters/providers/diagnosticSettings",
     "apiVersion": "2021-05-01-preview", "name": "aks/Microsoft.Storage/not-insights"}
  ]
}
)";
  CHECK(arm_extensions(text) == std::vector<std::string>{"relative", "by-variable",
                                                         "AKS/microsoft.insights/literal-child"});
}

TEST_CASE("extensions_of: languageVersion 2.0 scopes by symbolic name", "[model][extensions]") {
  const std::string text = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "languageVersion": "2.0",
  "contentVersion": "1.0.0.0",
  "resources": {
    "aks": {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-02-01",
            "name": "cluster"},
    "kv": {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "vault"},
    "diag": {"type": "Microsoft.Insights/diagnosticSettings",
             "apiVersion": "2021-05-01-preview", "name": "diag", "scope": "aks"},
    "vaultDiag": {"type": "Microsoft.Insights/diagnosticSettings",
                  "apiVersion": "2021-05-01-preview", "name": "vault-diag", "scope": "kv"}
  }
}
)";
  CHECK(arm_extensions(text) == std::vector<std::string>{"diag"});
}

TEST_CASE("extensions_of: Bicep scopes by symbol and nested declarations", "[model][extensions]") {
  const std::string text =
      R"(resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: 'westeurope'

  resource nested 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
    name: 'nested'
  }

  resource child 'providers/diagnosticSettings@2021-05-01-preview' = {
    name: 'Microsoft.Insights/child'
  }
}

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv'
}

resource scoped 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'scoped'
  scope: aks
}

resource vaultDiag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'vault'
  scope: kv
}

resource looped 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [for i in range(0, 2): {
  name: 'looped${i}'
  scope: (aks)
}]
)";
  CHECK(bicep_extensions(text) == std::vector<std::string>{"nested", "child", "scoped", "looped"});
}
