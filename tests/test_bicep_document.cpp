// The lossless Bicep reader: every construct the issue lists is read into the tree with the
// right shape, every byte is kept, and the queries the fixer relies on answer correctly.
#include <catch2/catch.hpp>

#include "bicep/bicep_document.hpp"
#include "bicep/bicep_lexer.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

BicepDocument parse_ok(const std::string& text) {
  auto parsed = BicepDocument::parse(text);
  if (!parsed) {
    const SourceError& e = parsed.error();
    FAIL("parse failed at " << e.position.line << ":" << e.position.column << ": " << e.message);
  }
  return std::move(parsed).value();
}

std::string source_of(const BicepDocument& doc, NodeId id) {
  return std::string(doc.source(doc.node(id).span));
}

NodeId property_value(const BicepDocument& doc, NodeId object, const std::string& key) {
  NodeId property = doc.find_property(object, key);
  REQUIRE(property != kNoNode);
  return doc.node(property).value;
}

}  // namespace

TEST_CASE("bicep reader: every kind of declaration is read, in order", "[bicep][document]") {
  const std::string text =
      "targetScope = 'subscription'\n"
      "metadata owner = 'platform'\n"
      "import { naming } from 'types.bicep'\n"
      "extension microsoftGraphV1\n"
      "@export()\n"
      "type sizes = ('small' | 'large')[]\n"
      "func prefixed(name string) string => 'x-${name}'\n"
      "@secure()\n"
      "param secret string\n"
      "var count = 3\n"
      "resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {\n"
      "  name: 'rg'\n"
      "  location: 'westeurope'\n"
      "}\n"
      "module aks './aks.bicep' = {\n"
      "  scope: rg\n"
      "  name: 'aks'\n"
      "}\n"
      "output name string = rg.name\n"
      "assert small = count < 10\n";
  BicepDocument doc = parse_ok(text);
  std::vector<BicepDeclarationKind> kinds;
  for (NodeId d : doc.children(doc.root()))
    kinds.push_back(doc.node(d).declaration);
  using K = BicepDeclarationKind;
  CHECK(kinds == std::vector<K>{K::TargetScope, K::Metadata, K::Import, K::Import, K::TypeAlias,
                                K::Function, K::Parameter, K::Variable, K::Resource, K::Module,
                                K::Output, K::Assert});
  NodeId secret = doc.find_declaration("secret");
  REQUIRE(secret != kNoNode);
  CHECK(source_of(doc, secret) == "@secure()\nparam secret string");
  CHECK(source_of(doc, doc.node(secret).type) == "string");
  CHECK(doc.find_declaration("Secret") == kNoNode);  // symbols are case-sensitive
  CHECK(doc.declarations(K::Resource).size() == 1);
  CHECK(doc.string_value(doc.node(doc.find_declaration("rg")).type) ==
        "Microsoft.Resources/resourceGroups@2024-03-01");
}

TEST_CASE("bicep reader: resource bodies through if, for and for-if", "[bicep][document]") {
  const std::string text =
      "resource a 'T@1' = if (deploy) {\n  name: 'a'\n}\n"
      "resource b 'T@1' = [for x in xs: {\n  name: x\n}]\n"
      "resource c 'T@1' = [for (x, i) in xs: if (i > 0) {\n  name: x\n}]\n"
      "resource d 'T@1' existing = {\n  name: 'd'\n}\n"
      "resource e 'T@1' = cond ? {} : {}\n";
  BicepDocument doc = parse_ok(text);
  for (const char* name : {"a", "b", "c", "d"}) {
    INFO(name);
    NodeId body = doc.body_object(doc.find_declaration(name));
    REQUIRE(body != kNoNode);
    CHECK(doc.is(body, BicepNodeKind::Object));
    CHECK(doc.find_property(body, "NAME") != kNoNode);
  }
  CHECK(doc.node(doc.find_declaration("d")).existing);
  CHECK_FALSE(doc.node(doc.find_declaration("a")).existing);
  CHECK(doc.body_object(doc.find_declaration("e")) == kNoNode);
  CHECK(doc.is(doc.node(doc.find_declaration("c")).value, BicepNodeKind::ForLoop));
}

