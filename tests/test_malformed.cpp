// Specifies how malformed input is reported: for each class of error, the message and the
// line and column (in characters) a user's editor would show, and never a crash.
#include "armfix/document.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "support.hpp"

namespace {

using armfix::Document;
using armfix::test::wide;

struct Reported {
  std::string message;
  std::uint32_t line;
  std::uint32_t column;

  friend bool operator==(const Reported& a, const Reported& b) {
    return a.message == b.message && a.line == b.line && a.column == b.column;
  }
  friend std::ostream& operator<<(std::ostream& out, const Reported& r) {
    return out << r.line << ":" << r.column << ": " << r.message;
  }
};

Reported error_of(const std::string& text) {
  auto parsed = Document::parse(text);
  INFO(text);
  REQUIRE_FALSE(parsed.ok());
  const auto& error = parsed.error();
  CHECK(armfix::position_of(text, error.offset).line == error.position.line);
  return Reported{error.message, error.position.line, error.position.column};
}

}  // namespace

TEST_CASE("an unterminated string is reported where it starts", "[malformed]") {
  CHECK(error_of("{\n  \"a\": \"abc\n}") == Reported{"unterminated string", 2, 8});
  CHECK(error_of("{\"a\": \"abc\\\"") == Reported{"unterminated string", 1, 7});
}

TEST_CASE("an unterminated block comment is reported where it starts", "[malformed]") {
  CHECK(error_of("{\n  /* note\n  \"a\": 1\n}") == Reported{"unterminated /* comment", 2, 3});
  CHECK(error_of("{} /*/") == Reported{"unterminated /* comment", 1, 4});
}

TEST_CASE("a missing colon is reported at what follows the name", "[malformed]") {
  CHECK(error_of("{\"a\" 1}") == Reported{"expected ':' after member name, found '1'", 1, 6});
  CHECK(error_of("{\"a\"}") == Reported{"expected ':' after member name, found '}'", 1, 5});
}

TEST_CASE("a missing comma between members is reported at the next member", "[malformed]") {
  CHECK(error_of("{\n  \"a\": 1\n  \"b\": 2\n}") ==
        Reported{"expected ',' or '}' after member, found '\"'", 3, 3});
}

TEST_CASE("a missing comma between elements is reported at the next element", "[malformed]") {
  CHECK(error_of("[1 2]") == Reported{"expected ',' or ']' after element, found '2'", 1, 4});
  CHECK(error_of("[\"a\" {}]") == Reported{"expected ',' or ']' after element, found '{'", 1, 6});
}

TEST_CASE("a misspelt literal is reported where it starts", "[malformed]") {
  CHECK(error_of("{\"a\": tru}") == Reported{"invalid literal: expected 'true'", 1, 7});
  CHECK(error_of("[nul]") == Reported{"invalid literal: expected 'null'", 1, 2});
  CHECK(error_of("[fals]") == Reported{"invalid literal: expected 'false'", 1, 2});
  CHECK(error_of("[True]") == Reported{"expected a value, found 'T'", 1, 2});
  CHECK(error_of("[undefined]") == Reported{"expected a value, found 'u'", 1, 2});
}

TEST_CASE("malformed numbers are reported at the faulty character", "[malformed]") {
  CHECK(error_of("[01]") == Reported{"invalid number: leading zero", 1, 3});
  CHECK(error_of("[-01]") == Reported{"invalid number: leading zero", 1, 4});
  CHECK(error_of("[1.]") ==
        Reported{"invalid number: expected a digit after '.', found ']'", 1, 4});
  CHECK(error_of("[-]") == Reported{"invalid number: expected a digit, found ']'", 1, 3});
  CHECK(error_of("-") == Reported{"invalid number: expected a digit, found end of file", 1, 2});
  CHECK(error_of("[1e]") ==
        Reported{"invalid number: expected a digit in the exponent, found ']'", 1, 4});
  CHECK(error_of("[1e+]") ==
        Reported{"invalid number: expected a digit in the exponent, found ']'", 1, 5});
  CHECK(error_of("[.5]") == Reported{"expected a value, found '.'", 1, 2});
  CHECK(error_of("[+1]") == Reported{"expected a value, found '+'", 1, 2});
}

TEST_CASE("an invalid escape is reported at its backslash", "[malformed]") {
  CHECK(error_of(R"({"a": "x\q"})") == Reported{"invalid escape sequence '\\q' in string", 1, 9});
  CHECK(error_of("[\"\\\xC3\xA9\"]") ==
        Reported{"invalid escape sequence: '\\' followed by non-ASCII character", 1, 3});
  CHECK(error_of("[\"a\\\nb\"]") ==
        Reported{"invalid escape sequence: '\\' followed by line break", 1, 4});
}

