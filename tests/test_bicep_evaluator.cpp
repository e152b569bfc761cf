// The three-valued evaluator of Bicep expressions (src/bicep/bicep_evaluator.hpp): symbols,
// operators, functions shared with the ARM evaluator, interpolation, what stays unknown and
// why, hostile input, and the resource model that answers through it.
#include "bicep/bicep_evaluator.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "bicep/bicep_resource_model.hpp"

using armfix::BicepDeclarationKind;
using armfix::BicepDocument;
using armfix::BicepEvaluator;
using armfix::Evaluated;
using armfix::kNoNode;
using armfix::NodeId;
using nlohmann::json;

namespace {

BicepDocument parse(const std::string& text) {
  auto parsed = BicepDocument::parse(text);
  INFO(text);
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

// The value of the declaration `name` (a var or output) of `file`.
Evaluated eval_symbol(const std::string& file, const std::string& name) {
  const BicepDocument doc = parse(file);
  const NodeId declaration = doc.find_declaration(name);
  REQUIRE(declaration != kNoNode);
  return BicepEvaluator(doc).evaluate(doc.node(declaration).value);
}

// `expression` as the value of `output out`, after the declarations in `prelude`.
Evaluated eval(const std::string& expression, const std::string& prelude = "") {
  return eval_symbol(prelude + "\noutput out object = " + expression + "\n", "out");
}

json known(const std::string& expression, const std::string& prelude = "") {
  Evaluated result = eval(expression, prelude);
  INFO(expression << " -> unknown: " << result.unknown_reason);
  REQUIRE(result.known());
  return *result.value;
}

std::string reason(const std::string& expression, const std::string& prelude = "") {
  Evaluated result = eval(expression, prelude);
  INFO(expression << " -> known: " << (result.known() ? result.value->dump() : ""));
  REQUIRE_FALSE(result.known());
  return result.unknown_reason;
}

}  // namespace

TEST_CASE("bicep evaluator: literals, objects, arrays and spreads", "[bicep-evaluator]") {
  CHECK(known("42") == 42);
  CHECK(known("-7") == -7);
  CHECK(known("true") == true);
  CHECK(known("false") == false);
  CHECK(known("null").is_null());
  CHECK(known("'it\\'s'") == "it's");
  CHECK(known("'''\nmulti\nline'''") == "multi\nline");
  CHECK(known("{ a: 1, 'b-c': [true, null] }") == json::parse(R"({"a":1,"b-c":[true,null]})"));
  CHECK(known("[1, [2, 3]]") == json::parse("[1,[2,3]]"));
  CHECK(known("{ a: 1, ...{ b: 2, a: 3 } }") == json::parse(R"({"a":3,"b":2})"));
  CHECK(known("[0, ...[1, 2], 3]") == json::parse("[0,1,2,3]"));
  CHECK(known("{ '${'k'}': 1 }") == json::parse(R"({"k":1})"));
  CHECK(reason("99999999999999999999") == "an integer beyond 64 bits is not evaluated");
  CHECK(reason("{ a: resourceGroup().location }") == "resourceGroup() is known only at deployment");
  CHECK(reason("[for i in range(0, 2): i]") == "a loop ([for ...]) is not evaluated");
  CHECK(reason("[...3]") == "invalid spread: not an array");
}

TEST_CASE("bicep evaluator: parameters and variables", "[bicep-evaluator]") {
  const std::string prelude =
      "param withDefault string = 'abc'\n"
      "param computed int = length(withDefault) * 2\n"
      "param noDefault string\n"
      "param optional string?\n"
      "var chain1 = chain2\n"
      "var chain2 = { n: computed }\n"
      "var self = self\n"
      "var ping = pong\n"
      "var pong = ping\n";
  CHECK(known("withDefault", prelude) == "abc");
  CHECK(known("computed", prelude) == 6);
  CHECK(known("optional", prelude).is_null());
  CHECK(reason("noDefault", prelude) == "parameter 'noDefault' has no default value");
  CHECK(known("chain1.n", prelude) == 6);
  CHECK(reason("self", prelude) == "variable 'self' refers to itself");
  CHECK(reason("ping", prelude) == "variable 'ping' refers to itself");
  CHECK(reason("undeclared", prelude) == "'undeclared' is not a parameter or variable");
  // Symbols are case-sensitive in Bicep.
  CHECK(reason("WithDefault", prelude) == "'WithDefault' is not a parameter or variable");
}

TEST_CASE("bicep evaluator: resource and module symbols", "[bicep-evaluator]") {
  const std::string prelude =
      "param prefix string = 'st'\n"
      "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n"
      "  name: '${prefix}data'\n"
      "  location: 'westeurope'\n"
      "}\n"
      "resource many 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, 2): {\n"
      "  name: 'st${i}'\n"
      "}]\n"
      "module mod 'mod.bicep' = {\n"
      "  name: 'deploy-mod'\n"
      "}\n";
  Evaluated id = eval("st.id", prelude);
  CHECK_FALSE(id.known());
  CHECK(id.non_empty_string);
  CHECK(id.unknown_reason == "st.id is known only at deployment");
  CHECK(known("st.name", prelude) == "stdata");
  CHECK(known("st.type", prelude) == "Microsoft.Storage/storageAccounts");
  CHECK(known("st.apiVersion", prelude) == "2023-01-01");
  CHECK(reason("st.properties.primaryEndpoints", prelude) ==
        "st.properties is known only at deployment");
  CHECK(known("mod.name", prelude) == "deploy-mod");
  CHECK(reason("mod.outputs.x", prelude) == "mod.outputs is known only at deployment");
  CHECK(reason("many.name", prelude) == "'many' is a loop ([for ...]), which is not evaluated");
  CHECK(reason("many[0].name", prelude) == "'many' is known only at deployment");
  CHECK(known("empty(st.id)", prelude) == false);
  CHECK(known("st.id == ''", prelude) == false);
}

TEST_CASE("bicep evaluator: logical and comparison operators", "[bicep-evaluator]") {
  const std::string prelude = "param on bool = true\nparam open string\n";
  CHECK(known("!on", prelude) == false);
  CHECK(known("on && !false", prelude) == true);
  CHECK(known("false && open == 'x'", prelude) == false);
  CHECK(known("open == 'x' && false", prelude) == false);
  CHECK(known("true || open == 'x'", prelude) == true);
  CHECK(reason("true && open == 'x'", prelude) == "parameter 'open' has no default value");
  CHECK(reason("false || open == 'x'", prelude) == "parameter 'open' has no default value");
  CHECK(known("'Abc' == 'Abc'") == true);
  CHECK(known("'Abc' == 'abc'") == false);
  CHECK(known("'Abc' != 'abc'") == true);
  CHECK(known("{ a: [1] } == { a: [1] }") == true);
  CHECK(known("1 == '1'") == false);
  CHECK(known("'Abc' =~ 'aBC'") == true);
  CHECK(known("'Abc' !~ 'aBC'") == false);
  CHECK(known("'Abc' !~ 'x'") == true);
  CHECK(known("1 < 2") == true);
  CHECK(known("2 <= 2") == true);
  CHECK(known("3 > 4") == false);
  CHECK(known("4 >= 5") == false);
  CHECK(known("'a' < 'B'") == true);
  CHECK(reason("'a-b' < 'a'") ==
        "less() of text other than ASCII letters and digits is not "
        "evaluated");
  CHECK(reason("!3") == "invalid call: not() takes a boolean");
}

TEST_CASE("bicep evaluator: arithmetic", "[bicep-evaluator]") {
  CHECK(known("1 + 2 * 3") == 7);
  CHECK(known("(1 + 2) * 3") == 9);
  CHECK(known("10 - 15") == -5);
  CHECK(known("-7 / 2") == -3);
  CHECK(known("-7 % 3") == -1);
  CHECK(known("-(2 + 3)") == -5);
  CHECK(reason("1 / 0") == "invalid operands of '/': division by zero");
  CHECK(reason("1 % 0") == "invalid operands of '%': division by zero");
  CHECK(reason("9223372036854775807 + 1") == "invalid operands of '+': the result overflows");
  CHECK(reason("'a' + 1") == "invalid operands of '+': it takes integers");
  CHECK(reason("-'a'") == "invalid operand of '-'");
}

TEST_CASE("bicep evaluator: ternary and coalesce", "[bicep-evaluator]") {
  const std::string prelude =
      "param on bool = false\nparam open bool\nparam name string?\nparam id string\n";
  CHECK(known("on ? 'yes' : 'no'", prelude) == "no");
  // Only the branch taken is evaluated.
  CHECK(known("true ? 1 : 1 / 0") == 1);
  CHECK(known("open ? 'same' : 'same'", prelude) == "same");
  Evaluated both = eval("open ? 'a' : 'b'", prelude);
  CHECK_FALSE(both.known());
  CHECK(both.non_empty_string);
  CHECK(both.unknown_reason == "parameter 'open' has no default value");
  CHECK_FALSE(eval("open ? 'a' : ''", prelude).non_empty_string);
  CHECK(reason("3 ? 1 : 2") == "invalid call: if() takes a boolean condition");
  CHECK(known("name ?? 'fallback'", prelude) == "fallback");
  CHECK(known("null ?? null ?? 3") == 3);
  CHECK(known("'first' ?? id", prelude) == "first");
  CHECK(reason("id ?? 'x'", prelude) == "parameter 'id' has no default value");
}

TEST_CASE("bicep evaluator: access, safe access, index and assertion", "[bicep-evaluator]") {
  const std::string prelude =
      "var o = { a: { b: 'deep' }, list: [10, 20], Mixed: 1 }\n"
      "param missing object?\n";
  CHECK(known("o.a.b", prelude) == "deep");
  CHECK(known("o['a']['b']", prelude) == "deep");
  CHECK(known("o.list[1]", prelude) == 20);
  CHECK(known("o.mixed", prelude) == 1);  // ARM looks properties up ignoring case
  CHECK(known("o.?nope", prelude).is_null());
  CHECK(known("o.?a.b", prelude) == "deep");
  CHECK(known("missing.?a", prelude).is_null());
  CHECK(known("o[?'nope']", prelude).is_null());
  CHECK(known("o.list[?5]", prelude).is_null());
  CHECK(known("o.a!.b", prelude) == "deep");
  CHECK(reason("o.nope", prelude) == "invalid property access: the object has no property 'nope'");
  CHECK(reason("o.list[2]", prelude) == "invalid index: 2 is out of range for an array of 2");
  CHECK(reason("resourceGroup().location") == "resourceGroup() is known only at deployment");
}

TEST_CASE("bicep evaluator: interpolated strings", "[bicep-evaluator]") {
  const std::string prelude = "param n int = 3\nparam on bool = true\nparam open string\n";
  CHECK(known("'vm-${n}-${on}'", prelude) == "vm-3-True");
  CHECK(known("'${'a'}${'b'}'") == "ab");
  CHECK(known("'{braces} ${n} \\${not}'", prelude) == "{braces} 3 ${not}");
  CHECK(known("'${ n }'", prelude) == "3");
  Evaluated partial = eval("'prefix-${open}'", prelude);
  CHECK_FALSE(partial.known());
  CHECK(partial.non_empty_string);
  CHECK(partial.unknown_reason == "parameter 'open' has no default value");
  CHECK_FALSE(eval("'${open}'", prelude).non_empty_string);
  CHECK(reason("'${[1]}'") == "format() of a array is not evaluated");
}

TEST_CASE("bicep evaluator: functions shared with ARM", "[bicep-evaluator]") {
  CHECK(known("bool('TRUE')") == true);
  CHECK(known("bool(0)") == false);
  CHECK(known("int('42')") == 42);
  CHECK(known("string(true)") == "True");
  CHECK(known("string(12)") == "12");
  CHECK(known("json('{\"a\": [1]}')") == json::parse(R"({"a":[1]})"));
  CHECK(known("empty('')") == true);
  CHECK(known("empty([1])") == false);
  CHECK(known("union({ a: 1 }, { b: 2 })") == json::parse(R"({"a":1,"b":2})"));
  CHECK(known("contains('abc', 'b')") == true);
  CHECK(known("contains({ Key: 1 }, 'key')") == true);
  CHECK(known("coalesce(null, 'x')") == "x");
  CHECK(known("concat('a', 1, true)") == "a1True");
  CHECK(known("concat([1], [2])") == json::parse("[1,2]"));
  CHECK(known("format('{0}-{1}', 'a', 2)") == "a-2");
  CHECK(known("toLower('ABC')") == "abc");
  CHECK(known("toUpper('abc')") == "ABC");
  CHECK(known("length([1, 2, 3])") == 3);
  CHECK(known("first([7, 8])") == 7);
  CHECK(known("last('xyz')") == "z");
  CHECK(known("sys.toLower('A')") == "a");
  CHECK(known("az.length('ab')") == 2);
  CHECK(reason("int('x')") == "invalid call: int() cannot convert 'x' to an integer");
}

TEST_CASE("bicep evaluator: deployment functions and others stay unknown", "[bicep-evaluator]") {
  CHECK(reason("resourceGroup().location") == "resourceGroup() is known only at deployment");
  CHECK(reason("az.subscription().id") == "subscription() is known only at deployment");
  CHECK(reason("utcNow()") == "utcNow() is known only at deployment");
  CHECK(reason("listKeys('x', '2020-01-01')") == "listKeys() is known only at deployment");
  for (const char* call :
       {"resourceId('a/b', 'c')", "subscriptionResourceId('a/b', 'c')", "uniqueString('x')",
        "guid('x')", "tenantResourceId('a/b', 'c')", "extensionResourceId('x', 'a/b', 'c')"}) {
    Evaluated value = eval(call);
    INFO(call);
    CHECK_FALSE(value.known());
    CHECK(value.non_empty_string);
  }
  CHECK(reason("split('a,b', ',')") == "function 'split' is not evaluated");
  // ARM functions Bicep writes as operators or keywords are no Bicep functions.
  CHECK(reason("equals(1, 1)") == "function 'equals' is not evaluated");
  CHECK(reason("if(true, 1, 2)") == "function 'if' is not evaluated");
  CHECK(reason("ns.toLower('A')") == "function 'ns.toLower' is not evaluated");
  CHECK(reason("double(2)", "func double(x int) int => x * 2\n") ==
        "function 'double' is not evaluated");
  CHECK(reason("map([1], x => x)") == "function 'map' is not evaluated");
}

TEST_CASE("bicep evaluator: hostile input neither overflows the stack nor hangs",
          "[bicep-evaluator]") {
  // Arrays nested as deep as the parser allows.
  std::string nested;
  for (int i = 0; i < 350; ++i)
    nested += "[";
  nested += "1";
  for (int i = 0; i < 350; ++i)
    nested += "]";
  CHECK(known(nested).is_array());

  // A chain of 2,000 variables is too deep to evaluate from its end.
  std::string chain = "var v0 = 1\n";
  for (int i = 1; i < 2000; ++i)
    chain += "var v" + std::to_string(i) + " = v" + std::to_string(i - 1) + "\n";
  CHECK(reason("v1999", chain) == "evaluation nested deeper than 400 levels");
  CHECK(known("v10", chain) == 1);

  // Variables that double each other: cached, and too large past a million elements.
  std::string doubling = "var d0 = ['x']\n";
  for (int i = 1; i < 40; ++i) {
    const std::string previous = "d" + std::to_string(i - 1);
    doubling += "var d" + std::to_string(i) + " = [..." + previous + ", ..." + previous + "]\n";
  }
  CHECK(known("length(d10)", doubling) == 1024);
  CHECK(reason("d39", doubling) == "the value is too large to evaluate");

  // Values nested through a chain evaluated one step at a time stay within a depth.
  std::string wrapping = "var w0 = 1\n";
  for (int i = 1; i < 1000; ++i)
    wrapping += "var w" + std::to_string(i) + " = [w" + std::to_string(i - 1) + "]\n";
  const BicepDocument doc = parse(wrapping);
  const BicepEvaluator evaluator(doc);
  Evaluated last;
  for (int i = 0; i < 1000; ++i)
    last = evaluator.evaluate(doc.node(doc.find_declaration("w" + std::to_string(i))).value);
  CHECK_FALSE(last.known());
}

TEST_CASE("bicep resource model evaluates and resolves through the evaluator",
          "[bicep-evaluator]") {
  const BicepDocument doc = parse(
      "param enable bool = bool('true')\n"
      "param tier string\n"
      "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n"
      "  name: 'st'\n"
      "  properties: {\n"
      "    supportsHttpsTrafficOnly: enable\n"
      "    minimumTlsVersion: 'TLS1_${1 + 1}'\n"
      "    accessTier: tier\n"
      "    encryption: union({ keySource: 'Microsoft.Storage' }, {})\n"
      "  }\n"
      "}\n");
  const armfix::BicepResourceModel model(doc);
  const auto resources = model.deployed("Microsoft.Storage/storageAccounts");
  REQUIRE(resources.size() == 1);
  const auto properties = model.member(model.body(resources[0]), "properties");
  auto value_of = [&](const char* key) { return model.member(properties, key); };
  CHECK(model.resolve(resources[0], value_of("supportsHttpsTrafficOnly")) == json(true));
  CHECK(model.resolve(resources[0], value_of("minimumTlsVersion")) == json("TLS1_2"));
  CHECK(model.resolve(resources[0], value_of("encryption")) ==
        json::parse(R"({"keySource":"Microsoft.Storage"})"));
  CHECK(model.resolve(resources[0], value_of("accessTier")) == std::nullopt);
  CHECK(model.evaluate(resources[0], value_of("accessTier")).unknown_reason ==
        "parameter 'tier' has no default value");
  CHECK(model.evaluate(resources[0], value_of("nothing")).unknown_reason == "the value is missing");
  // An object is unknown when a member is, with that member's reason.
  CHECK(model.evaluate(resources[0], properties).unknown_reason ==
        "parameter 'tier' has no default value");
}
