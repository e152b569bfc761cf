// UTF-8 validation and the escaped form messages show of text that may not be UTF-8.
#include "core/utf8.hpp"

#include <catch2/catch.hpp>

TEST_CASE("is_valid_utf8 accepts UTF-8 and nothing else", "[utf8]") {
  CHECK(armfix::is_valid_utf8(""));
  CHECK(armfix::is_valid_utf8("/law-\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x01"));
  for (const char* invalid : {"\xC3(", "\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                              "\xF4\x90\x80\x80", "\xFF", "\x80"}) {
    INFO(invalid);
    CHECK_FALSE(armfix::is_valid_utf8(invalid));
  }
}

TEST_CASE("escaped_for_display shows invalid bytes and control characters as hex escapes",
          "[utf8]") {
  CHECK(armfix::escaped_for_display("plain /law") == "plain /law");
  CHECK(armfix::escaped_for_display("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");
  CHECK(armfix::escaped_for_display("a\xC3(b\xFF\r\n\x1B[31m\x7F") ==
        "a\\xC3(b\\xFF\\x0D\\x0A\\x1B[31m\\x7F");
  // A sequence cut short shows each of its bytes.
  CHECK(armfix::escaped_for_display("\xE2\x82") == "\\xE2\\x82");
}
