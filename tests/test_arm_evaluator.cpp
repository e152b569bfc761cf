// The three-valued evaluator of ARM expressions (src/json/arm_evaluator.hpp): documented ARM
// results for each function, unknowns with their reasons, scopes of nested deployments, and
// hostile input that must neither hang nor overflow the stack.
#include "json/arm_evaluator.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "json/arm_functions.hpp"

using armfix::EmptyScope;
using armfix::evaluate_arm_string;
using armfix::evaluate_arm_value;
using armfix::Evaluated;
using armfix::TemplateExpressionScope;
using nlohmann::json;

namespace {

// Evaluates `text` against a template whose JSON is `template_text`.
Evaluated eval(const std::string& text, const std::string& template_text = "{}") {
  const json template_json = json::parse(template_text);
  const TemplateExpressionScope scope(template_json);
  return evaluate_arm_string(text, scope);
}

json known(const std::string& text, const std::string& template_text = "{}") {
  Evaluated result = eval(text, template_text);
  INFO(text << " -> unknown: " << result.unknown_reason);
  REQUIRE(result.known());
  return *result.value;
}

std::string reason(const std::string& text, const std::string& template_text = "{}") {
  Evaluated result = eval(text, template_text);
  INFO(text << " -> known: " << (result.known() ? result.value->dump() : ""));
  REQUIRE_FALSE(result.known());
  return result.unknown_reason;
}

// A scope whose every lookup fails, as a caller's own ArmScope might.
class ThrowingScope final : public armfix::ArmScope {
 public:
  Evaluated parameter(std::string_view /*name*/) const override {
    throw std::runtime_error("scope failed");
  }
  Evaluated variable(std::string_view /*name*/) const override {
    throw std::runtime_error("scope failed");
  }
};

}  // namespace

TEST_CASE("evaluator: literals, escapes and conversions", "[evaluator]") {
  CHECK(known("plain") == "plain");
  // Documented: "[[test value]" is the literal "[test value]"; only strings that also end
  // with ']' are expressions or escapes.
  CHECK(known("[[literal]") == "[literal]");
  CHECK(known("[[not closed") == "[[not closed");
  CHECK(known(" [not an expression]") == " [not an expression]");
  CHECK(known("['it''s']") == "it's");
  CHECK(known("[ -5 ]") == -5);
  CHECK(known("[42]") == 42);
  // bool(): documented outputs bool('true') true, bool('false') false, bool(1) true,
  // bool(0) false; "true" in any case is true.
  CHECK(known("[bool('true')]") == true);
  CHECK(known("[bool('trUe')]") == true);
  CHECK(known("[bool('false')]") == false);
  CHECK(known("[bool(1)]") == true);
  CHECK(known("[bool(-1)]") == true);
  CHECK(known("[bool(0)]") == false);
  // int(): documented int('4') is 4.
  CHECK(known("[int('4')]") == 4);
  CHECK(known("[int(-7)]") == -7);
  CHECK(reason("[int('four')]") == "invalid call: int() cannot convert 'four' to an integer");
  CHECK(reason("[int(true())]") == "invalid call: int() cannot convert a boolean");
  // string(): documented objects as compact JSON, integers as digits; booleans as .NET
  // writes them (ARM's string(true()) is "True": Azure/PSRule.Rules.Azure issue #793).
  CHECK(known("[string(createObject('valueA', 10))]") == "{\"valueA\":10}");
  CHECK(known("[string(createArray('a', 'b', 'c'))]") == "[\"a\",\"b\",\"c\"]");
  CHECK(known("[string(5)]") == "5");
  CHECK(known("[string(true())]") == "True");
  // An object of several properties: nlohmann does not keep ARM's order of them.
  CHECK(reason("[string(createObject('b', 1, 'a', 2))]") ==
        "string() of an object with several properties is not evaluated");
  // json(): documented json('true') is true, json('null') is null.
  CHECK(known("[json('true')]") == true);
  CHECK(known("[json('null')]") == nullptr);
  CHECK(known("[json('{\"a\": [1, 2]}')]") == json::parse(R"({"a": [1, 2]})"));
  CHECK(reason("[json('{a')]") == "json() of text that is not strict JSON is not evaluated");
  // Integers past the signed 64-bit range would wrap in string(), comparisons and indexes.
  CHECK(known("[json('9223372036854775807')]") == 9223372036854775807);
  CHECK(reason("[string(json('9223372036854775808'))]") ==
        "an integer beyond 64 bits is not evaluated");
  CHECK(reason("[less(json('[18446744073709551615]')[0], 0)]") ==
        "an integer beyond 64 bits is not evaluated");
  CHECK(known("[true()]") == true);
  CHECK(known("[false()]") == false);
  CHECK(known("[null()]") == nullptr);
}