TEST_CASE("bicep reader: nested child resources, parent and decorators on members",
          "[bicep][document]") {
  const std::string text =
      "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {\n"
      "  name: 'aks'\n"
      "\n"
      "  @description('the system pool')\n"
      "  resource pool 'agentPools' = {\n"
      "    name: 'system'\n"
      "  }\n"
      "}\n"
      "resource user 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = {\n"
      "  parent: aks\n"
      "  name: 'user'\n"
      "}\n"
      "output id string = aks::pool.id\n";
  BicepDocument doc = parse_ok(text);
  NodeId body = doc.body_object(doc.find_declaration("aks"));
  std::vector<NodeId> members = doc.children(body);
  REQUIRE(members.size() == 2);
  CHECK(doc.is(members[1], BicepNodeKind::Declaration));
  CHECK(doc.node(members[1]).declaration == BicepDeclarationKind::Resource);
  CHECK(source_of(doc, members[1]).rfind("@description('the system pool')", 0) == 0);
  CHECK(doc.declarations(BicepDeclarationKind::Resource).size() == 2);  // top level only
  NodeId parent = property_value(doc, doc.body_object(doc.find_declaration("user")), "parent");
  CHECK(doc.is(parent, BicepNodeKind::Identifier));
}

TEST_CASE("bicep reader: one-line and multi-line objects and arrays", "[bicep][document]") {
  const std::string text =
      "var a = { x: 1, 'y-z': [1, 2, 3], w: {} }\n"
      "var b = {\n  x: 1\n  y: [\n    'p'\n    'q'\n  ]\n}\n"
      "var c = [\n  { k: 1 }, { k: 2 }\n]\n"
      "var d = { ...a, e: [...c, 4] }\n";
  BicepDocument doc = parse_ok(text);
  NodeId a = doc.node(doc.find_declaration("a")).value;
  CHECK(doc.node(a).child_count == 3);
  NodeId quoted = doc.find_property(a, "Y-Z");
  REQUIRE(quoted != kNoNode);
  CHECK(doc.key(quoted) == "y-z");
  CHECK(doc.node(doc.node(quoted).value).child_count == 3);
  NodeId b = doc.node(doc.find_declaration("b")).value;
  CHECK(doc.node(property_value(doc, b, "y")).child_count == 2);
  CHECK(doc.node(doc.node(doc.find_declaration("c")).value).child_count == 2);
  NodeId d = doc.node(doc.find_declaration("d")).value;
  CHECK(doc.is(doc.node(d).first_child, BicepNodeKind::Spread));
}

TEST_CASE("bicep reader: strings, interpolation, escapes and multi-line strings",
          "[bicep][document]") {
  const std::string text =
      "var plain = 'it\\'s \\\\ \\n \\u{1F600} \\${x}'\n"
      "var nested = 'a${'b${c}'}d'\n"
      "var script = '''\n#!/bin/bash\necho '${not} interpolated'\n'''\n";
  BicepDocument doc = parse_ok(text);
  CHECK(doc.string_value(doc.node(doc.find_declaration("plain")).value) ==
        "it's \\ \n \xF0\x9F\x98\x80 ${x}");
  NodeId nested = doc.node(doc.find_declaration("nested")).value;
  CHECK(doc.is(nested, BicepNodeKind::InterpolatedString));
  CHECK(doc.string_value(nested) == std::nullopt);
  CHECK(doc.is(doc.node(nested).first_child, BicepNodeKind::InterpolatedString));
  CHECK(doc.string_value(doc.node(doc.find_declaration("script")).value) ==
        "#!/bin/bash\necho '${not} interpolated'\n");
}

