// Specifies the lossless JSONC document: what it accepts, the spans it records, member lookup
// as ARM does it, semantic values, pointers in the document's own spelling, and positions.
#include "armfix/document.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "golden_support.hpp"

namespace {

using armfix::Document;
using armfix::JsonPointer;
using armfix::kNoNode;
using armfix::kNoOffset;
using armfix::NodeId;
using armfix::NodeKind;
using armfix::test::parse_ok;

JsonPointer pointer(const std::string& text) {
  return JsonPointer::parse(text).value();
}

NodeId at(const Document& document, const std::string& path) {
  NodeId id = document.resolve(pointer(path));
  INFO(path);
  REQUIRE(id != kNoNode);
  return id;
}

std::string_view value_text(const Document& document, const std::string& path) {
  return document.source(document.node(at(document, path)).value);
}

}  // namespace

TEST_CASE("printing an unmodified document gives back its bytes", "[document]") {
  const std::string text =
      "\xEF\xBB\xBF// head\r\n{ \"a\" : [1, 2,], /* b */ \"b\": \"x\ny\", }\n\n";
  Document document = parse_ok(text);
  CHECK(document.text() == text);
}

TEST_CASE("ARM's dialect is accepted: comments, trailing commas, raw line breaks", "[document]") {
  Document document = parse_ok(R"(// leading
{
  /* block
     comment */
  "a": [1, 2,], // trailing comma in an array
  "b": "line one
line two",
  "c": { "d": null, },
}
// after the root
)");
  CHECK(document.value(document.root()) ==
        nlohmann::json::parse(R"({"a": [1, 2], "b": "line one\nline two", "c": {"d": null}})"));
}

TEST_CASE("nodes record the spans of values, keys and commas", "[document]") {
  const std::string text = R"({"name": "aks", "list": [true, 1.50 ]})";
  Document document = parse_ok(text);
  const auto& root = document.node(document.root());
  CHECK(root.kind == NodeKind::Object);
  CHECK(root.value.begin == 0);
  CHECK(root.value.end == text.size());
  CHECK(root.child_count == 2);

  NodeId name = document.find_member_exact(document.root(), "name");
  CHECK(document.source(document.node(name).key) == "\"name\"");
  CHECK(document.source(document.node(name).value) == "\"aks\"");
  CHECK(document.node(name).comma == text.find(','));
  CHECK(document.node(name).parent == document.root());

  NodeId list = document.find_member_exact(document.root(), "list");
  CHECK(document.node(list).comma == kNoOffset);
  CHECK(document.node(list).child_count == 2);
  NodeId second = document.element(list, 1);
  CHECK(document.node(second).kind == NodeKind::Number);
  CHECK(document.source(document.node(second).value) == "1.50");
  CHECK(document.node(second).key.size() == 0);
  CHECK(document.element(list, 2) == kNoNode);
  CHECK(document.node(document.element(list, 0)).kind == NodeKind::True);
}

TEST_CASE("find_member ignores ASCII case and returns the member as spelled", "[document]") {
  Document document = parse_ok(R"({"Properties": {"securityProfile": {}}, "TYPE": "x"})");
  NodeId properties = document.find_member(document.root(), "properties");
  REQUIRE(properties != kNoNode);
  CHECK(document.key(properties) == "Properties");
  CHECK(document.key(document.find_member(properties, "SECURITYPROFILE")) == "securityProfile");
  CHECK(document.key(document.find_member(document.root(), "type")) == "TYPE");
  CHECK(document.find_member(document.root(), "propertie") == kNoNode);
  CHECK(document.find_member(properties, "properties") == kNoNode);
  CHECK(document.find_member(document.find_member(document.root(), "type"), "x") == kNoNode);
}

TEST_CASE("find_member compares decoded keys", "[document]") {
  Document document = parse_ok(R"({"caf\u00e9": 1, "a\/b": 2})");
  CHECK(document.find_member(document.root(), "caf\xC3\xA9") != kNoNode);
  CHECK(document.find_member_exact(document.root(), "a/b") != kNoNode);
}

TEST_CASE("find_member_exact matches case and finds the member whose value counts", "[document]") {
  Document document = parse_ok(R"({"name": 1, "Name": 2, "name": 3})");
  NodeId exact = document.find_member_exact(document.root(), "name");
  REQUIRE(exact != kNoNode);
  CHECK(document.value(exact) == 3);  // the later duplicate, as in the semantic value
  CHECK(document.value(document.find_member_exact(document.root(), "Name")) == 2);
  CHECK(document.find_member_exact(document.root(), "NAME") == kNoNode);
  CHECK(document.value(document.find_member(document.root(), "NAME")) == 1);  // the first
}

