// Specifies the patch engine: byte-exact golden edits in every layout a template comes in,
// minimal and ordered text edits, errors instead of doubtful text, and verified results.
#include "armfix/engine.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "golden_support.hpp"

namespace {

using armfix::apply_edits;
using armfix::apply_patch;
using armfix::Document;
using armfix::JsonPointer;
using armfix::kNoNode;
using armfix::NodeId;
using armfix::parse_json_patch;
using armfix::PatchOperation;
using armfix::TextEdit;
using armfix::to_json_patch;
using armfix::test::edits_are_ordered;
using armfix::test::parse_ok;
using armfix::test::read_bytes;
using ordered_json = nlohmann::ordered_json;

JsonPointer pointer(const std::string& text) {
  return JsonPointer::parse(text).value();
}

std::vector<PatchOperation> operations_from(const std::string& patch_text) {
  auto operations = parse_json_patch(ordered_json::parse(patch_text));
  INFO(patch_text);
  REQUIRE(operations.ok());
  return operations.value();
}

// The value nlohmann::json::patch gives, the reference the engine must agree with.
nlohmann::json patched_value(const Document& document,
                             const std::vector<PatchOperation>& operations) {
  return document.value(document.root()).patch(to_json_patch(operations));
}

std::string patched_text(const std::string& before, const std::string& patch_text) {
  Document document = parse_ok(before);
  auto result = apply_patch(document, operations_from(patch_text));
  INFO(patch_text);
  if (!result) FAIL("apply_patch failed: " << result.error().message);
  return result.value().text;
}

std::string patch_error(const std::string& before, const std::string& patch_text) {
  Document document = parse_ok(before);
  auto result = apply_patch(document, operations_from(patch_text));
  INFO(patch_text);
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

// Operations that leave a document unchanged when applied a second time: replacements and adds
// of object members (appends and removals are not).
bool is_idempotent(const Document& after, const std::vector<PatchOperation>& operations) {
  return std::all_of(operations.begin(), operations.end(), [&](const PatchOperation& op) {
    if (op.kind == armfix::PatchOpKind::Replace) return true;
    return op.kind == armfix::PatchOpKind::Add && !op.path.is_root() &&
           after.is_object(after.resolve(op.path.parent()));
  });
}

// tests/golden/engine/<name>: before.json with patch.json applied must give after.json, byte
// for byte, through edits that touch nothing else.
void check_engine_golden(const std::string& name) {
  std::filesystem::path dir = armfix::test::golden_dir() / "engine" / name;
  std::string before = read_bytes(dir / "before.json");
  std::string expected = read_bytes(dir / "after.json");
  std::vector<PatchOperation> operations = operations_from(read_bytes(dir / "patch.json"));
  REQUIRE(expected != before);

  Document document = parse_ok(before);
  auto result = apply_patch(document, operations);
  if (!result) FAIL("apply_patch failed: " << result.error().message);
  CHECK(result.value().text == expected);
  CHECK(edits_are_ordered(result.value().edits, before.size()));
  CHECK(apply_edits(before, result.value().edits) == result.value().text);

  Document after = parse_ok(expected);
  CHECK(after.value(after.root()) == patched_value(document, operations));
  CHECK(after.has_bom() == document.has_bom());
  if (is_idempotent(after, operations)) {
    auto again = apply_patch(after, operations);
    if (!again) FAIL("second application failed: " << again.error().message);
    CHECK(again.value().edits.empty());
    CHECK(again.value().text == expected);
  }
}

// Every directory under tests/golden/engine, each with a TEST_CASE below.
const std::vector<std::string> kGoldenCases = {
    "add-into-one-line-object-padded",
    "add-into-one-line-object-unpadded",
    "add-nested-object",
    "add-under-added-parent",
    "append-multi-line-array",
    "append-one-line-array",
    "comment-block-after-last-member",
    "comment-line-after-last-member",
    "comments-before-and-inside-members",
    "crlf-line-endings",
    "empty-containers-multi-line-parent",
    "empty-containers-one-line-parent",
    "empty-object-with-comment",
    "escapes-and-number-spellings",
    "indent-2-spaces",
    "indent-4-spaces",
    "indent-8-spaces",
    "indent-tabs",
    "minified-one-line",
    "mixed-indentation",
    "multi-line-strings",
    "no-final-newline",
    "remove-adjacent-one-line",
    "remove-and-add-same-object",
    "remove-last-member",
    "remove-member-with-comments",
    "remove-middle-member",
    "remove-only-member",
    "replace-scalar",
    "several-operations",
    "trailing-commas-add-member",
    "trailing-commas-append-element",
    "utf8-bom",
};

}  // namespace

#define ENGINE_GOLDEN(name)                               \
  TEST_CASE("engine golden: " name, "[engine][golden]") { \
    check_engine_golden(name);                            \
  }

ENGINE_GOLDEN("add-into-one-line-object-padded")
ENGINE_GOLDEN("add-into-one-line-object-unpadded")
ENGINE_GOLDEN("add-nested-object")
ENGINE_GOLDEN("add-under-added-parent")
ENGINE_GOLDEN("append-multi-line-array")
ENGINE_GOLDEN("append-one-line-array")
ENGINE_GOLDEN("comment-block-after-last-member")
ENGINE_GOLDEN("comment-line-after-last-member")
ENGINE_GOLDEN("comments-before-and-inside-members")
ENGINE_GOLDEN("crlf-line-endings")
ENGINE_GOLDEN("empty-containers-multi-line-parent")
ENGINE_GOLDEN("empty-containers-one-line-parent")
ENGINE_GOLDEN("empty-object-with-comment")
ENGINE_GOLDEN("escapes-and-number-spellings")
ENGINE_GOLDEN("indent-2-spaces")
ENGINE_GOLDEN("indent-4-spaces")
ENGINE_GOLDEN("indent-8-spaces")
ENGINE_GOLDEN("indent-tabs")
ENGINE_GOLDEN("minified-one-line")
ENGINE_GOLDEN("mixed-indentation")
ENGINE_GOLDEN("multi-line-strings")
ENGINE_GOLDEN("no-final-newline")
ENGINE_GOLDEN("remove-adjacent-one-line")
ENGINE_GOLDEN("remove-and-add-same-object")
ENGINE_GOLDEN("remove-last-member")
ENGINE_GOLDEN("remove-member-with-comments")
ENGINE_GOLDEN("remove-middle-member")
ENGINE_GOLDEN("remove-only-member")
ENGINE_GOLDEN("replace-scalar")
ENGINE_GOLDEN("several-operations")
ENGINE_GOLDEN("trailing-commas-add-member")
ENGINE_GOLDEN("trailing-commas-append-element")
ENGINE_GOLDEN("utf8-bom")

TEST_CASE("every engine golden directory is listed and complete", "[engine][golden]") {
  std::vector<std::string> found;
  for (const auto& entry :
       std::filesystem::directory_iterator(armfix::test::golden_dir() / "engine")) {
    if (!entry.is_directory()) continue;
    found.push_back(entry.path().filename().string());
    for (const char* file : {"before.json", "patch.json", "after.json"}) {
      INFO(entry.path().string() << " holds " << file);
      CHECK(std::filesystem::is_regular_file(entry.path() / file));
    }
  }
  std::sort(found.begin(), found.end());
  CHECK(found == kGoldenCases);
}

TEST_CASE("replacing a scalar is one edit of exactly its bytes", "[engine]") {
  const std::string before = "{\n  \"enabled\": false, // off\n  \"other\": false\n}\n";
  Document document = parse_ok(before);
  auto result = apply_patch(document, {PatchOperation::replace(pointer("/enabled"), true)});
  REQUIRE(result.ok());
  const std::vector<TextEdit>& edits = result.value().edits;
  REQUIRE(edits.size() == 1);
  CHECK(edits[0].offset == before.find("false"));
  CHECK(edits[0].length == 5);
  CHECK(edits[0].text == "true");
  CHECK(result.value().text == "{\n  \"enabled\": true, // off\n  \"other\": false\n}\n");
}

TEST_CASE("adding a member only inserts text", "[engine]") {
  const std::string before = "{\n  \"a\": 1\n}\n";
  Document document = parse_ok(before);
  auto result = apply_patch(document, {PatchOperation::add(pointer("/b"), 2)});
  REQUIRE(result.ok());
  const std::vector<TextEdit>& edits = result.value().edits;
  REQUIRE(edits.size() == 1);
  CHECK(edits[0].offset == before.find('1') + 1);
  CHECK(edits[0].length == 0);
  CHECK(edits[0].text == ",\n  \"b\": 2");
}

TEST_CASE("the edits of one pass are sorted, disjoint and against the original", "[engine]") {
  const std::string before = R"({
  "a": { "x": 1, "y": 2 },
  "b": [1, 2, 3],
  "c": "old",
  "d": {
    "e": true
  }
})";
  Document document = parse_ok(before);
  std::vector<PatchOperation> operations = {
      PatchOperation::add(pointer("/d/f"), ordered_json::array({1})),
      PatchOperation::replace(pointer("/c"), "new"),
      PatchOperation::remove(pointer("/a/y")),
      PatchOperation::add(pointer("/b/-"), 4),
      PatchOperation::remove(pointer("/b/0")),
  };
  auto result = apply_patch(document, operations);
  REQUIRE(result.ok());
  const std::vector<TextEdit>& edits = result.value().edits;
  CHECK(edits.size() >= operations.size());
  CHECK(edits_are_ordered(edits, before.size()));
  CHECK(apply_edits(before, edits) == result.value().text);
  CHECK(result.value().text == R"({
  "a": { "x": 1 },
  "b": [2, 3, 4],
  "c": "new",
  "d": {
    "e": true,
    "f": [
      1
    ]
  }
})");
}

