// Intents that address an array element: element keys in a PropertyPath, the model's `at`
// through them, and the merged writing of a Set and a Wrap into one element, in ARM (as JSON
// Patch operations) and Bicep (as the fixed text).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/pipeline.hpp"
#include "bicep/bicep_change_writer.hpp"
#include "bicep/bicep_resource_model.hpp"
#include "json/arm_change_writer.hpp"
#include "json/arm_resource_model.hpp"
#include "model/intent_merge.hpp"

using namespace armfix;

namespace {

constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";

const std::string kArm = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "variables": {"spare": {"name": "spare"}},
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-02-01",
      "name": "aks",
      "properties": {
        "agentPoolProfiles": [
          {"name": "system", "type": "VirtualMachineScaleSets"},
          {"name": "user"},
          "[variables('spare')]"
        ]
      }
    }
  ]
}
)";

const std::string kBicep = R"(var spare = {
  name: 'spare'
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  properties: {
    agentPoolProfiles: [
      {
        name: 'system'
        type: 'VirtualMachineScaleSets'
      }
      {
        name: 'user'
      }
      spare
    ]
  }
}
)";

const PropertyPath kPools = {"properties", "agentPoolProfiles"};

PropertyPath pool(std::size_t index, std::vector<std::string> rest = {}) {
  PropertyPath path = kPools;
  path.push_back(element_key(index));
  path.insert(path.end(), rest.begin(), rest.end());
  return path;
}

std::vector<OwnedIntent> owned(const std::vector<Intent>& intents) {
  std::vector<OwnedIntent> list;
  list.reserve(intents.size());
  for (const auto& intent : intents)
    list.push_back(OwnedIntent{list.size(), &intent});
  return list;
}

}  // namespace

TEST_CASE("element keys: an index in brackets, nothing else", "[intents][elements]") {
  CHECK(element_key(0) == "[0]");
  CHECK(element_key(12) == "[12]");
  CHECK(element_index("[3]") == std::size_t{3});
  CHECK(element_index("[10]") == std::size_t{10});
  CHECK_FALSE(element_index("[]"));
  CHECK_FALSE(element_index("[a]"));
  CHECK_FALSE(element_index("3"));
  CHECK_FALSE(element_index("type"));
  CHECK(dotted(pool(1, {"type"})) == "properties.agentPoolProfiles[1].type");
}

TEST_CASE("element keys: the model reaches an element and below it", "[intents][elements]") {
  auto parsed = Document::parse(kArm);
  REQUIRE(parsed.ok());
  const TemplateView view(parsed.value());
  const ArmResourceModel model(parsed.value(), view);
  const ResourceRef cluster = model.deployed(kClusterType).at(0);
  CHECK(model.at(cluster, pool(0)).is(Shape::Object));
  CHECK(model.literal(model.at(cluster, pool(0, {"type"}))) ==
        nlohmann::json("VirtualMachineScaleSets"));
  CHECK(model.at(cluster, pool(1, {"type"})).is(Shape::Missing));
  CHECK(model.at(cluster, pool(2)).is(Shape::Expression));
  CHECK(model.at(cluster, pool(3)).is(Shape::Missing));
  // An element key on an object, a member key on an array: nothing there.
  CHECK(model.at(cluster, {"properties", "[0]"}).is(Shape::Missing));
  CHECK(model.at(cluster, {"properties", "agentPoolProfiles", "name"}).is(Shape::Missing));
}

TEST_CASE("element keys: ARM writes into the element, never the array", "[intents][elements]") {
  auto parsed = Document::parse(kArm);
  REQUIRE(parsed.ok());
  const TemplateView view(parsed.value());
  const ArmResourceModel model(parsed.value(), view);
  const ResourceRef cluster = model.deployed(kClusterType).at(0);
  const std::vector<Intent> intents = {
      Intent::set(pool(1, {"type"}), "VirtualMachineScaleSets"),
      Intent::wrap(pool(2), {{"type", "VirtualMachineScaleSets"}}, false)};
  ArmChangeWriter writer(model);
  REQUIRE_FALSE(write_merged(model, cluster, owned(intents), writer));
  REQUIRE(writer.operations().size() == 2);
  const PatchOperation& add = writer.operations()[0].operation;
  CHECK(add.kind == PatchOpKind::Add);
  CHECK(add.path.to_string() == "/resources/0/properties/agentPoolProfiles/1/type");
  CHECK(add.value == "VirtualMachineScaleSets");
  const PatchOperation& wrap = writer.operations()[1].operation;
  CHECK(wrap.kind == PatchOpKind::Replace);
  CHECK(wrap.path.to_string() == "/resources/0/properties/agentPoolProfiles/2");
  CHECK(wrap.value ==
        "[union(variables('spare'), createObject('type', 'VirtualMachineScaleSets'))]");
}

TEST_CASE("element keys: an element that is not there is refused", "[intents][elements]") {
  auto parsed = Document::parse(kArm);
  REQUIRE(parsed.ok());
  const TemplateView view(parsed.value());
  const ArmResourceModel model(parsed.value(), view);
  const ResourceRef cluster = model.deployed(kClusterType).at(0);
  SECTION("past the end") {
    const std::vector<Intent> intents = {Intent::set(pool(5, {"type"}), "x")};
    ArmChangeWriter writer(model);
    auto problem = write_merged(model, cluster, owned(intents), writer);
    REQUIRE(problem);
    CHECK(*problem == "properties.agentPoolProfiles[5] is past the end of the array");
  }
  SECTION("below a missing array") {
    const std::vector<Intent> intents = {
        Intent::set({"properties", "windowsProfile", "[0]", "x"}, "y")};
    ArmChangeWriter writer(model);
    auto problem = write_merged(model, cluster, owned(intents), writer);
    REQUIRE(problem);
    CHECK(*problem == "properties.windowsProfile is no array to write an element of");
  }
  SECTION("an element key on an object") {
    const std::vector<Intent> intents = {Intent::set({"properties", "[0]", "x"}, "y")};
    ArmChangeWriter writer(model);
    auto problem = write_merged(model, cluster, owned(intents), writer);
    REQUIRE(problem);
    CHECK(*problem == "properties[0] is an element of no array");
  }
}

TEST_CASE("element keys: Bicep writes into the element, never the array", "[intents][elements]") {
  auto parsed = BicepDocument::parse(kBicep);
  REQUIRE(parsed.ok());
  const BicepResourceModel model(parsed.value());
  const ResourceRef cluster = model.deployed(kClusterType).at(0);
  CHECK(model.at(cluster, pool(2)).is(Shape::Expression));
  const std::vector<Intent> intents = {
      Intent::set(pool(1, {"type"}), "VirtualMachineScaleSets"),
      Intent::wrap(pool(2), {{"type", "VirtualMachineScaleSets"}}, false)};
  BicepChangeWriter writer(model);
  REQUIRE_FALSE(write_merged(model, cluster, owned(intents), writer));
  REQUIRE(writer.changes().size() == 2);
  CHECK(writer.changes()[0].change.target == model.at(cluster, pool(1)).node);
  CHECK(writer.changes()[1].change.target == model.at(cluster, pool(2)).node);
}
