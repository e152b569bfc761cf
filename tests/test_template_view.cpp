// The template view: which clusters a template deploys and which template's parameters their
// expressions see.
#include <catch2/catch.hpp>

#include "armfix/template_view.hpp"

using namespace armfix;

namespace {

constexpr const char* kCluster = "Microsoft.ContainerService/managedClusters";

Document parse(const std::string& text) {
  auto parsed = Document::parse(text);
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

}  // namespace

TEST_CASE("template view: resources array, child resources and type casing", "[template_view]") {
  Document doc = parse(R"({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "resources": [
      {"type": "Microsoft.ContainerService/ManagedClusters", "name": "a", "apiVersion": "2024-01-01",
       "resources": [{"type": "agentPools", "name": "pool"}]},
      {"type": "[parameters('type')]", "name": "dynamic"},
      {"type": "Microsoft.Network/virtualNetworks", "name": "vnet",
       "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "child"}]}
    ]
  })");
  TemplateView view(doc);
  auto clusters = view.deployed(kCluster);
  REQUIRE(clusters.size() == 2);
  CHECK(clusters[0]->display_name == "a");
  CHECK(clusters[1]->display_name == "child");
  CHECK(clusters[1]->parent_resource != kNoNode);
  bool found_pool = false;
  for (const auto& r : view.resources()) {
    if (r.type == "Microsoft.ContainerService/ManagedClusters/agentPools") found_pool = true;
    CHECK(r.display_name != "dynamic");  // a non-literal type is not a resource the view knows
  }
  CHECK(found_pool);
}

TEST_CASE("template view: languageVersion 2.0 symbolic resources and existing references",
          "[template_view]") {
  Document doc = parse(R"({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "languageVersion": "2.0",
    "contentVersion": "1.0.0.0",
    "resources": {
      "old": {"existing": true, "type": "Microsoft.ContainerService/managedClusters", "name": "x"},
      "aks": {"type": "Microsoft.ContainerService/managedClusters", "name": "[parameters('n')]"}
    }
  })");
  TemplateView view(doc);
  REQUIRE(view.scopes().size() == 1);
  CHECK(view.scopes()[0].symbolic);
  auto clusters = view.deployed(kCluster);
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0]->symbolic_name == "aks");
  CHECK(clusters[0]->display_name == "[parameters('n')]");
  CHECK(doc.pointer_to(clusters[0]->node).to_string() == "/resources/aks");
}

TEST_CASE("template view: nested deployments with inner and outer scope", "[template_view]") {
  Document doc = parse(R"({
    "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "resources": [
      {"type": "Microsoft.Resources/deployments", "name": "outer",
       "properties": {"template": {"resources": [
         {"type": "Microsoft.Resources/deployments", "name": "inner",
          "properties": {"expressionEvaluationOptions": {"scope": "Inner"},
                         "template": {"resources": [
            {"type": "Microsoft.ContainerService/managedClusters", "name": "deep"}]}}}]}}},
      {"type": "Microsoft.Resources/deployments", "name": "linked",
       "properties": {"templateLink": {"uri": "https://example.com/t.json"}}}
    ]
  })");
  TemplateView view(doc);
  const auto& scopes = view.scopes();
  REQUIRE(scopes.size() == 3);
  CHECK_FALSE(scopes[1].inner);
  CHECK(scopes[1].expression_scope == 0);  // outer: sees the top-level template
  CHECK(scopes[2].inner);
  CHECK(scopes[2].expression_scope == 2);  // inner: sees its own parameters
  CHECK(scopes[2].parent == 1);
  auto clusters = view.deployed(kCluster);
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0]->scope == 2);
}

TEST_CASE("template view: deployment templates are told from other JSON", "[template_view]") {
  auto is_template = [](const std::string& text) { return is_deployment_template(parse(text)); };
  CHECK(is_template(
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"})"));
  CHECK(is_template(
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"})"));
  CHECK(is_template(
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#"})"));
  CHECK(is_template(
      R"({"$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"})"));
  CHECK(is_template(R"({"contentVersion": "1.0.0.0", "resources": []})"));
  CHECK_FALSE(is_template(
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {}})"));
  CHECK_FALSE(is_template(R"({"properties": {"policyRule": {}, "template": {"resources": []}}})"));
  CHECK_FALSE(is_template(R"({"resources": []})"));
  CHECK_FALSE(is_template(R"([1, 2])"));
}