TEST_CASE("evaluator: function names and property names ignore case", "[evaluator]") {
  CHECK(known("[ToLower('ABC')]") == "abc");
  CHECK(known("[createObject('Name', 'x').name]") == "x");
  CHECK(known("[createObject('Name', 'x')['NAME']]") == "x");
  CHECK(known("[createArray(1, 2, 3)[2]]") == 3);
  CHECK(known("[json('{\"a\":{\"b\":[10,20]}}').a.b[1]]") == 20);
}

TEST_CASE("evaluator: if() takes one branch, and agreeing branches decide it", "[evaluator]") {
  const std::string on = R"({"parameters": {"on": {"type": "bool", "defaultValue": true}}})";
  CHECK(known("[if(parameters('on'), true(), false())]", on) == true);
  // Documented: if(equals('a', 'a'), 'yes', 'no') is 'yes'.
  CHECK(known("[if(equals('a', 'a'), 'yes', 'no')]") == "yes");
  CHECK(known("[if(false(), 'yes', 'no')]") == "no");
  const std::string workspace =
      R"({"parameters": {"workspaceId": {"type": "string", "defaultValue": ""}}})";
  CHECK(known("[if(not(empty(parameters('workspaceId'))), parameters('workspaceId'), null())]",
              workspace) == nullptr);
  // Lazy: the branch not taken may be unknown, or even invalid.
  CHECK(known("[if(true(), 1, resourceGroup().location)]") == 1);
  CHECK(known("[if(false(), createArray()[3], 'ok')]") == "ok");
  // An unknown condition: unknown with its reason, unless both branches agree.
  CHECK(reason("[if(equals(resourceGroup().location, 'x'), 1, 2)]") ==
        "resourceGroup() is known only at deployment");
  CHECK(known("[if(equals(resourceGroup().location, 'x'), 'same', 'same')]") == "same");
  const Evaluated names = eval("[if(equals(resourceGroup().location, 'x'), 'a', 'b')]");
  CHECK_FALSE(names.known());
  CHECK(names.non_empty_string);
  CHECK(reason("[if(1, 2, 3)]") == "invalid call: if() takes a boolean condition");
}

TEST_CASE("evaluator: equals(), not(), and(), or() are three-valued", "[evaluator]") {
  // Documented: equals(1, 1), equals('a', 'a'), equals of equal arrays and objects are true.
  CHECK(known("[equals(1, 1)]") == true);
  CHECK(known("[equals('a', 'A')]") == false);
  CHECK(known("[equals(createArray('a', 'b'), createArray('a', 'b'))]") == true);
  CHECK(known("[equals(createObject('a', createArray(1)), json('{\"a\":[1]}'))]") == true);
  CHECK(known("[equals(createArray(1, 2), createArray(2, 1))]") == false);
  CHECK(reason("[equals(resourceGroup().name, 'x')]") ==
        "resourceGroup() is known only at deployment");
  // A resource ID is never empty, so it differs from ''.
  CHECK(known("[equals(resourceId('Microsoft.Web/sites', 'x'), '')]") == false);
  // Documented: and(bool('true'), bool('false')) false, or(...) true, not(bool('true')) false.
  CHECK(known("[and(bool('true'), bool('false'))]") == false);
  CHECK(known("[or(bool('true'), bool('false'))]") == true);
  CHECK(known("[not(bool('true'))]") == false);
  CHECK(known("[and(true(), true(), true())]") == true);
  CHECK(known("[or(false(), false(), false())]") == false);
  CHECK(known("[and(false(), equals(resourceGroup().location, 'x'))]") == false);
  CHECK(known("[and(equals(subscription().id, 'x'), false())]") == false);
  CHECK(known("[or(true(), equals(resourceGroup().location, 'x'))]") == true);
  CHECK(reason("[and(true(), equals(resourceGroup().location, 'x'))]") ==
        "resourceGroup() is known only at deployment");
  CHECK(reason("[or(false(), equals(tenant().tenantId, 'x'))]") ==
        "tenant() is known only at deployment");
  CHECK(reason("[not(equals(deployment().name, 'x'))]") ==
        "deployment() is known only at deployment");
  CHECK(reason("[and(true())]") == "invalid call: and() takes at least 2 arguments, not 1");
  CHECK(reason("[or(true(), 'yes')]") == "invalid call: or() takes booleans");
}

