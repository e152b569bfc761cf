// Tests of the verification along the operations' paths: it accepts what the engine writes,
// never accepts a wrong text, and leaves what it cannot tell to the full check.
#include "json/patch_check.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "golden_support.hpp"

namespace {

using armfix::apply_edits;
using armfix::apply_patch;
using armfix::Document;
using armfix::parse_json_patch;
using armfix::patched_value_matches;
using armfix::PatchOperation;
using armfix::TextEdit;
using armfix::test::parse_ok;

std::vector<PatchOperation> operations_from(const std::string& patch_text) {
  auto operations = parse_json_patch(nlohmann::ordered_json::parse(patch_text));
  REQUIRE(operations.ok());
  return operations.value();
}

bool matches(const std::string& original_text, const std::vector<TextEdit>& edits,
             const std::string& patch_text) {
  Document original = parse_ok(original_text);
  Document patched = parse_ok(apply_edits(original_text, edits));
  return patched_value_matches(original, patched, edits, operations_from(patch_text));
}

const std::string kTemplate = R"({
  "resources": [
    {"name": "a", "properties": {"x": 1}},
    {"name": "b", "properties": {"x": 2}}
  ]
})";

}  // namespace

TEST_CASE("the engine's own edits are verified along the paths", "[patch_check]") {
  Document original = parse_ok(kTemplate);
  auto operations = operations_from(
      R"([{"op": "add", "path": "/resources/1/properties/y", "value": {"z": [true]}},
          {"op": "replace", "path": "/resources/0/name", "value": "c"}])");
  auto patched = apply_patch(original, operations);
  REQUIRE(patched.ok());
  REQUIRE(patched.value().document.has_value());
  CHECK(patched_value_matches(original, *patched.value().document, patched.value().edits,
                              operations));
}

TEST_CASE("edits that do not give the operations' value are not accepted", "[patch_check]") {
  const std::string add_y = R"([{"op": "add", "path": "/resources/1/properties/y", "value": 3}])";
  const std::size_t x2 = kTemplate.find("\"x\": 2}") + 5;
  CHECK(matches(kTemplate, {TextEdit{x2 + 1, 0, ", \"y\": 3"}}, add_y));
  // The right member, plus a change elsewhere: in a subtree no operation touches...
  const std::size_t x1 = kTemplate.find("\"x\": 1}") + 5;
  CHECK_FALSE(matches(kTemplate, {TextEdit{x1, 1, "7"}, TextEdit{x2 + 1, 0, ", \"y\": 3"}}, add_y));
  // ...or beside the new member, in the container it goes into.
  CHECK_FALSE(matches(kTemplate, {TextEdit{x2, 1, "5, \"y\": 3"}}, add_y));
  // A wrong value, and the member added to the wrong resource.
  CHECK_FALSE(matches(kTemplate, {TextEdit{x2 + 1, 0, ", \"y\": 4"}}, add_y));
  CHECK_FALSE(matches(kTemplate, {TextEdit{x1 + 1, 0, ", \"y\": 3"}}, add_y));
}

TEST_CASE("a path into a subtree left out is left to the full check", "[patch_check]") {
  // After the first operation, /resources/2 is the original second resource, which the
  // original's paths do not reach: the pruned patch cannot apply, so nothing is shown.
  auto operations = R"([{"op": "add", "path": "/resources/0", "value": {"name": "n"}},
                        {"op": "replace", "path": "/resources/2/name", "value": "c"}])";
  const std::size_t first = kTemplate.find('{', 1);
  const std::size_t b = kTemplate.find("\"b\"");
  CHECK_FALSE(matches(kTemplate,
                      {TextEdit{first, 0, "{\"name\": \"n\"},\n    "}, TextEdit{b, 3, "\"c\""}},
                      operations));
}