TEST_CASE("apply_edits splices insertions and replacements in order", "[engine]") {
  const std::string text = "0123456789";
  CHECK(apply_edits(text, {}) == text);
  CHECK(apply_edits(text, {TextEdit{0, 0, "<"}, TextEdit{10, 0, ">"}}) == "<0123456789>");
  CHECK(apply_edits(text, {TextEdit{2, 3, "abc"}, TextEdit{5, 0, "+"}, TextEdit{7, 3, ""}}) ==
        "01abc+56");
  CHECK(apply_edits(text, {TextEdit{0, 10, ""}}).empty());
}

TEST_CASE("replacing a value by an equal one changes nothing", "[engine]") {
  const std::string before = "{\n  \"ratio\": 1.50,\n  \"tags\": { \"a\": 1 }\n}\n";
  Document document = parse_ok(before);
  auto result = apply_patch(document, {PatchOperation::replace(pointer("/ratio"), 1.5),
                                       PatchOperation::add(pointer("/tags"), {{"a", 1}})});
  REQUIRE(result.ok());
  CHECK(result.value().edits.empty());
  CHECK(result.value().text == before);
}

TEST_CASE("an add at an existing member replaces its value in place", "[engine]") {
  CHECK(patched_text("{\n  \"a\": 1,\n  \"b\": 2\n}\n",
                     R"([{"op": "add", "path": "/a", "value": {"x": true}}])") ==
        "{\n  \"a\": {\n    \"x\": true\n  },\n  \"b\": 2\n}\n");
}