TEST_CASE("a backslash-u escape without 4 hexadecimal digits is reported", "[malformed]") {
  CHECK(error_of(R"(["\u12G4"])") ==
        Reported{"invalid \\u escape: expected 4 hexadecimal digits", 1, 7});
  CHECK(error_of(R"(["\u12"])") ==
        Reported{"invalid \\u escape: expected 4 hexadecimal digits", 1, 7});
}

TEST_CASE("an unpaired surrogate is reported at its escape", "[malformed]") {
  CHECK(error_of(R"(["ab\uD800"])") ==
        Reported{"invalid \\u escape: unpaired high surrogate", 1, 5});
  CHECK(error_of(R"(["\uD800\u0041"])") ==
        Reported{"invalid \\u escape: unpaired high surrogate", 1, 3});
  CHECK(error_of(R"(["\uDC00"])") == Reported{"invalid \\u escape: unpaired low surrogate", 1, 3});
  CHECK(Document::parse(R"(["\uD83D\uDE00"])").ok());
}

TEST_CASE("invalid UTF-8 is reported in strings and comments", "[malformed]") {
  CHECK(error_of("[\"caf\xC3\xA9 \xFF\"]") == Reported{"invalid UTF-8 byte sequence", 1, 8});
  CHECK(error_of("[\"\xC3\"]") == Reported{"invalid UTF-8 byte sequence", 1, 3});      // truncated
  CHECK(error_of("[\"\xC0\xAF\"]") == Reported{"invalid UTF-8 byte sequence", 1, 3});  // overlong
  CHECK(error_of("[\"\xED\xA0\x80\"]") == Reported{"invalid UTF-8 byte sequence", 1, 3});
  CHECK(error_of("// \xFE\n{}") == Reported{"invalid UTF-8 byte sequence", 1, 4});
  CHECK(error_of("{} /* \x80 */") == Reported{"invalid UTF-8 byte sequence", 1, 7});
  CHECK(error_of("[\xFF]") == Reported{"expected a value, found non-ASCII character", 1, 2});
}

TEST_CASE("UTF-16 and UTF-32 text is refused at 1:1, naming its encoding", "[malformed]") {
  const std::string text = "{\"a\": 1}";
  auto refused = [](const std::string& encoding, const std::string& iconv_name) {
    return Reported{"file is encoded as " + encoding +
                        "; armfix reads UTF-8 only (convert it with iconv -f " + iconv_name +
                        " -t UTF-8)",
                    1, 1};
  };
  auto refused_without_mark = [](const std::string& encoding, const std::string& iconv_name) {
    return Reported{
        "file appears to be encoded as " + encoding +
            ", without a byte-order mark; armfix reads UTF-8 only (convert it with iconv -f " +
            iconv_name + " -t UTF-8)",
        1, 1};
  };
  // UTF-32 little-endian's mark begins with UTF-16 little-endian's: it is told apart first.
  CHECK(error_of(std::string("\xFF\xFE\0\0", 4) + wide(text, 4, false)) ==
        refused("UTF-32 (little-endian)", "UTF-32"));
  CHECK(error_of(std::string("\0\0\xFE\xFF", 4) + wide(text, 4, true)) ==
        refused("UTF-32 (big-endian)", "UTF-32"));
  CHECK(error_of("\xFF\xFE" + wide(text, 2, false)) == refused("UTF-16 (little-endian)", "UTF-16"));
  CHECK(error_of("\xFE\xFF" + wide(text, 2, true)) == refused("UTF-16 (big-endian)", "UTF-16"));
  CHECK(error_of(wide(text, 2, false)) ==
        refused_without_mark("UTF-16 (little-endian)", "UTF-16LE"));
  CHECK(error_of(wide(text, 2, true)) == refused_without_mark("UTF-16 (big-endian)", "UTF-16BE"));
  CHECK(error_of(wide(text, 4, false)) ==
        refused_without_mark("UTF-32 (little-endian)", "UTF-32LE"));
  CHECK(error_of(wide(text, 4, true)) == refused_without_mark("UTF-32 (big-endian)", "UTF-32BE"));
  CHECK(Document::parse("\xEF\xBB\xBF" + text).ok());  // UTF-8's mark is UTF-8
}

