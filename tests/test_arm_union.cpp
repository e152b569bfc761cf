// What a union() expression forces: the value armfix's own wraps (and wraps merged from
// several rules) guarantee, read through every argument, the last that says anything winning.
#include "json/arm_union.hpp"

#include <catch2/catch.hpp>

using armfix::arm_union_forced;
using armfix::create_object_argument;
using armfix::extend_union_wrap;
using armfix::PropertyPath;

TEST_CASE("arm union: the last argument that sets a path forces it", "[arm][union]") {
  const PropertyPath enabled{"defender", "securityMonitoring", "enabled"};
  const std::string wrap =
      "[union(parameters('profile'), createObject('defender', createObject('securityMonitoring', "
      "createObject('enabled', true()))))]";
  CHECK(arm_union_forced(wrap, enabled) == nlohmann::json(true));
  // Keys ignore case; a later argument that does not mention the path leaves it as it was.
  CHECK(arm_union_forced("[union(createObject('Defender', createObject('SecurityMonitoring', "
                         "createObject('Enabled', true()))), createObject('other', 1))]",
                         enabled) == nlohmann::json(true));
  // json() literals are read too.
  CHECK(arm_union_forced(
            "[union(variables('x'), json('{\"defender\":{\"securityMonitoring\":{\"enabled\":"
            "false}}}'))]",
            enabled) == nlohmann::json(false));
}

TEST_CASE("arm union: what may come after the forcing argument unforces it", "[arm][union]") {
  const PropertyPath path{"a"};
  // An expression after the forcing argument could set the path to anything.
  CHECK_FALSE(arm_union_forced("[union(createObject('a', true()), parameters('p'))]", path));
  // Not a union(), not an expression, a path no argument sets.
  CHECK_FALSE(arm_union_forced("[createObject('a', true())]", path));
  CHECK_FALSE(arm_union_forced("union(createObject('a', true()))", path));
  CHECK_FALSE(arm_union_forced("[union(createObject('b', true()))]", path));
}

TEST_CASE("arm union: an argument the reader cannot follow is opaque, not fatal", "[arm][union]") {
  // A malformed expression before the forcing argument: the wrap still forces the path.
  CHECK(arm_union_forced("[union(if(p`rameters('x'), 1, null()), createObject('a', 'on'))]",
                         {"a"}) == nlohmann::json("on"));
  // A quote out of place in an early argument: the arguments after it are read from the end.
  CHECK(arm_union_forced("[union(if(x, createObject('b'c', 1), null()), createObject('a', 2))]",
                         {"a"}) == nlohmann::json(2));
  CHECK_FALSE(arm_union_forced(
      "[union(createObject('a', 2), if(x, createObject('b'c', 1), null()))]", {"a"}));
  // Text that is no call at all cannot be read.
  CHECK_FALSE(arm_union_forced("[union(createObject('a', true())]", {"a"}));
}

TEST_CASE("arm union: objects are written as nested createObject() calls", "[arm][union]") {
  nlohmann::ordered_json value = {{"azurepolicy", {{"enabled", true}}}, {"name", "it's"}};
  CHECK(create_object_argument(value) ==
        "createObject('azurepolicy', createObject('enabled', true()), 'name', 'it''s')");
  CHECK(create_object_argument(nlohmann::ordered_json::object()) == "createObject()");
}

TEST_CASE("arm union: a variable argument is read through the resolver", "[arm][union]") {
  const armfix::ReferenceResolver resolver = [](const std::string& reference) {
    if (reference == "[variables('addOns')]") {
      return std::optional<nlohmann::json>(nlohmann::json::parse(
          R"({"httpApplicationRouting": {"enabled": true}, "dns": "[parameters('zone')]"})"));
    }
    return std::optional<nlohmann::json>();
  };
  const std::string wrapped =
      "[union(variables('addOns'), createObject('azurepolicy', createObject('enabled', true())))]";
  const PropertyPath routing{"httpApplicationRouting", "enabled"};
  // Without the resolver the variable may set anything; with it, it sets the path.
  CHECK_FALSE(arm_union_forced(wrapped, routing));
  CHECK(arm_union_forced(wrapped, routing, &resolver) == nlohmann::json(true));
  // A path neither argument sets is left as before: not forced.
  CHECK_FALSE(arm_union_forced(wrapped, {"omsagent", "enabled"}, &resolver));
  // A later argument still wins over the variable.
  CHECK(arm_union_forced("[union(variables('addOns'), createObject('httpApplicationRouting', "
                         "createObject('enabled', false())))]",
                         routing, &resolver) == nlohmann::json(false));
  // An unknown reference stays unknown.
  CHECK_FALSE(arm_union_forced("[union(variables('other'), createObject('a', true()))]", routing,
                               &resolver));
}

TEST_CASE("arm union: a wrap of armfix's own wrap adds to its last argument", "[arm][union]") {
  const nlohmann::ordered_json forced = {
      {"autoUpgradeProfile", {{"nodeOSUpgradeChannel", "NodeImage"}}}};
  // Objects merge deeply, keys matched ignoring case, the first spelling kept.
  CHECK(extend_union_wrap("[union(variables('p'), createObject('AutoUpgradeProfile', "
                          "createObject('upgradeChannel', 'stable')))]",
                          forced) ==
        "[union(variables('p'), createObject('AutoUpgradeProfile', createObject('upgradeChannel', "
        "'stable', 'nodeOSUpgradeChannel', 'NodeImage')))]");
  // A value that is no object is replaced; quotes and a leading bracket keep their escapes.
  CHECK(extend_union_wrap("[union(coalesce(parameters('a'), createObject()), createObject('x', "
                          "'it''s', 'y', '[literal'))]",
                          {{"x", false}}) ==
        "[union(coalesce(parameters('a'), createObject()), createObject('x', false(), 'y', "
        "'[literal'))]");
  // Anything but literals in the last argument, or no union() at all: wrapped again instead.
  CHECK_FALSE(
      extend_union_wrap("[union(variables('p'), createObject('a', parameters('b')))]", forced));
  CHECK_FALSE(extend_union_wrap("[union(variables('p'), variables('q'))]", forced));
  CHECK_FALSE(extend_union_wrap("[variables('p')]", forced));
  CHECK_FALSE(extend_union_wrap("[union(variables('p'))]", forced));
  CHECK_FALSE(extend_union_wrap("[union(variables('p'), createObject('a', 1)).b]", forced));
}

TEST_CASE("arm union: a coalesce() wrap of a reference is read through the resolver",
          "[arm][union]") {
  const armfix::ReferenceResolver resolver = [](const std::string& reference) {
    if (reference == "[parameters('addons')]")
      return std::optional<nlohmann::json>(
          nlohmann::json::parse(R"({"azurepolicy": {"enabled": true}})"));
    if (reference == "[parameters('none')]") return std::optional<nlohmann::json>(nullptr);
    return std::optional<nlohmann::json>();
  };
  const PropertyPath policy{"azurepolicy", "enabled"};
  CHECK(arm_union_forced("[union(coalesce(parameters('addons'), createObject()), createObject("
                         "'omsagent', createObject('enabled', true())))]",
                         policy, &resolver) == nlohmann::json(true));
  // A null value coalesces to an empty object: it sets nothing.
  CHECK_FALSE(
      arm_union_forced("[union(coalesce(parameters('none'), createObject()), "
                       "createObject('omsagent', createObject('enabled', true())))]",
                       policy, &resolver));
}
