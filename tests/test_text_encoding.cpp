// Tests of encoding detection, and of the cluster pre-check on UTF-16 and UTF-32 text.
#include "io/text_encoding.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "cli/file_check.hpp"

#include "support.hpp"

namespace {

using armfix::detect_encoding;
using armfix::TextEncoding;
using armfix::test::wide;

}  // namespace

TEST_CASE("encodings are told by their byte-order mark, else by their NUL bytes", "[encoding]") {
  CHECK(detect_encoding(std::string("\xFF\xFE\0\0", 4)).encoding ==
        TextEncoding::Utf32LittleEndian);
  CHECK(detect_encoding(std::string("\0\0\xFE\xFF", 4)).encoding == TextEncoding::Utf32BigEndian);
  CHECK(detect_encoding("\xFF\xFE{\0").encoding == TextEncoding::Utf16LittleEndian);
  CHECK(detect_encoding("\xFE\xFF").bom_size == 2);
  CHECK(detect_encoding(wide("{}", 2, true)).encoding == TextEncoding::Utf16BigEndian);
  CHECK(detect_encoding(wide("{}", 2, true)).bom_size == 0);
  CHECK(detect_encoding(wide("[", 4, false)).encoding == TextEncoding::Utf32LittleEndian);
  CHECK(detect_encoding("\xEF\xBB\xBF{}").encoding == TextEncoding::Utf8);
  CHECK(detect_encoding("{}").encoding == TextEncoding::Utf8);
  CHECK(detect_encoding(std::string("{\0", 2)).encoding == TextEncoding::Utf8);  // too short
  CHECK_FALSE(armfix::unsupported_encoding("{\"a\": \"caf\xC3\xA9\"}").has_value());
}

TEST_CASE("the cluster pre-check finds the marker in UTF-16 and UTF-32 text", "[encoding]") {
  const std::string type = R"({"type": "Microsoft.ContainerService/ManagedClusters"})";
  CHECK(armfix::may_hold_cluster_in_any_encoding("\xFF\xFE" + wide(type, 2, false)));
  CHECK(armfix::may_hold_cluster_in_any_encoding(wide(type, 4, true)));
  CHECK_FALSE(armfix::may_hold_cluster(wide(type, 2, false)));
  CHECK_FALSE(armfix::may_hold_cluster_in_any_encoding("\xFE\xFF" + wide("{}", 2, true)));
  // A character beyond ASCII is no letter of the marker, though its low byte may look like one.
  std::string lookalike = "\xFF\xFE" + wide("managedclusters", 2, false);
  CHECK(armfix::may_hold_cluster_in_any_encoding(lookalike));
  lookalike[3] = '\x01';  // U+016D, not 'm'
  CHECK_FALSE(armfix::may_hold_cluster_in_any_encoding(lookalike));
}