TEST_CASE("an empty document is an error", "[malformed]") {
  CHECK(error_of("") == Reported{"empty document: expected a JSON value", 1, 1});
  CHECK(error_of("\xEF\xBB\xBF") == Reported{"empty document: expected a JSON value", 1, 1});
  CHECK(error_of("  // only a comment\n") ==
        Reported{"empty document: expected a JSON value", 2, 1});
}

TEST_CASE("text after the root value is an error", "[malformed]") {
  CHECK(error_of("{}\n{}") == Reported{"unexpected '{' after the root value", 2, 1});
  CHECK(error_of("{} x") == Reported{"unexpected 'x' after the root value", 1, 4});
  CHECK(error_of("1 2") == Reported{"unexpected '2' after the root value", 1, 3});
}

TEST_CASE("single-quoted strings are rejected with a hint", "[malformed]") {
  CHECK(error_of("{'a': 1}") == Reported{"member names must be in double quotes, found '''", 1, 2});
  CHECK(error_of("{\"a\": 'x'}") == Reported{"strings must be in double quotes, found '''", 1, 7});
}

TEST_CASE("structural errors name what was expected", "[malformed]") {
  CHECK(error_of("{\"a\": 1,") ==
        Reported{"unexpected end of file: expected a member or '}'", 1, 9});
  CHECK(error_of("[1,") == Reported{"unexpected end of file: expected a value or ']'", 1, 4});
  CHECK(error_of("{\"a\":") == Reported{"unexpected end of file: expected a value", 1, 6});
  CHECK(error_of("{a: 1}") ==
        Reported{"expected a member name in double quotes or '}', found 'a'", 1, 2});
  CHECK(error_of("[,]") == Reported{"expected a value, found ','", 1, 2});
  CHECK(error_of("{,}") ==
        Reported{"expected a member name in double quotes or '}', found ','", 1, 2});
  CHECK(error_of("[1,,2]") == Reported{"expected a value, found ','", 1, 4});
  CHECK(error_of("{\"a\": 1 /* c */ ]") ==
        Reported{"expected ',' or '}' after member, found ']'", 1, 17});
  CHECK(error_of("[\x01]") == Reported{"expected a value, found control character", 1, 2});
}

TEST_CASE("nesting beyond the limit is a clean error", "[malformed]") {
  CHECK(error_of(std::string(5000, '[')) == Reported{"nesting deeper than 1000 levels", 1, 1001});
  CHECK(error_of(std::string(100000, '{')) ==
        Reported{"expected a member name in double quotes or '}', found '{'", 1, 2});
  std::string objects;
  for (int i = 0; i < 5000; ++i)
    objects += "{\"a\":";
  CHECK(error_of(objects) == Reported{"nesting deeper than 1000 levels", 1, 5 * 1000 + 1});
}

TEST_CASE("nesting within the limit parses", "[malformed]") {
  const std::string deep = std::string(900, '[') + "1" + std::string(900, ']');
  auto parsed = Document::parse(deep);
  REQUIRE(parsed.ok());
  nlohmann::json value = parsed.value().value(parsed.value().root());
  CHECK(value == nlohmann::json::parse(deep));
  CHECK(Document::parse(std::string(1000, '[') + std::string(1000, ']')).ok());
  CHECK_FALSE(Document::parse(std::string(1001, '[') + std::string(1001, ']')).ok());
}

TEST_CASE("CRLF counts as one line break", "[malformed]") {
  CHECK(error_of("{\r\n  \"a\": 1,\r\n  \"b\" 2\r\n}") ==
        Reported{"expected ':' after member name, found '2'", 3, 7});
}

TEST_CASE("a lone CR counts as a line break", "[malformed]") {
  CHECK(error_of("{\r  \"a\": 1,\r  \"b\" 2\r}") ==
        Reported{"expected ':' after member name, found '2'", 3, 7});
  CHECK(error_of("{\r\r\n\n  x}") ==
        Reported{"expected a member name in double quotes or '}', found 'x'", 4, 3});
}

TEST_CASE("columns count characters, not bytes", "[malformed]") {
  CHECK(error_of("{\"caf\xC3\xA9\": 1 \"b\": 2}") ==
        Reported{"expected ',' or '}' after member, found '\"'", 1, 12});
  CHECK(error_of("{\"\xF0\x9F\x98\x80\xE2\x82\xAC\": x}") ==
        Reported{"expected a value, found 'x'", 1, 8});
  CHECK(error_of("\xEF\xBB\xBF{ x") ==
        Reported{"expected a member name in double quotes or '}', found 'x'", 1, 3});
}