TEST_CASE("evaluator: empty() and coalesce()", "[evaluator]") {
  // Documented: empty of an empty array, object and string is true.
  CHECK(known("[empty(createArray())]") == true);
  CHECK(known("[empty(createObject())]") == true);
  CHECK(known("[empty('')]") == true);
  CHECK(known("[empty(null())]") == true);
  CHECK(known("[empty(' ')]") == false);
  CHECK(known("[empty(createArray(null()))]") == false);
  CHECK(known("[empty(uniqueString(resourceGroup().id))]") == false);
  CHECK(reason("[empty(reference('x').id)]") == "reference() is known only at deployment");
  CHECK(reason("[empty(1)]") == "invalid call: empty() cannot test a integer");
  // Documented: coalesce(null1, null2, 'default') is 'default'; empty values are not null.
  CHECK(known("[coalesce(null(), null(), 'default')]") == "default");
  CHECK(known("[coalesce(null(), '', 'default')]") == "");
  CHECK(known("[coalesce(null(), null())]") == nullptr);
  CHECK(known("[coalesce('first', resourceGroup().location)]") == "first");
  CHECK(reason("[coalesce(null(), resourceGroup().location, 'later')]") ==
        "resourceGroup() is known only at deployment");
  const Evaluated id = eval("[coalesce(null(), resourceId('a/b', 'c'), '')]");
  CHECK_FALSE(id.known());
  CHECK(id.non_empty_string);
}

TEST_CASE("evaluator: contains(), length(), first(), last()", "[evaluator]") {
  // Documented: contains('OneTwoThree', 'e') true, 'z' false; object keys 'one' true;
  // arrays 'three' true, 'four' false.
  CHECK(known("[contains('OneTwoThree', 'e')]") == true);
  CHECK(known("[contains('OneTwoThree', 'z')]") == false);
  CHECK(known("[contains('OneTwoThree', 'one')]") == false);  // substrings are case-sensitive
  CHECK(known("[contains(createObject('one', 'a', 'two', 'b'), 'ONE')]") == true);
  CHECK(known("[contains(createObject('one', 'a'), 'a')]") == false);
  CHECK(known("[contains(createArray('one', 'two', 'three'), 'three')]") == true);
  CHECK(known("[contains(createArray('one', 'two', 'three'), 'four')]") == false);
  CHECK(known("[contains(createArray(), resourceGroup().location)]") == false);
  CHECK(reason("[contains(createArray('a'), resourceGroup().location)]") ==
        "resourceGroup() is known only at deployment");
  // Documented: length of ['a','b','c'] is 3, of 'One Two Three' 13, of an object its
  // root properties.
  CHECK(known("[length(createArray('a', 'b', 'c'))]") == 3);
  CHECK(known("[length('One Two Three')]") == 13);
  CHECK(known("[length(createObject('a', 1, 'b', createObject('c', 2)))]") == 2);
  CHECK(known("[length('\xc3\xa9t\xc3\xa9')]") == 3);  // UTF-16 units, not bytes
  // Documented: first(['one','two','three']) 'one', first('One Two Three') 'O'; last gives
  // 'three' and 'e'.
  CHECK(known("[first(createArray('one', 'two', 'three'))]") == "one");
  CHECK(known("[first('One Two Three')]") == "O");
  CHECK(known("[last(createArray('one', 'two', 'three'))]") == "three");
  CHECK(known("[last('One Two Three')]") == "e");
  CHECK(reason("[first(createArray())]") == "first() of an empty array is not evaluated");
  CHECK(reason("[last('')]") == "last() of an empty string is not evaluated");
}

