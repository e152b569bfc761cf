// Specifies Document::parse_edited: for any edit of a document, exactly the nodes (and errors)
// that parse gives the edited text, whether containers are reused or scanned again.
#include "armfix/document.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "armfix/engine.hpp"
#include "armfix/pipeline.hpp"
#include "golden_support.hpp"
#include "support.hpp"

namespace {

using armfix::Document;
using armfix::Node;
using armfix::Splice;
using armfix::splices_of;
using armfix::TextEdit;
using armfix::test::corpus_files;
using armfix::test::parse_ok;
using armfix::test::read_bytes;

bool same_node(const Node& a, const Node& b) {
  return a.value.begin == b.value.begin && a.value.end == b.value.end &&
         a.key.begin == b.key.begin && a.key.end == b.key.end && a.parent == b.parent &&
         a.first_child == b.first_child && a.last_child == b.last_child &&
         a.next_sibling == b.next_sibling && a.comma == b.comma && a.child_count == b.child_count &&
         a.kind == b.kind;
}

// parse_edited of `before` with `edits` agrees with parse of the edited text, node for node.
void check_edit(const std::string& before, const std::vector<TextEdit>& edits) {
  const Document original = parse_ok(before);
  const std::string after = armfix::apply_edits(before, edits);
  INFO(after);
  auto fresh = Document::parse(after);
  auto edited = Document::parse_edited(after, &original, splices_of(edits));
  REQUIRE(fresh.ok() == edited.ok());
  if (!fresh.ok()) {
    CHECK(fresh.error().message == edited.error().message);
    CHECK(fresh.error().offset == edited.error().offset);
    return;
  }
  REQUIRE(fresh.value().node_count() == edited.value().node_count());
  CHECK(fresh.value().root() == edited.value().root());
  for (armfix::NodeId id = 0; id < fresh.value().node_count(); ++id) {
    INFO("node " << id);
    CHECK(same_node(fresh.value().node(id), edited.value().node(id)));
  }
}

const std::string kText = R"({
  "a": {"x": [1, 2, {"y": true}]},
  "b": [10, {"z": null}],
  "c": "s"
})";

}  // namespace

TEST_CASE("parse_edited gives parse's nodes for edits around and inside containers", "[document]") {
  const std::size_t a = kText.find("{\"x\"");
  const std::size_t b = kText.find("[10");
  const std::size_t ten = kText.find("10");
  const std::size_t c = kText.find("\"c\"");
  check_edit(kText, {});
  check_edit(kText, {TextEdit{a, 0, "{\"w\": 0, \"v\": "}, TextEdit{b - 7, 0, "}"}});  // wraps "a"
  check_edit(kText, {TextEdit{a + 1, 0, "\"w\": 0, "}});                               // inside "a"
  check_edit(kText, {TextEdit{c, 0, "\"new\": [[]],\n  "}});    // between members
  check_edit(kText, {TextEdit{ten + 2, 0, "0"}});               // a number grows at its end
  check_edit(kText, {TextEdit{b, 4, "["}});                     // deletes an element
  check_edit(kText, {TextEdit{0, 1, "{\"first\": {},"}});       // replaces the root's brace
  check_edit(kText, {TextEdit{kText.size() - 2, 1, ","}});      // trailing comma
  check_edit(kText, {TextEdit{b, 0, "[1], "}});                 // insertion right before
  check_edit(kText, {TextEdit{a, 1, "["}});                     // breaks a container
  check_edit(kText, {TextEdit{kText.find("true"), 4, "tru"}});  // breaks a literal
}

TEST_CASE("parse_edited keeps the nesting limit for reused containers", "[document]") {
  const std::string deep = "[[[[[[1]]]]]]";
  const Document original = parse_ok(deep);
  const std::string wrapped = "[[" + deep + "]]";
  const std::vector<Splice> splices{{0, 0, 2}, {deep.size(), 0, 2}};
  armfix::ParseLimits limits;
  limits.max_depth = 7;
  auto fresh = Document::parse(wrapped, limits);
  auto edited = Document::parse_edited(wrapped, &original, splices, limits);
  REQUIRE_FALSE(fresh.ok());
  REQUIRE_FALSE(edited.ok());
  CHECK(edited.error().message == fresh.error().message);
}

TEST_CASE("parse_edited gives parse's nodes for every fix of the corpus", "[document][corpus]") {
  armfix::PipelineOptions options = armfix::test::defender_only();
  options.unsafe_fixes = true;
  for (const auto& path : corpus_files()) {
    INFO(path.string());
    const std::string text = read_bytes(path);
    armfix::FileOutcome outcome = armfix::process_text(text, options);
    if (outcome.changed()) check_edit(text, outcome.edits);
  }
}