TEST_CASE("bicep strings: decoding and quoting are inverse", "[bicep][document]") {
  for (const std::string value : {"", "plain", "it's", "back\\slash", "${x}", "$ alone",
                                  "line\nbreak\r\ttab", "\xC3\xA9t\xC3\xA9"}) {
    INFO(value);
    CHECK(decode_bicep_string(quote_bicep_string(value)) == value);
  }
  CHECK(quote_bicep_string("a'b${c}$d") == "'a\\'b\\${c}$d'");
  CHECK(decode_bicep_string("'a${b}'") == std::nullopt);
  CHECK(decode_bicep_string("'\\q'") == std::nullopt);
  CHECK(decode_bicep_string("'\\u{110000}'") == std::nullopt);
  CHECK(decode_bicep_string("'''\r\nx'''") == "x");
  CHECK(decode_bicep_string("notastring") == std::nullopt);
}

TEST_CASE("bicep reader: expressions of every form", "[bicep][document]") {
  const std::string text =
      "var calls = union(a, az.resourceGroup().tags, { b: true })\n"
      "var access = settings.?tags[?0]!.name ?? 'none'\n"
      "var lambdas = map(xs, x => x * 2)\n"
      "var pairs = reduce(xs, 0, (acc, x) => acc + x)\n"
      "var logic = !a && (b || c) == true\n"
      "var numbers = -1 + 2 * 3 % 4 - 5 / 6\n"
      "var ternary = a =~ 'x'\n"
      "  ? 'yes'\n"
      "  : 'no'\n";
  BicepDocument doc = parse_ok(text);
  NodeId calls = doc.node(doc.find_declaration("calls")).value;
  CHECK(doc.call_name(calls) == "union");
  auto arguments = doc.call_arguments(calls);
  REQUIRE(arguments.size() == 3);
  CHECK(doc.is(arguments[2], BicepNodeKind::Object));
  CHECK(doc.is(arguments[1], BicepNodeKind::Access));
  CHECK(doc.is(doc.node(doc.find_declaration("lambdas")).value, BicepNodeKind::Call));
  CHECK(doc.is(doc.node(doc.find_declaration("ternary")).value, BicepNodeKind::Ternary));
  CHECK(doc.is(doc.node(doc.find_declaration("access")).value, BicepNodeKind::Binary));
}

TEST_CASE("bicep reader: comments and directives live between nodes, every byte is kept",
          "[bicep][document]") {
  const std::string text =
      "\xEF\xBB\xBF// header\r\n"
      "/* block\r\n   comment */ param a string // after\r\n"
      "#disable-next-line no-unused-vars\r\n"
      "var b = { /* inside */ c: 1 // trailing\r\n}";
  BicepDocument doc = parse_ok(text);
  CHECK(doc.text() == text);
  CHECK(doc.has_bom());
  REQUIRE(doc.comments().size() == 5);
  CHECK(doc.source(doc.comments()[0]) == "// header");
  CHECK(doc.source(doc.comments()[1]) == "/* block\r\n   comment */");
  CHECK(doc.source(doc.comments()[4]) == "// trailing");
  Position b = doc.position(doc.node(doc.find_declaration("b")).span.begin);
  CHECK(b.line == 5);
  CHECK(b.column == 1);
  Position first = doc.position(3);
  CHECK(first.line == 1);
  CHECK(first.column == 1);  // the byte order mark is not a character
}

TEST_CASE("bicep lexer: tokens and gaps give back the file", "[bicep][document]") {
  const std::string text = "param x string = 'a${b}c' // note\n@minValue(1)\nparam n int\n";
  BicepTokens lexed = lex_bicep(text);
  REQUIRE_FALSE(lexed.error);
  CHECK(lexed.tokens.back().kind == BicepTokenKind::EndOfFile);
  std::vector<int> owners(text.size(), 0);
  auto cover = [&](Span span) {
    for (std::uint32_t i = span.begin; i < span.end; ++i)
      ++owners[i];
  };
  for (const auto& token : lexed.tokens)
    cover(token.span);
  for (const auto& comment : lexed.comments)
    cover(comment);
  for (std::size_t i = 0; i < text.size(); ++i) {
    INFO("byte " << i);
    CHECK(owners[i] == (text[i] == ' ' && owners[i] == 0 ? 0 : 1));
  }
}