TEST_CASE("evaluator: union(), createObject(), createArray(), concat()", "[evaluator]") {
  // Documented: union of objects, the later value winning; of arrays without duplicates.
  CHECK(known("[union(createObject('one', 'a', 'two', 'b', 'three', 'c1'), "
              "createObject('three', 'c2', 'four', 'd', 'five', 'e'))]") ==
        json::parse(R"({"one":"a","two":"b","three":"c2","four":"d","five":"e"})"));
  CHECK(known("[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]") ==
        json::parse(R"(["one","two","three","four"])"));
  // Documented deep merge: nested objects merge, nested arrays are replaced.
  CHECK(
      known("[union(json('{\"property\":{\"one\":\"a\",\"three\":\"c1\"},\"nestedArray\":[1,2]}'),"
            " json('{\"property\":{\"three\":\"c2\",\"four\":\"d\"},\"nestedArray\":[3,4]}'))]") ==
      json::parse(R"({"property":{"one":"a","three":"c2","four":"d"},"nestedArray":[3,4]})"));
  CHECK(known("[union(createObject('Key', 1), createObject('key', 2))]") == json({{"Key", 2}}));
  CHECK(reason("[union(createObject(), createArray())]") ==
        "invalid call: union() takes only objects or only arrays");
  CHECK(known("[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true())]") ==
        json({{"intProp", 1}, {"stringProp", "abc"}, {"boolProp", true}}));
  CHECK(known("[createArray(1, 'two', createArray(3))]") == json::parse(R"([1,"two",[3]])"));
  CHECK(reason("[createObject('a', resourceGroup().location)]") ==
        "resourceGroup() is known only at deployment");
  // Documented: concat('prefix', '-', uniqueString(...)) and concat of arrays.
  CHECK(known("[concat('prefix', '-', 'suffix')]") == "prefix-suffix");
  CHECK(known("[concat('vm', 1)]") == "vm1");
  CHECK(known("[concat(createArray('1-1', '1-2'), createArray('2-1'))]") ==
        json::parse(R"(["1-1","1-2","2-1"])"));
  const Evaluated name = eval("[concat('prefix-', resourceGroup().name)]");
  CHECK_FALSE(name.known());
  CHECK(name.non_empty_string);
  CHECK(name.unknown_reason == "resourceGroup() is known only at deployment");
  CHECK_FALSE(eval("[concat('', resourceGroup().name)]").non_empty_string);
}

TEST_CASE("evaluator: format() and the case of strings", "[evaluator]") {
  // Documented: format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133) is
  // "Hello, User. Formatted number: 8,175,133"; N0 is a specifier armfix leaves unknown.
  CHECK(reason("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]") ==
        "format specifier ':N0' is not evaluated");
  CHECK(known("[format('{0}, {1}.', 'Hello', 'User')]") == "Hello, User.");
  CHECK(known("[format('{{{0}}}', 'x')]") == "{x}");
  CHECK(known("[format('{0:D3}-{0:x}-{1,3}|{1,-3}|', 10, 'a')]") == "010-a-  a|a  |");
  CHECK(known("[format('{1}', resourceGroup().location, 'only')]") == "only");
  CHECK(reason("[format('{1}', 'x')]") == "invalid call: format() format item {1} has no argument");
  CHECK(reason("[format('a } b')]") == "invalid call: format() format string has an unmatched '}'");
  const Evaluated name = eval("[format('{0}-vnet', resourceGroup().name)]");
  CHECK_FALSE(name.known());
  CHECK(name.non_empty_string);
  CHECK_FALSE(eval("[format('{0}', resourceGroup().name)]").non_empty_string);
  // Documented: toLower('One Two Three') 'one two three', toUpper 'ONE TWO THREE'.
  CHECK(known("[toLower('One Two Three')]") == "one two three");
  CHECK(known("[toUpper('One Two Three')]") == "ONE TWO THREE");
  CHECK(eval("[toLower(resourceId('a/b', 'c'))]").non_empty_string);
}

TEST_CASE("evaluator: greater(), less() and their OrEquals", "[evaluator]") {
  // Documented: greater(1, 2) false, greater('A', 'a') true; less gives the opposite;
  // greaterOrEquals(1, 2) false, lessOrEquals(1, 2) true.
  CHECK(known("[greater(1, 2)]") == false);
  CHECK(known("[greater('A', 'a')]") == true);
  CHECK(known("[less(1, 2)]") == true);
  CHECK(known("[less('A', 'a')]") == false);
  CHECK(known("[greaterOrEquals(1, 2)]") == false);
  CHECK(known("[greaterOrEquals(2, 2)]") == true);
  CHECK(known("[lessOrEquals(1, 2)]") == true);
  CHECK(known("[less('apple', 'Banana')]") == true);  // letters before case
  CHECK(known("[less(-3, -2)]") == true);
  CHECK(reason("[greater('a-b', 'a')]") ==
        "greater() of text other than ASCII letters and digits is not evaluated");
  CHECK(reason("[less(1, 'a')]") == "invalid call: less() cannot compare a integer with a string");
}