TEST_CASE("later operations see the effects of earlier ones", "[engine]") {
  const std::string before = "{\n  \"a\": 1\n}\n";
  SECTION("an added member is replaced before it is written") {
    CHECK(patched_text(before, R"([{"op": "add", "path": "/b", "value": 1},
                                   {"op": "replace", "path": "/b", "value": 2}])") ==
          "{\n  \"a\": 1,\n  \"b\": 2\n}\n");
  }
  SECTION("an added member that is removed again leaves no trace") {
    CHECK(patched_text(before, R"([{"op": "add", "path": "/b", "value": 1},
                                   {"op": "remove", "path": "/b"}])") == before);
  }
  SECTION("array indexes count appended elements") {
    CHECK(patched_text("[1]", R"([{"op": "add", "path": "/-", "value": 2},
                                  {"op": "replace", "path": "/1", "value": 3}])") == "[1, 3]");
  }
  SECTION("array indexes shift after a removal") {
    CHECK(patched_text("[1, 2, 3]", R"([{"op": "remove", "path": "/0"},
                                        {"op": "remove", "path": "/0"}])") == "[3]");
  }
  SECTION("a replaced container takes later edits inside it") {
    CHECK(patched_text(before, R"([{"op": "replace", "path": "/a", "value": {"x": 1}},
                                   {"op": "add", "path": "/a/y", "value": 2}])") ==
          "{\n  \"a\": {\n    \"x\": 1,\n    \"y\": 2\n  }\n}\n");
  }
}

