// Specifies style detection: the formatting habits measured from a document, which the engine
// copies when it writes new text.
#include "json/style.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "golden_support.hpp"

namespace {

using armfix::detect_style;
using armfix::Style;
using armfix::test::parse_ok;

Style style_of(const std::string& text) {
  return detect_style(parse_ok(text));
}

// A small template whose every level is indented by `unit`.
std::string nested(const std::string& unit) {
  return "{\n" + unit + "\"a\": {\n" + unit + unit + "\"b\": [\n" + unit + unit + unit + "1\n" +
         unit + unit + "]\n" + unit + "},\n" + unit + "\"c\": 2\n}\n";
}

}  // namespace

TEST_CASE("the indent unit is measured from the lines", "[style]") {
  CHECK(style_of(nested("  ")).indent_unit == "  ");
  CHECK(style_of(nested("    ")).indent_unit == "    ");
  CHECK(style_of(nested("        ")).indent_unit == "        ");
  CHECK(style_of(nested("\t")).indent_unit == "\t");
}

TEST_CASE("the indent unit is the most common step, not the first one", "[style]") {
  // The root's members sit 2 spaces in, but every deeper level steps by 4.
  const std::string text =
      "{\n  \"a\": {\n      \"b\": {\n          \"c\": 1\n      }\n  },\n"
      "  \"d\": {\n      \"e\": 2\n  }\n}\n";
  CHECK(style_of(text).indent_unit == "    ");
}

TEST_CASE("a one-line document keeps the default indent unit", "[style]") {
  CHECK(style_of(R"({"a": {"b": 1}})").indent_unit == "  ");
}

TEST_CASE("the dominant line ending is detected", "[style]") {
  CHECK(style_of("{\n  \"a\": 1\n}\n").newline == "\n");
  CHECK(style_of("{\r\n  \"a\": 1\r\n}\r\n").newline == "\r\n");
  CHECK(style_of("{\r\n  \"a\": 1,\r\n  \"b\": 2\n}\r\n").newline == "\r\n");
  CHECK(style_of("{\n  \"a\": 1,\n  \"b\": 2\r\n}\n").newline == "\n");
  CHECK(style_of("{\r  \"a\": 1,\r  \"b\": 2\r}\r").newline == "\r");
  CHECK(style_of("{\"a\":\r1}").newline == "\r");  // one lone CR in a one-line file
}

TEST_CASE("a final line break is detected", "[style]") {
  CHECK(style_of("{}\n").final_newline);
  CHECK(style_of("{}\r\n").final_newline);
  CHECK_FALSE(style_of("{}").final_newline);
  CHECK_FALSE(style_of("{\n  \"a\": 1\n}").final_newline);
  CHECK(style_of("{} // done\n").final_newline);
}

TEST_CASE("the space after a colon is detected", "[style]") {
  CHECK(style_of(R"({"a": 1, "b": {"c": 2}})").space_after_colon);
  CHECK_FALSE(style_of(R"({"a":1,"b":{"c":2}})").space_after_colon);
  CHECK_FALSE(style_of(R"({"a":1,"b":{"c":2},"d": 3})").space_after_colon);  // the majority
}

TEST_CASE("the space after a comma in one-line containers is detected", "[style]") {
  CHECK(style_of(R"({"a": [1, 2, 3]})").space_after_comma);
  CHECK_FALSE(style_of(R"({"a":[1,2,3],"b":1})").space_after_comma);
  CHECK_FALSE(style_of(R"({"a":1})").space_after_comma);  // no comma: as the colon goes
  CHECK(style_of(R"({"a": 1})").space_after_comma);
  CHECK(style_of("{\n  \"a\": [1, 2],\n  \"b\": 3\n}\n").space_after_comma);
}

TEST_CASE("trailing commas are detected in multi-line containers", "[style]") {
  CHECK(style_of("{\n  \"a\": [\n    1,\n  ],\n  \"b\": 2,\n}\n").trailing_commas);
  CHECK_FALSE(style_of("{\n  \"a\": [\n    1\n  ],\n  \"b\": 2\n}\n").trailing_commas);
  CHECK_FALSE(style_of("{\n  \"a\": [1,],\n  \"b\": 2\n}\n").trailing_commas);  // one-line only
}

TEST_CASE("padding of one-line objects and arrays is detected separately", "[style]") {
  Style padded = style_of("{\n  \"a\": { \"x\": 1 },\n  \"b\": [1, 2],\n  \"c\": [3]\n}\n");
  CHECK(padded.padded_single_line);
  CHECK_FALSE(padded.padded_single_line_arrays);

  Style tight = style_of("{\n  \"a\": {\"x\": 1},\n  \"b\": [ 1, 2 ],\n  \"c\": [ 3 ]\n}\n");
  CHECK_FALSE(tight.padded_single_line);
  CHECK(tight.padded_single_line_arrays);

  Style defaults = style_of("{\n  \"a\": 1\n}\n");  // nothing to measure
  CHECK(defaults.padded_single_line);
  CHECK_FALSE(defaults.padded_single_line_arrays);
}

TEST_CASE("is_single_line tells one-line values from spread ones", "[style]") {
  auto document =
      parse_ok("{\n  \"a\": { \"x\": 1 },\n  \"b\": [\n    1\n  ],\n  \"c\": \"x\ny\"\n}");
  CHECK_FALSE(armfix::is_single_line(document, document.root()));
  CHECK(armfix::is_single_line(document, document.find_member(document.root(), "a")));
  CHECK_FALSE(armfix::is_single_line(document, document.find_member(document.root(), "b")));
  CHECK_FALSE(armfix::is_single_line(document, document.find_member(document.root(), "c")));
}

TEST_CASE("line_indent and line_ending_at read the line around an offset", "[style]") {
  const std::string text = "{\r\n\t  \"a\": 1\n}";
  CHECK(armfix::line_indent(text, text.find("\"a\"")) == "\t  ");
  CHECK(armfix::line_indent(text, text.find('1')) == "\t  ");
  CHECK(armfix::line_indent(text, 0).empty());
  CHECK(armfix::line_ending_at(text, 0, "?") == "\r\n");
  CHECK(armfix::line_ending_at(text, text.find('1'), "?") == "\n");
  CHECK(armfix::line_ending_at(text, text.size() - 1, "?") == "?");
}