TEST_CASE("evaluator: deployment-time functions are unknown, some certainly non-empty",
          "[evaluator]") {
  for (const char* text :
       {"[resourceGroup().location]", "[subscription().subscriptionId]", "[tenant().tenantId]",
        "[deployment().name]", "[environment().name]", "[reference('x').id]",
        "[listKeys('x', '2021-01-01').keys[0].value]", "[copyIndex()]", "[utcNow()]", "[newGuid()]",
        "[managementGroup().id]", "[pickZones('a', 'b', 'c')]"}) {
    const Evaluated result = eval(text);
    INFO(text);
    CHECK_FALSE(result.known());
    CHECK_FALSE(result.non_empty_string);  // reference(...).id is not certain
    CHECK(result.unknown_reason.find("() is known only at deployment") != std::string::npos);
  }
  CHECK(reason("[listSecrets('x', '1')]") == "listSecrets() is known only at deployment");
  for (const char* text : {"[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]",
                           "[subscriptionResourceId('a/b', 'c')]", "[tenantResourceId('a/b', 'c')]",
                           "[extensionResourceId('x', 'a/b', 'c')]",
                           "[uniqueString(resourceGroup().id)]", "[guid('a', 'b')]"}) {
    const Evaluated result = eval(text);
    INFO(text);
    CHECK_FALSE(result.known());
    CHECK(result.non_empty_string);
  }
  CHECK(reason("[resourceId('a/b', 'c')]") == "resourceId() is known only at deployment");
  // A property of an unknown keeps its reason but no longer its non-emptiness.
  const Evaluated id = eval("[resourceGroup().id]");
  CHECK(id.unknown_reason == "resourceGroup() is known only at deployment");
  CHECK_FALSE(id.non_empty_string);
  CHECK(reason("[split('a,b', ',')]") == "function 'split' is not evaluated");
  CHECK(reason("[my.helper('x')]") == "function 'my.helper' is not evaluated");
}

TEST_CASE("evaluator: parameters and variables of a template", "[evaluator]") {
  const std::string template_text = R"({
    "parameters": {
      "prefix": {"type": "string", "defaultValue": "app"},
      "Name": {"type": "string", "defaultValue": "[concat(parameters('prefix'), '-web')]"},
      "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
      "required": {"type": "string"},
      "optional": {"type": "string", "nullable": true}
    },
    "variables": {
      "settings": {"enabled": "[equals(parameters('prefix'), 'app')]",
                   "items": ["[parameters('name')]", "[[raw]"]},
      "where": {"region": "[parameters('location')]"},
      "copy": [{"name": "disks", "count": 2, "input": "[copyIndex('disks')]"}]
    }
  })";
  // A default that refers to another parameter; names ignore case.
  CHECK(known("[parameters('NAME')]", template_text) == "app-web");
  CHECK(known("[variables('settings')]", template_text) ==
        json::parse(R"({"enabled": true, "items": ["app-web", "[raw]"]})"));
  CHECK(known("[variables('settings').items[0]]", template_text) == "app-web");
  CHECK(reason("[variables('where').region]", template_text) ==
        "resourceGroup() is known only at deployment");
  CHECK(reason("[parameters('required')]", template_text) ==
        "parameter 'required' has no default value");
  CHECK(known("[parameters('optional')]", template_text) == nullptr);
  CHECK(reason("[parameters('missing')]", template_text) == "parameter 'missing' is not declared");
  const std::string big =
      R"({"parameters": {"big": {"type": "int", "defaultValue": 9223372036854775808},
                         "max": {"type": "int", "defaultValue": 9223372036854775807}}})";
  CHECK(reason("[less(parameters('big'), 0)]", big) ==
        "an integer beyond 64 bits is not evaluated");
  CHECK(known("[greater(parameters('max'), 0)]", big) == true);
  CHECK(reason("[variables('disks')]", template_text) ==
        "variable 'disks' is built by a copy loop, which is not evaluated");
  // evaluate_arm_value reads objects member by member.
  const json template_json = json::parse(template_text);
  const TemplateExpressionScope scope(template_json);
  CHECK(*evaluate_arm_value(json::parse(R"({"a": ["[parameters('prefix')]", 1]})"), scope).value ==
        json::parse(R"({"a": ["app", 1]})"));
  CHECK(evaluate_arm_value(json::parse(R"({"a": "[parameters('required')]"})"), scope)
            .unknown_reason == "parameter 'required' has no default value");
}