TEST_CASE("a path that does not resolve is an error and no text is produced", "[engine]") {
  const std::string before = "{\n  \"a\": { \"b\": [1, 2] },\n  \"s\": \"text\"\n}\n";
  CHECK(patch_error(before, R"([{"op": "replace", "path": "/missing", "value": 1}])") ==
        "replace /missing: no such member");
  CHECK(patch_error(before, R"([{"op": "remove", "path": "/a/missing"}])") ==
        "remove /a/missing: no such member");
  CHECK(patch_error(before, R"([{"op": "add", "path": "/x/y/z", "value": 1}])") ==
        "add /x/y/z: no member 'x' on the way");
  CHECK(patch_error(before, R"([{"op": "add", "path": "/s/x", "value": 1}])") ==
        "add /s/x: the parent is not an object or array");
  CHECK(patch_error(before, R"([{"op": "replace", "path": "/a/b/2", "value": 1}])") ==
        "replace /a/b/2: index out of range");
  CHECK(patch_error(before, R"([{"op": "add", "path": "/a/b/01", "value": 1}])") ==
        "add /a/b/01: index out of range");
  CHECK(patch_error(before, R"([{"op": "remove", "path": "/a/b/-"}])") ==
        "remove /a/b/-: index out of range");
}

TEST_CASE("keys are matched exactly, as JSON Patch requires", "[engine]") {
  CHECK(patch_error("{\"Properties\": {}}",
                    R"([{"op": "add", "path": "/properties/x", "value": 1}])") ==
        "add /properties/x: no member 'properties' on the way");
}

TEST_CASE("operations that conflict with earlier ones are errors", "[engine]") {
  const std::string before = "{\n  \"a\": { \"b\": 1 },\n  \"c\": 2\n}\n";
  CHECK(patch_error(before, R"([{"op": "remove", "path": "/c"},
                                {"op": "replace", "path": "/c", "value": 3}])") ==
        "replace /c: no such member");
  CHECK(patch_error(before, R"([{"op": "remove", "path": "/c"},
                                {"op": "remove", "path": "/c"}])") == "remove /c: no such member");
  CHECK(patch_error(before, R"([{"op": "remove", "path": "/a"},
                                {"op": "add", "path": "/a/x", "value": 1}])") ==
        "add /a/x: no member 'a' on the way");
  CHECK(patch_error(before, R"([{"op": "replace", "path": "/a", "value": 1},
                                {"op": "add", "path": "/a/x", "value": 1}])") ==
        "add /a/x: the parent is not an object or array");
}

TEST_CASE("inserting before an existing array element is refused", "[engine]") {
  CHECK(patch_error("[1, 2]", R"([{"op": "add", "path": "/0", "value": 0}])") ==
        "add /0: inserting before an existing element is not supported");
}

TEST_CASE("the root can be replaced but not removed", "[engine]") {
  CHECK(patch_error("{}", R"([{"op": "remove", "path": ""}])") ==
        "remove : cannot remove the document root");
  CHECK(
      patched_text("{\n  \"a\": 1\n}\n", R"([{"op": "replace", "path": "", "value": {"b": 2}}])") ==
      "{\n  \"b\": 2\n}\n");
}

TEST_CASE("parse_json_patch reads add, replace and remove", "[engine]") {
  auto operations = parse_json_patch(ordered_json::parse(R"([
    {"op": "add", "path": "/a~1b/c~0d", "value": {"z": 1, "a": 2}},
    {"op": "replace", "path": "/x/0", "value": null},
    {"op": "remove", "path": "/y"}
  ])"));
  REQUIRE(operations.ok());
  const auto& ops = operations.value();
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].kind == armfix::PatchOpKind::Add);
  CHECK(ops[0].path.tokens() == std::vector<std::string>{"a/b", "c~d"});
  CHECK(ops[0].value.dump() == R"({"z":1,"a":2})");  // member order kept
  CHECK(ops[1].kind == armfix::PatchOpKind::Replace);
  CHECK(ops[1].value.is_null());
  CHECK(ops[2].kind == armfix::PatchOpKind::Remove);
  CHECK(to_json_patch(ops) == nlohmann::json::parse(R"([
    {"op": "add", "path": "/a~1b/c~0d", "value": {"z": 1, "a": 2}},
    {"op": "replace", "path": "/x/0", "value": null},
    {"op": "remove", "path": "/y"}
  ])"));
}

