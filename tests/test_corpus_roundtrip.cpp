// Specifies the document against real templates: every corpus file parses, prints back byte for
// byte, has the value nlohmann reads wherever nlohmann reads it, and has a consistent tree.
#include "armfix/document.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "golden_support.hpp"

namespace {

using armfix::Document;
using armfix::kNoNode;
using armfix::NodeId;
using armfix::test::corpus_files;
using armfix::test::parse_ok;
using armfix::test::read_bytes;

// nlohmann's reading of the text with comments allowed, or null when it rejects the text
// (trailing commas, raw line breaks in strings).
std::optional<nlohmann::json> nlohmann_value(const std::string& text) {
  try {
    return nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error&) {
    return std::nullopt;
  }
}

// Children lie inside their parent, in order, after their key, with commas between them.
void check_tree(const Document& document, NodeId id) {
  const auto& node = document.node(id);
  std::uint32_t at = node.value.begin + 1;
  std::uint32_t count = 0;
  for (NodeId child = node.first_child; child != kNoNode;
       child = document.node(child).next_sibling) {
    const auto& c = document.node(child);
    std::uint32_t begin = node.kind == armfix::NodeKind::Object ? c.key.begin : c.value.begin;
    if (c.parent != id || begin < at || c.value.end > node.value.end - 1) {
      FAIL("node " << child << " lies outside its place in "
                   << document.pointer_to(id).to_string());
    }
    if (c.next_sibling != kNoNode && c.comma == armfix::kNoOffset) FAIL("missing comma");
    at = c.comma != armfix::kNoOffset ? c.comma + 1 : c.value.end;
    if (c.is_container()) check_tree(document, child);
    ++count;
  }
  if (count != node.child_count) FAIL("child count of " << document.pointer_to(id).to_string());
}

}  // namespace

TEST_CASE("every corpus file parses and prints back byte for byte", "[corpus][document]") {
  for (const auto& path : corpus_files()) {
    INFO(path.string());
    std::string text = read_bytes(path);
    Document document = parse_ok(text);
    CHECK(document.text() == text);
    CHECK(document.node(document.root()).kind == armfix::NodeKind::Object);
  }
}

TEST_CASE("every corpus file has the value nlohmann reads, where nlohmann reads it",
          "[corpus][document]") {
  std::size_t compared = 0;
  std::size_t rejected_by_nlohmann = 0;
  for (const auto& path : corpus_files()) {
    INFO(path.string());
    std::string text = read_bytes(path);
    Document document = parse_ok(text);
    auto expected = nlohmann_value(text);
    if (!expected) {
      ++rejected_by_nlohmann;
      continue;
    }
    CHECK(document.value(document.root()) == *expected);
    ++compared;
  }
  INFO(compared << " compared, " << rejected_by_nlohmann << " rejected by nlohmann");
  CHECK(compared > 0);
  CHECK(compared >= rejected_by_nlohmann);
}

TEST_CASE("every corpus file has a consistent tree and resolvable pointers", "[corpus][document]") {
  for (const auto& path : corpus_files()) {
    INFO(path.string());
    Document document = parse_ok(read_bytes(path));
    check_tree(document, document.root());
    bool has_duplicates = !document.duplicate_keys().empty();
    for (NodeId id = 0; id < document.node_count(); id += 7) {
      NodeId resolved = document.resolve(document.pointer_to(id));
      REQUIRE(resolved != kNoNode);
      if (resolved == id) continue;
      // With a key given twice, the pointer names the later member, the one whose value counts.
      CHECK(has_duplicates);
      CHECK(document.pointer_to(resolved) == document.pointer_to(id));
    }
  }
}