TEST_CASE("duplicate_keys reports keys repeated in one object, ignoring case", "[document]") {
  Document document = parse_ok(R"({
    "name": "a",
    "inner": {"x": 1, "y": 2},
    "Name": "b",
    "other": {"x": 1},
    "list": [{"k": 1, "K": 2}]
  })");
  auto duplicates = document.duplicate_keys();
  REQUIRE(duplicates.size() == 2);
  CHECK(document.key(duplicates[0].first) == "name");
  CHECK(document.key(duplicates[0].second) == "Name");
  CHECK(document.key(duplicates[1].first) == "k");
  CHECK(document.key(duplicates[1].second) == "K");
  CHECK(parse_ok(R"({"a": {"b": 1}, "b": {"a": 1}})").duplicate_keys().empty());
}

TEST_CASE("pointer_to and resolve are inverse, with '/' and '~' in keys", "[document]") {
  Document document = parse_ok(R"({
    "a/b": {"c~d": [10, {"~1": "deep"}]},
    "": {"empty key": true}
  })");
  NodeId deep = at(document, "/a~1b/c~0d/1/~01");
  CHECK(document.string_value(deep) == "deep");
  JsonPointer path = document.pointer_to(deep);
  CHECK(path.tokens() == std::vector<std::string>{"a/b", "c~d", "1", "~1"});
  CHECK(path.to_string() == "/a~1b/c~0d/1/~01");
  CHECK(document.resolve(path) == deep);

  for (NodeId id = 0; id < document.node_count(); ++id) {
    INFO(document.pointer_to(id).to_string());
    CHECK(document.resolve(document.pointer_to(id)) == id);
  }
  CHECK(document.pointer_to(document.root()).is_root());
  CHECK(document.resolve(JsonPointer()) == document.root());
  CHECK(document.value(at(document, "//empty key")) == true);
}

TEST_CASE("resolve rejects what does not name a node", "[document]") {
  Document document = parse_ok(R"({"list": [1, 2], "s": "text"})");
  CHECK(document.resolve(pointer("/missing")) == kNoNode);
  CHECK(document.resolve(pointer("/List")) == kNoNode);  // pointers are exact
  CHECK(document.resolve(pointer("/list/2")) == kNoNode);
  CHECK(document.resolve(pointer("/list/01")) == kNoNode);
  CHECK(document.resolve(pointer("/list/-")) == kNoNode);
  CHECK(document.resolve(pointer("/list/+1")) == kNoNode);
  CHECK(document.resolve(pointer("/s/0")) == kNoNode);
  CHECK(document.resolve(pointer("/list/99999999999999999999")) == kNoNode);
}

TEST_CASE("value() gives numbers as nlohmann reads them", "[document]") {
  Document document = parse_ok(R"([1.50, 1e3, -0, 2E-2, 42, -7, 18446744073709551615, 0.1])");
  const auto value = document.value(document.root());
  CHECK(value ==
        nlohmann::json::parse(R"([1.50, 1e3, -0, 2E-2, 42, -7, 18446744073709551615, 0.1])"));
  CHECK(value[0].get<double>() == 1.5);
  CHECK(value[1].get<double>() == 1000.0);
  CHECK(value[4].is_number_integer());
  CHECK(value[6].is_number_unsigned());
  CHECK(value_text(document, "/0") == "1.50");  // the spelling stays in the text
}

TEST_CASE("value() keeps a number beyond a double's range as its spelling", "[document]") {
  // nlohmann refuses to read 41e999; the document parses it (it is JSON), so value() must work.
  Document document = parse_ok(R"({"big": 41e999, "small": -1E999, "same": 41e999, "n": 1})");
  const auto value = document.value(document.root());
  REQUIRE(value["big"].is_binary());
  CHECK(std::string(value["big"].get_binary().begin(), value["big"].get_binary().end()) ==
        "41e999");
  CHECK(value["big"] == value["same"]);
  CHECK(value["big"] != value["small"]);
  CHECK(value["n"] == 1);
}

TEST_CASE("value() decodes escapes and keeps raw line breaks in strings", "[document]") {
  Document document = parse_ok(
      "{\"e\": \"caf\\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\", \"pair\": \"\\ud83d\\ude00\","
      " \"raw\": \"one\r\ntwo\nthree\", \"plain\": \"caf\xC3\xA9\"}");
  CHECK(document.string_value(at(document, "/e")) == "caf\xC3\xA9 \"q\" \\ / \b\f\n\r\t");
  CHECK(document.string_value(at(document, "/pair")) == "\xF0\x9F\x98\x80");
  CHECK(document.string_value(at(document, "/raw")) == "one\r\ntwo\nthree");
  CHECK(document.value(at(document, "/plain")) == "caf\xC3\xA9");
  CHECK(document.value(document.root())["e"] == "caf\xC3\xA9 \"q\" \\ / \b\f\n\r\t");
}