TEST_CASE("parse_json_patch rejects what it cannot apply", "[engine]") {
  auto error_of = [](const std::string& text) {
    auto operations = parse_json_patch(ordered_json::parse(text));
    INFO(text);
    REQUIRE_FALSE(operations.ok());
    return operations.error().message;
  };
  CHECK(error_of(R"({"op": "add", "path": "/a", "value": 1})") ==
        "a JSON Patch must be an array of operations");
  CHECK(error_of(R"([1])") == "each operation needs string members 'op' and 'path'");
  CHECK(error_of(R"([{"op": "add", "value": 1}])") ==
        "each operation needs string members 'op' and 'path'");
  CHECK(error_of(R"([{"op": "add", "path": 3, "value": 1}])") ==
        "each operation needs string members 'op' and 'path'");
  CHECK(error_of(R"([{"op": "move", "from": "/a", "path": "/b"}])") ==
        "unsupported operation 'move': only add, replace and remove");
  CHECK(error_of(R"([{"op": "test", "path": "/a", "value": 1}])") ==
        "unsupported operation 'test': only add, replace and remove");
  CHECK(error_of(R"([{"op": "add", "path": "a/b", "value": 1}])") == "invalid JSON Pointer 'a/b'");
  CHECK(error_of(R"([{"op": "replace", "path": "/a"}])") == "replace needs a 'value'");
}

TEST_CASE("verification refuses text whose value is not the patched value", "[engine]") {
  // With a key given twice, the later one counts. Removing it lets the earlier one show
  // through, which is not what JSON Patch means: the engine must notice and write nothing.
  Document document = parse_ok("{\n  \"a\": 1,\n  \"a\": 2\n}\n");
  auto result = apply_patch(document, {PatchOperation::remove(pointer("/a"))});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message ==
        "internal error: the patched text does not have the expected value");
}

TEST_CASE("operations that cancel out leave no edit", "[engine]") {
  const std::string text = "// comment\n[{}]\n";
  Document document = parse_ok(text);
  auto result = apply_patch(
      document, {PatchOperation::add(pointer("/-"), 1),
                 PatchOperation::add(pointer("/-"), nlohmann::ordered_json::object()),
                 PatchOperation::remove(pointer("/0")), PatchOperation::remove(pointer("/0"))});
  REQUIRE(result.ok());
  CHECK(result.value().edits.empty());
  CHECK(result.value().text == text);
}

TEST_CASE("a value that cannot be written is an error, not an exception", "[engine]") {
  Document document = parse_ok("{}");
  auto result = apply_patch(document, {PatchOperation::add(pointer("/a"), "\xff")});
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error().message, Catch::StartsWith("cannot render a value"));
}

namespace {

// Deterministic random operations against one document: replacements, removals, member adds
// and appends at places that exist in the original, with values of every kind.
class RandomPatches {
 public:
  RandomPatches(const Document& document, unsigned seed) : doc_(document), random_(seed) {}

  std::vector<PatchOperation> next() {
    std::vector<PatchOperation> operations;
    std::size_t count = 1 + random_() % 4;
    for (std::size_t i = 0; i < count; ++i)
      operations.push_back(one());
    return operations;
  }

 private:
  PatchOperation one() {
    NodeId node = static_cast<NodeId>(random_() % doc_.node_count());
    JsonPointer path = doc_.pointer_to(node);
    switch (random_() % 4) {
      case 0:
        return PatchOperation::replace(path, value());
      case 1:
        if (!path.is_root()) return PatchOperation::remove(path);
        [[fallthrough]];
      default:
        if (doc_.is_object(node)) {
          return PatchOperation::add(path / ("new" + std::to_string(random_() % 3)), value());
        }
        if (doc_.is_array(node)) return PatchOperation::add(path / "-", value());
        return PatchOperation::replace(path, value());
    }
  }

