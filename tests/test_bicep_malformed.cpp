// Malformed Bicep: every error names the line and column of its first problem with a message a
// person can act on, no matter where in the file or how deep it is; the pipeline then leaves
// the text alone.
#include <catch2/catch.hpp>

#include "armfix/bicep_pipeline.hpp"
#include "bicep/bicep_document.hpp"

#include "support.hpp"

using namespace armfix;
using armfix::test::wide;

namespace {

struct Malformed {
  const char* name;
  std::string text;
  std::uint32_t line;
  std::uint32_t column;
  const char* message;
};

std::string repeated(const std::string& text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i)
    out += text;
  return out;
}

const std::vector<Malformed>& malformed_inputs() {
  static const std::vector<Malformed> inputs = {
      {"unterminated string", "param a string = 'abc\n", 1, 18,
       "unterminated string: a '...' string must close on its line"},
      {"unterminated block comment", "param a string\n/* never closed\n", 2, 1,
       "unterminated comment '/*'"},
      {"unterminated multi-line string", "var s = '''\nabc\n", 1, 9,
       "unterminated multi-line string '''"},
      {"unknown escape", "var s = 'a\\qb'\n", 1, 11,
       "unknown escape sequence '\\q' (Bicep knows \\\\ \\' \\n \\r \\t \\$ \\u{...})"},
      {"bad unicode escape", "var s = '\\u{zz}'\n", 1, 10,
       "invalid unicode escape: expected \\u{hex digits}"},
      {"unclosed object", "resource a 'T@1' = {\n  name: 'a'\n", 3, 1,
       "expected the closing bracket of '{' at line 1, column 20, found the end of the file"},
      {"unclosed array", "var a = [\n  1\n  2\n", 4, 1,
       "expected the closing bracket of '[' at line 1, column 9, found the end of the file"},
      {"missing colon", "var o = {\n  name 'a'\n}\n", 2, 8,
       "expected ':' after the property name, found a string"},
      {"missing equals", "resource a 'T@1' {\n}\n", 1, 18, "expected '=', found '{'"},
      {"missing type string", "resource a = {}\n", 1, 12,
       "expected the resource type string 'Type@apiVersion', found '='"},
      {"two properties on one line without a comma", "var o = {\n  a: 1 b: 2\n}\n", 2, 8,
       "expected a new line, ',' or '}' after the property, found 'b'"},
      {"stray character", "var a = 1 ; \n", 1, 11, "unexpected character ';'"},
      {"control character", "var a = 1\x0c\n", 1, 10, "unexpected character '\\x0C'"},
      {"stray closing brace", "var a = 1\n}\n", 2, 1,
       "expected a declaration (param, var, resource, module, output, type, func, ...), found "
       "'}'"},
      {"unknown statement", "bad\n", 1, 1,
       "expected a declaration (param, var, resource, module, output, type, func, ...), found "
       "'bad'"},
      {"two declarations on one line", "param a string param b string\n", 1, 16,
       "expected a new line after the declaration, found 'param'"},
      {"column counts characters", "var s = 'h\xC3\xA9llo' ^\n", 1, 17, "unexpected character '^'"},
      {"import with nothing to import", "import// c\nparam a string\n", 1, 11,
       "expected the rest of the 'import' statement, found a new line"},
      {"loop without in", "var a = [for x xs: x]\n", 1, 16, "expected 'in', found 'xs'"},
      {"condition without parentheses", "resource a 'T@1' = if cond {\n}\n", 1, 23,
       "expected '(' after 'if', found 'cond'"},
      {"missing value after CRLF", "param a string\r\nvar c = {\r\n  d: \r\n}\r\n", 3, 6,
       "expected a value, found a new line"},
      {"after a byte order mark", "\xEF\xBB\xBFvar a = ]\n", 1, 9, "expected a value, found ']'"},
      {"nesting too deep", "var a = " + std::string(500, '[') + std::string(500, ']') + "\n", 1,
       409, "nesting deeper than 400 levels"},
      {"long ?? chain", "var a = " + repeated("x ?? ", 2000) + "x\n", 1, 2009,
       "nesting deeper than 400 levels"},
      {"property given twice, once quoted", "var o = {\n  name: 'a'\n  'name': 'b'\n}\n", 3, 3,
       "property 'name' given twice in one object (also at 2:3); Bicep does not compile it"},
      {"property given twice in a resource body",
       "resource a 'T@1' = {\n  name: 'a'\n  properties: {}\n  tags: {}\n  properties: {}\n}\n", 5,
       3,
       "property 'properties' given twice in one object (also at 3:3); Bicep does not compile "
       "it"},
  };
  return inputs;
}

}  // namespace

TEST_CASE("malformed bicep: each error is reported at its line and column", "[bicep][errors]") {
  for (const auto& input : malformed_inputs()) {
    INFO(input.name);
    auto parsed = BicepDocument::parse(input.text);
    REQUIRE_FALSE(parsed.ok());
    const SourceError& error = parsed.error();
    CHECK(error.position.line == input.line);
    CHECK(error.position.column == input.column);
    CHECK(error.message == input.message);
    CHECK(error.offset <= input.text.size());
  }
}

TEST_CASE("malformed bicep: the pipeline reports the error and changes nothing",
          "[bicep][errors]") {
  PipelineOptions options = test::defender_only();
  options.unsafe_fixes = true;
  for (const auto& input : malformed_inputs()) {
    INFO(input.name);
    std::string text =
        "resource aks 'Microsoft.ContainerService/managedClusters@2020-01-01' = {\n"
        "  name: 'aks'\n"
        "}\n" +
        input.text;
    FileOutcome outcome = process_bicep_text(text, options);
    CHECK(outcome.kind == FileKind::Invalid);
    REQUIRE(outcome.error);
    CHECK(outcome.error->position.line == input.line + 3);
    CHECK(outcome.findings.empty());
    CHECK_FALSE(outcome.changed());
    CHECK(outcome.fixed_text == text);
  }
}

TEST_CASE("malformed bicep: a grammar error before a lexical one is reported first",
          "[bicep][errors]") {
  auto parsed = BicepDocument::parse("var a = = 1\nvar b = 'unterminated\n");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().position.line == 1);
  CHECK(parsed.error().position.column == 9);
  CHECK(parsed.error().message == "expected a value, found '='");
}

TEST_CASE("malformed bicep: a UTF-16 or UTF-32 file is refused, naming its encoding",
          "[bicep][errors]") {
  const std::string text = "param a string\n";
  struct Encoded {
    std::string bytes;
    const char* message;
  };
  const std::string utf16le = std::string("\xFF\xFE", 2) + wide(text, 2, false);
  const std::string utf32be = std::string("\0\0\xFE\xFF", 4) + wide(text, 4, true);
  const Encoded inputs[] = {
      {utf16le,
       "file is encoded as UTF-16 (little-endian); armfix reads UTF-8 only (convert it with "
       "iconv -f UTF-16 -t UTF-8)"},
      {utf32be,
       "file is encoded as UTF-32 (big-endian); armfix reads UTF-8 only (convert it with iconv "
       "-f UTF-32 -t UTF-8)"},
  };
  for (const auto& input : inputs) {
    INFO(input.message);
    auto parsed = BicepDocument::parse(input.bytes);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().position.line == 1);
    CHECK(parsed.error().position.column == 1);
    CHECK(parsed.error().message == input.message);
    FileOutcome outcome = process_bicep_text(input.bytes, test::defender_only());
    CHECK(outcome.kind == FileKind::Invalid);
    CHECK(outcome.fixed_text == input.bytes);
  }
}