TEST_CASE("evaluator: languageVersion 2.0 templates", "[evaluator]") {
  const std::string template_text = R"({
    "languageVersion": "2.0",
    "parameters": {"sku": {"type": "string", "defaultValue": "Standard"}},
    "variables": {"tier": "[toLower(parameters('sku'))]"},
    "resources": {"site": {"type": "Microsoft.Web/sites", "apiVersion": "2022-03-01",
                           "name": "[variables('tier')]"}}
  })";
  CHECK(known("[variables('tier')]", template_text) == "standard");
}

TEST_CASE("evaluator: nested deployments take passed values from the outer scope", "[evaluator]") {
  const json outer_template = json::parse(R"({
    "parameters": {"outerName": {"type": "string", "defaultValue": "outer"}},
    "variables": {"suffix": "-x"}
  })");
  const TemplateExpressionScope outer(outer_template);
  const json inner_template = json::parse(R"({
    "parameters": {
      "name": {"type": "string", "defaultValue": "inner-default"},
      "kept": {"type": "string", "defaultValue": "[concat(parameters('name'), '!')]"},
      "secret": {"type": "securestring"},
      "outerName": {"type": "string", "defaultValue": "not the outer one"}
    }
  })");
  const json passed = json::parse(R"({
    "name": {"value": "[concat(parameters('outerName'), variables('suffix'))]"},
    "secret": {"reference": {"keyVault": {"id": "kv"}, "secretName": "s"}}
  })");
  const TemplateExpressionScope inner(inner_template, &passed, &outer);
  // The passed value overrides the default and is evaluated in the outer scope; the inner
  // default that refers to it sees the passed value.
  CHECK(*inner.parameter("name").value == "outer-x");
  CHECK(*inner.parameter("kept").value == "outer-x!");
  CHECK(*inner.parameter("outerName").value == "not the outer one");
  CHECK(inner.parameter("secret").unknown_reason ==
        "parameter 'secret' is a Key Vault reference, known only at deployment");
  CHECK(*evaluate_arm_string("[parameters('name')]", inner).value == "outer-x");
}