  ordered_json value() {
    static const std::vector<ordered_json> kValues = {
        1,
        -2.5,
        "text",
        "two\nlines",
        "caf\xC3\xA9",
        true,
        nullptr,
        ordered_json::object(),
        ordered_json::array(),
        ordered_json::parse(R"({"enabled": true, "list": [1, {"a": null}]})"),
        ordered_json::parse(R"([1, "x", []])"),
    };
    return kValues[random_() % kValues.size()];
  }

  const Document& doc_;
  std::mt19937 random_;
};

}  // namespace

TEST_CASE("random patches give exactly the value nlohmann::json::patch gives", "[engine]") {
  std::size_t applied = 0;
  std::size_t total = 0;
  unsigned seed = 1;
  for (const std::string& name : kGoldenCases) {
    std::string before = read_bytes(armfix::test::golden_dir() / "engine" / name / "before.json");
    Document document = parse_ok(before);
    RandomPatches patches(document, seed++);
    for (int round = 0; round < 40; ++round) {
      std::vector<PatchOperation> operations = patches.next();
      INFO(name << ": " << to_json_patch(operations).dump());
      ++total;
      auto result = apply_patch(document, operations);
      if (!result) {
        // The engine refuses what RFC 6902 calls an error, but never for a fault of its own.
        // (nlohmann::json::patch is laxer: a removal under a scalar does nothing, and an add
        // under one fails an assertion, so it only runs on patches the engine accepted.)
        CHECK_THAT(result.error().message, !Catch::StartsWith("internal error") &&
                                               !Catch::StartsWith("overlapping edits") &&
                                               !Catch::StartsWith("cannot render"));
        continue;
      }
      nlohmann::json expected;
      try {
        expected = patched_value(document, operations);
      } catch (const nlohmann::json::exception& e) {
        FAIL("the engine applied a patch nlohmann::json::patch rejects: " << e.what());
      }
      ++applied;
      CHECK(edits_are_ordered(result.value().edits, before.size()));
      CHECK(apply_edits(before, result.value().edits) == result.value().text);
      Document reparsed = parse_ok(result.value().text);
      CHECK(reparsed.value(reparsed.root()) == expected);
    }
  }
  INFO(applied << " of " << total << " random patches applied");
  CHECK(applied * 2 > total);
}