TEST_CASE("value() lets a later duplicate key win, as nlohmann does", "[document]") {
  const std::string text = R"({"a": 1, "b": {"x": 1}, "a": 2})";
  Document document = parse_ok(text);
  CHECK(document.value(document.root()) == nlohmann::json::parse(text));
  CHECK(document.value(document.root())["a"] == 2);
}

TEST_CASE("a UTF-8 byte order mark is detected and kept", "[document]") {
  Document with = parse_ok("\xEF\xBB\xBF{\"a\": 1}");
  CHECK(with.has_bom());
  CHECK(with.text().substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(with.node(with.root()).value.begin == 3);
  CHECK(with.position(3).column == 1);  // an editor does not show the mark

  Document without = parse_ok("{\"a\": 1}");
  CHECK_FALSE(without.has_bom());
  CHECK(without.node(without.root()).value.begin == 0);
}

TEST_CASE("position() counts lines by any line break and columns by characters", "[document]") {
  const std::string text = "{\r\n  \"caf\xC3\xA9\": 1,\n\t\"b\": 2,\r\"c\": 3\n}";
  Document document = parse_ok(text);
  auto position = [&](std::size_t offset) {
    auto p = document.position(offset);
    return std::make_pair(p.line, p.column);
  };
  CHECK(position(0) == std::make_pair(1u, 1u));
  CHECK(position(text.find("\"caf")) == std::make_pair(2u, 3u));
  CHECK(position(text.find(": 1")) == std::make_pair(2u, 9u));    // é is one column
  CHECK(position(text.find("\"b\"")) == std::make_pair(3u, 2u));  // a tab is one column
  CHECK(position(text.find("\"c\"")) == std::make_pair(4u, 1u));  // after a lone CR
  CHECK(position(text.size() - 1) == std::make_pair(5u, 1u));
  CHECK(position(text.size()) == std::make_pair(5u, 2u));
  CHECK(armfix::position_of(text, text.find("\"c\"")).line == 4);
}

TEST_CASE("position() agrees with a plain scan in any order of offsets", "[document]") {
  // Every kind of line break, CRLF split across the offsets asked, a BOM, multi-byte characters
  // and a long run of lines, so that the counting crosses its 255-byte blocks.
  std::string text = "\xEF\xBB\xBF{\r\n\"a\": \"\xC3\xA9\",\r\r\n\n\r";
  for (int i = 0; i < 300; ++i)
    text += i % 3 == 0 ? "  \"k\": 1,\r\n" : i % 3 == 1 ? "\t\"k\": 2,\n" : "\"k\": 3,\r";
  text += "\"z\": 0}\r\n";
  Document document = parse_ok(text);
  std::vector<std::size_t> offsets;
  for (std::size_t offset = 0; offset <= text.size(); offset += 7)
    offsets.push_back(offset);
  for (std::size_t back = 0; back <= text.size(); back += 13)  // backwards as well
    offsets.push_back(text.size() - back);
  for (std::size_t offset = 0; offset < text.size(); ++offset) {
    if (text[offset] == '\n' || text[offset] == '\r') offsets.push_back(offset);
  }
  for (std::size_t offset : offsets) {
    INFO("offset " << offset);
    const auto expected = armfix::position_of(text, offset);  // byte by byte from the start
    const auto found = document.position(offset);
    CHECK(found.line == expected.line);
    CHECK(found.column == expected.column);
  }
}

TEST_CASE("the nesting limit can be chosen", "[document]") {
  CHECK(Document::parse("[[[1]]]", armfix::ParseLimits{3}).ok());
  auto deeper = Document::parse("[[[[1]]]]", armfix::ParseLimits{3});
  REQUIRE_FALSE(deeper.ok());
  CHECK(deeper.error().message == "nesting deeper than 3 levels");
  CHECK(deeper.error().position.column == 4);
}

TEST_CASE("equals_ignore_case folds ASCII letters only", "[document]") {
  CHECK(armfix::equals_ignore_case("securityProfile", "SECURITYPROFILE"));
  CHECK(armfix::equals_ignore_case("", ""));
  CHECK_FALSE(armfix::equals_ignore_case("abc", "abcd"));
  CHECK_FALSE(armfix::equals_ignore_case("caf\xC3\xA9", "CAF\xC3\x89"));  // é vs É
  CHECK_FALSE(armfix::equals_ignore_case("a[", "A{"));  // '[' and '{' are not letters
}