TEST_CASE("evaluator: cycles, malformed and hostile input stay unknown", "[evaluator]") {
  const std::string cycle = R"({"variables": {"a": "[variables('b')]", "b": "[variables('A')]"},
    "parameters": {"p": {"type": "string", "defaultValue": "[parameters('p')]"}}})";
  // The reason names the reference that closes the cycle, as spelled.
  CHECK(reason("[variables('a')]", cycle) == "variable 'A' refers to itself");
  CHECK(reason("[parameters('p')]", cycle) == "parameter 'p' refers to itself");
  CHECK(reason("[concat('a', ]") == "malformed expression: unexpected end of text");
  CHECK(reason("[concat('a' 'b')]") ==
        "malformed expression: expected ',' or ')', unexpected ''' at position 11");
  CHECK(reason("[]") == "malformed expression: empty expression");
  CHECK(reason("['open]") == "malformed expression: unterminated string literal");
  CHECK(reason("[concat]") == "malformed expression: expected '(' after 'concat'");
  CHECK(reason("[1.5]") == "malformed expression: malformed number, unexpected '.' at position 1");
  CHECK(reason("[99999999999999999999]") == "malformed expression: integer literal out of range");
  CHECK(reason("[createArray(1)[5]]") == "invalid index: 5 is out of range for an array of 1");
  CHECK(reason("[createObject('a', 1).b]") ==
        "invalid property access: the object has no property 'b'");

  std::string nested;
  for (int i = 0; i < 10000; ++i)
    nested += "not(";
  nested += "true()";
  for (int i = 0; i < 10000; ++i)
    nested += ")";
  CHECK(reason("[" + nested + "]") == "malformed expression: nested deeper than 200 levels");
  std::string accessors = "[createObject('a', 1)";
  for (int i = 0; i < 10000; ++i)
    accessors += ".a";
  CHECK(reason(accessors + "]") == "malformed expression: nested deeper than 200 levels");
  // 150 levels parse; evaluated they stay within the evaluation's own bound.
  std::string deep;
  for (int i = 0; i < 150; ++i)
    deep += "not(";
  deep += "true()";
  for (int i = 0; i < 150; ++i)
    deep += ")";
  CHECK(known("[" + deep + "]") == true);

  // 10,000 variables, each referring to the next: bounded, not a stack overflow.
  json chain = {{"variables", json::object()}};
  for (int i = 0; i < 10000; ++i) {
    chain["variables"]["v" + std::to_string(i)] = "[variables('v" + std::to_string(i + 1) + "')]";
  }
  const TemplateExpressionScope chain_scope(chain);
  CHECK(chain_scope.variable("v0").unknown_reason == "evaluation nested deeper than 400 levels");
  // Variables that double each other: bounded in size, not exhausting memory.
  json doubling = {{"variables", {{"v0", "abcdefgh"}}}};
  for (int i = 1; i < 64; ++i) {
    const std::string previous = "variables('v" + std::to_string(i - 1) + "')";
    doubling["variables"]["v" + std::to_string(i)] = "[concat(" + previous + ", " + previous + ")]";
  }
  const TemplateExpressionScope doubling_scope(doubling);
  CHECK(doubling_scope.variable("v63").unknown_reason == "the value is too large to evaluate");
  CHECK(reason("[json('" + std::string(100000, '[') + "')]") ==
        "json() of JSON nested deeper than 200 levels is not evaluated");
  // A scope that fails while a parameter is evaluated: the failure is the parameter's
  // value, asked once or twice, and not taken for a cycle the second time.
  const ThrowingScope failing;
  const json inner_template = json::parse(R"({"parameters": {"x": {"type": "string"}}})");
  const json passed = json::parse(R"({"x": {"value": "[parameters('outer')]"}})");
  const TemplateExpressionScope inner(inner_template, &passed, &failing);
  CHECK(inner.parameter("x").unknown_reason == "evaluation failed: scope failed");
  CHECK(inner.parameter("x").unknown_reason == "evaluation failed: scope failed");
  // Without a scope to take passed values from, they are unknown.
  const EmptyScope nothing;
  CHECK(evaluate_arm_string("[parameters('x')]", nothing).unknown_reason ==
        "parameter 'x' is not known: no enclosing scope");
}

TEST_CASE("evaluator: ARM functions apply to arguments evaluated elsewhere", "[evaluator]") {
  using armfix::apply_arm_function;
  using armfix::ArmArguments;
  CHECK(*apply_arm_function("toUpper", {Evaluated::of("ab")}).value == "AB");
  CHECK(*apply_arm_function("equals", {Evaluated::of(1), Evaluated::of(1)}).value == true);
  CHECK(apply_arm_function("split", {Evaluated::of("a")}).unknown_reason ==
        "function 'split' is not evaluated");
  CHECK(apply_arm_function("resourceGroup", {}).unknown_reason ==
        "resourceGroup() is known only at deployment");
  CHECK(apply_arm_function("uniqueString", {Evaluated::of("x")}).non_empty_string);
  // parameters() and variables() need a scope: not one of the shared functions.
  CHECK(apply_arm_function("parameters", {Evaluated::of("x")}).unknown_reason ==
        "function 'parameters' is not evaluated");

  // Arguments are evaluated as the function asks for them: if() takes one branch.
  struct Counting final : ArmArguments {
    mutable std::vector<std::size_t> asked;
    std::size_t size() const override { return 3; }
    Evaluated at(std::size_t index) const override {
      asked.push_back(index);
      return index == 0 ? Evaluated::of(false) : Evaluated::of(static_cast<int>(index));
    }
  } arguments;
  CHECK(*apply_arm_function("if", arguments).value == 2);
  CHECK(arguments.asked == std::vector<std::size_t>{0, 2});

  const Evaluated object = Evaluated::of(json::parse(R"({"Name":"x","list":[1,2]})"));
  CHECK(*armfix::arm_property(object, "name").value == "x");
  CHECK(*armfix::arm_index(armfix::arm_property(object, "list"), Evaluated::of(1)).value == 2);
  CHECK(armfix::arm_index(object, Evaluated::of(0)).unknown_reason ==
        "invalid index: a object indexed by a integer");
  CHECK(armfix::within_arm_size_limits(json::array({1, 2})));
  CHECK_FALSE(armfix::within_arm_size_limits(json(std::string(std::size_t{1} << 21, 'x'))));
}