namespace {

// About `count` containers of the document, spread evenly over it.
std::vector<NodeId> sample_containers(const Document& document, std::size_t count) {
  std::vector<NodeId> containers;
  for (NodeId id = 0; id < document.node_count(); ++id) {
    if (document.node(id).is_container()) containers.push_back(id);
  }
  std::vector<NodeId> sample;
  std::size_t step = std::max<std::size_t>(1, containers.size() / count);
  for (std::size_t i = 0; i < containers.size(); i += step)
    sample.push_back(containers[i]);
  return sample;
}

std::string unused_key(const Document& document, NodeId object) {
  std::string key = "armfixProbe";
  while (document.find_member_exact(object, key) != kNoNode)
    key += "_";
  return key;
}

bool only_blanks(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// True when every line break is the given one.
bool only_line_endings(const std::string& text, const std::string& newline) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool crlf = text.compare(i, 2, "\r\n") == 0;
    if (crlf) ++i;
    if ((crlf && newline != "\r\n") || (!crlf && text[i] == '\n' && newline != "\n")) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("adding into containers of every corpus file keeps every byte but blanks",
          "[engine][corpus]") {
  const ordered_json probe = ordered_json::parse(R"({"enabled": true, "ids": ["a", 1]})");
  std::size_t probes = 0;
  for (const auto& path : armfix::test::corpus_files()) {
    std::string before = read_bytes(path);
    Document document = parse_ok(before);
    bool crlf_file = only_line_endings(before, "\r\n");
    bool lf_file = only_line_endings(before, "\n");
    for (NodeId container : sample_containers(document, 24)) {
      JsonPointer target = document.pointer_to(container);
      target =
          document.is_object(container) ? target / unused_key(document, container) : target / "-";
      INFO(path.string() << ": add " << target.to_string());
      auto result = apply_patch(document, {PatchOperation::add(target, probe)});
      if (!result) FAIL("apply_patch failed: " << result.error().message);
      ++probes;
      const auto& edits = result.value().edits;
      CHECK(!edits.empty());
      CHECK(std::all_of(edits.begin(), edits.end(), [&](const TextEdit& edit) {
        return only_blanks(std::string_view(before).substr(edit.offset, edit.length));
      }));
      CHECK(edits_are_ordered(edits, before.size()));
      CHECK(apply_edits(before, edits) == result.value().text);
      if (crlf_file) CHECK(only_line_endings(result.value().text, "\r\n"));
      if (lf_file) CHECK(only_line_endings(result.value().text, "\n"));
      Document after = parse_ok(result.value().text);
      JsonPointer added = document.is_object(container)
                              ? target
                              : target.parent() / (document.node(container).child_count);
      NodeId node = after.resolve(added);
      REQUIRE(node != kNoNode);
      CHECK(after.value(node) == nlohmann::json(probe));
    }
  }
  CHECK(probes > 500);
}

namespace {

// A deployment template of about `resources` kilobytes: many clusters with nested properties,
// comments and arrays, like a large generated template.
std::string large_template(std::size_t resources) {
  std::string text =
      "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/"
      "deploymentTemplate.json#\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"resources\": [\n";
  for (std::size_t i = 0; i < resources; ++i) {
    std::string n = std::to_string(i);
    text +=
        "    {\n"
        "      // cluster " +
        n +
        "\n"
        "      \"type\": \"Microsoft.ContainerService/managedClusters\",\n"
        "      \"apiVersion\": \"2023-01-01\",\n"
        "      \"name\": \"aks-" +
        n +
        "\",\n"
        "      \"location\": \"[parameters('location')]\",\n"
        "      \"tags\": { \"team\": \"platform\", \"index\": " +
        n +
        " },\n"
        "      \"dependsOn\": [\n"
        "        \"[resourceId('Microsoft.Network/virtualNetworks', 'vnet-" +
        n +
        "')]\"\n"
        "      ],\n"
        "      \"properties\": {\n"
        "        \"dnsPrefix\": \"aks-" +
        n +
        "\",\n"
        "        \"kubernetesVersion\": \"1.27.3\",\n"
        "        \"enableRBAC\": true,\n"
        "        \"agentPoolProfiles\": [\n"
        "          {\n"
        "            \"name\": \"system\",\n"
        "            \"count\": 3,\n"
        "            \"vmSize\": \"Standard_D4s_v5\",\n"
        "            \"osDiskSizeGB\": 128,\n"
        "            \"availabilityZones\": [\"1\", \"2\", \"3\"]\n"
        "          }\n"
        "        ],\n"
        "        \"networkProfile\": { \"networkPlugin\": \"azure\", \"serviceCidr\": "
        "\"10.0.0.0/16\", \"dnsServiceIP\": \"10.0.0.10\" }\n"
        "      }\n"
        "    }";
    text += i + 1 < resources ? ",\n" : "\n";
  }
  return text + "  ]\n}\n";
}

}  // namespace

TEST_CASE("a 50 MB template parses and takes a small patch", "[engine][large]") {
  const std::size_t resources = 60000;
  std::string text = large_template(resources);
  REQUIRE(text.size() > 45'000'000);
  Document document = parse_ok(text);
  std::string middle = "/resources/" + std::to_string(resources / 2);
  std::string last = "/resources/" + std::to_string(resources - 1);
  auto result = apply_patch(
      document,
      {PatchOperation::add(
           pointer(middle + "/properties/securityProfile"),
           ordered_json::parse(R"({"defender": {"securityMonitoring": {"enabled": true}}})")),
       PatchOperation::add(pointer(middle + "/dependsOn/-"), "[parameters('workspaceId')]"),
       PatchOperation::replace(pointer(last + "/apiVersion"), "2024-01-01")});
  if (!result) FAIL(result.error().message);
  CHECK(result.value().edits.size() == 3);  // each comma rides along with its new item
  CHECK(result.value().text.size() > text.size());
}
