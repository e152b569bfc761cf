// The properties every armfix stage keeps on any input: the oracles of the libFuzzer targets in
// fuzz/ and of the regression tests that replay their findings (tests/test_regressions.cpp).
//
// Each check returns a description of the first property the input violates, or nothing.
// Exceptions are left to escape on purpose: for libFuzzer they are crashes, for Catch2 failures.
// Header-only, so the test suite (built with g++) and the fuzzers (clang) share one copy.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/document.hpp"
#include "armfix/engine.hpp"
#include "armfix/line_index.hpp"
#include "armfix/pipeline.hpp"
#include "armfix/template_view.hpp"
#include "report/diff.hpp"

namespace armfix::fuzz {

// The first violated property, spelled for a person; nullopt when the input keeps them all.
using Problem = std::optional<std::string>;

namespace detail {

inline std::string at_offset(std::size_t offset) {
  return " (offset " + std::to_string(offset) + ")";
}

inline bool is_valid_utf8(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80   ? 1
                         : lead < 0xC2 ? 0
                         : lead < 0xE0 ? 2
                         : lead < 0xF0 ? 3
                         : lead < 0xF5 ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0U) != 0x80U) return false;
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (length > 1 &&
        ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xED && byte(i + 1) > 0x9F) ||
         (lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) > 0x8F))) {
      return false;
    }
    i += length;
  }
  return true;
}

// The edits applied by hand, independently of armfix::apply_edits.
inline std::string splice(std::string_view text, const std::vector<TextEdit>& edits) {
  std::string out;
  std::size_t at = 0;
  for (const TextEdit& edit : edits) {
    out.append(text.substr(at, edit.offset - at));
    out.append(edit.text);
    at = edit.offset + edit.length;
  }
  out.append(text.substr(at));
  return out;
}

// Edits are sorted, disjoint, inside the text, each changes something, and together they turn
// `before` into `after`: every byte outside them is unchanged.
inline Problem check_edits(std::string_view before, const std::vector<TextEdit>& edits,
                           std::string_view after) {
  std::size_t end_of_previous = 0;
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const TextEdit& edit = edits[i];
    if (edit.offset > before.size() || edit.length > before.size() - edit.offset) {
      return "edit " + std::to_string(i) + " reaches past the end of the text" +
             at_offset(edit.offset);
    }
    if (i > 0 && edit.offset < end_of_previous) {
      return "edit " + std::to_string(i) + " overlaps or precedes the one before it" +
             at_offset(edit.offset);
    }
    if (edit.text == before.substr(edit.offset, edit.length)) {
      return "edit " + std::to_string(i) + " changes nothing" + at_offset(edit.offset);
    }
    end_of_previous = edit.offset + edit.length;
  }
  if (splice(before, edits) != after) {
    return "the text differs from the original with the edits applied: bytes outside the edits "
           "changed";
  }
  return std::nullopt;
}

enum LineBreak : unsigned { kLf = 1, kCrLf = 2, kCr = 4 };

inline unsigned line_break_kinds(std::string_view text) {
  unsigned kinds = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      kinds |= (i > 0 && text[i - 1] == '\r') ? kCrLf : kLf;
    } else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
      kinds |= kCr;
    }
  }
  return kinds;
}

// New text follows the file's habits: a file with one kind of line break keeps only that kind,
// and a file without tabs gets none (new string values are escaped, so raw bytes are layout).
inline Problem check_layout_habits(std::string_view before, std::string_view after) {
  unsigned kinds = line_break_kinds(before);
  bool one_kind = kinds == kLf || kinds == kCrLf || kinds == kCr;
  if (one_kind && (line_break_kinds(after) & ~kinds) != 0) {
    return std::string("the new text brings a line break of another kind into a file that uses ") +
           (kinds == kLf     ? "LF"
            : kinds == kCrLf ? "CRLF"
                             : "CR") +
           " only";
  }
  if (before.find('\t') == std::string_view::npos && after.find('\t') != std::string_view::npos) {
    return "the new text brings a tab into a file that has none";
  }
  return std::nullopt;
}

inline std::uint32_t item_begin(const Node& node) {
  return node.key.size() > 0 ? node.key.begin : node.value.begin;
}

inline std::string describe(const Document& doc, NodeId id) {
  return "node " + std::to_string(id) + " at " + doc.pointer_to(id).to_string() +
         at_offset(doc.node(id).value.begin);
}

// The tree is well formed: spans inside the text and inside their parent, in order, each
// starting and ending with the bytes its kind demands, commas where they are recorded.
inline Problem check_tree(const Document& doc) {
  std::string_view text = doc.text();
  if (doc.root() == kNoNode || doc.root() >= doc.node_count()) return "no root node";
  for (NodeId id = 0; id < doc.node_count(); ++id) {
    const Node& n = doc.node(id);
    if (n.value.begin >= n.value.end || n.value.end > text.size()) {
      return "empty or out-of-range span: " + describe(doc, id);
    }
    char first = text[n.value.begin];
    char last = text[n.value.end - 1];
    bool shape_ok = true;
    switch (n.kind) {
      case NodeKind::Object:
        shape_ok = first == '{' && last == '}';
        break;
      case NodeKind::Array:
        shape_ok = first == '[' && last == ']';
        break;
      case NodeKind::String:
        shape_ok = n.value.size() >= 2 && first == '"' && last == '"';
        break;
      case NodeKind::Number:
        shape_ok = first == '-' || (first >= '0' && first <= '9');
        break;
      case NodeKind::True:
        shape_ok = doc.source(n.value) == "true";
        break;
      case NodeKind::False:
        shape_ok = doc.source(n.value) == "false";
        break;
      case NodeKind::Null:
        shape_ok = doc.source(n.value) == "null";
        break;
    }
    if (!shape_ok) return "span does not hold a value of its kind: " + describe(doc, id);
    if ((n.parent == kNoNode) != (id == doc.root()))
      return "a second parentless node: " + describe(doc, id);
    if (n.parent != kNoNode) {
      const Node& p = doc.node(n.parent);
      if (!p.is_container()) return "parent is not a container: " + describe(doc, id);
      if (item_begin(n) <= p.value.begin || n.value.end >= p.value.end) {
        return "item outside its container: " + describe(doc, id);
      }
      bool keyed = p.kind == NodeKind::Object;
      if (keyed != (n.key.size() > 0))
        return "key span does not match the parent kind: " + describe(doc, id);
      if (keyed && (n.key.size() < 2 || text[n.key.begin] != '"' || text[n.key.end - 1] != '"' ||
                    n.key.end >= n.value.begin)) {
        return "bad key span: " + describe(doc, id);
      }
    }
    if (n.comma != kNoOffset) {
      bool comma_ok =
          n.comma < text.size() && text[n.comma] == ',' && n.comma >= n.value.end &&
          (n.next_sibling == kNoNode || n.comma < item_begin(doc.node(n.next_sibling))) &&
          n.parent != kNoNode && n.comma < doc.node(n.parent).value.end;
      if (!comma_ok) return "bad comma offset: " + describe(doc, id);
    } else if (n.next_sibling != kNoNode) {
      return "an item without a comma before its next sibling: " + describe(doc, id);
    }
    if (n.is_container()) {
      std::uint32_t count = 0;
      NodeId previous = kNoNode;
      for (NodeId c = n.first_child; c != kNoNode; c = doc.node(c).next_sibling) {
        if (c >= doc.node_count() || doc.node(c).parent != id || ++count > doc.node_count()) {
          return "broken child list: " + describe(doc, id);
        }
        if (previous != kNoNode && item_begin(doc.node(c)) <= doc.node(previous).value.end) {
          return "children out of order: " + describe(doc, c);
        }
        previous = c;
      }
      if (count != n.child_count || previous != n.last_child) {
        return "child_count or last_child wrong: " + describe(doc, id);
      }
    } else if (n.first_child != kNoNode || n.child_count != 0) {
      return "a scalar with children: " + describe(doc, id);
    }
  }
  return std::nullopt;
}

// A few nodes spread over the document, the same ones for the same input.
inline std::vector<NodeId> sample_nodes(const Document& doc) {
  std::set<NodeId> picked;
  auto count = static_cast<NodeId>(doc.node_count());
  picked.insert(doc.root());
  picked.insert(count - 1);
  picked.insert(count / 2);
  std::uint64_t state = doc.text().size() * 0x9E3779B97F4A7C15ULL + count;
  for (int i = 0; i < 6; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    picked.insert(static_cast<NodeId>((state >> 33) % count));
  }
  return {picked.begin(), picked.end()};
}

// True when following the node's pointer leads back to it: no key on its way repeats later in
// its object with the exact same spelling (the later member is the one a pointer reaches).
inline bool is_addressable(const Document& doc, NodeId id) {
  for (NodeId n = id; doc.node(n).parent != kNoNode; n = doc.node(n).parent) {
    NodeId parent = doc.node(n).parent;
    if (doc.is_object(parent) && doc.find_member_exact(parent, doc.key(n)) != n) return false;
  }
  return true;
}

inline Problem check_navigation(const Document& doc) {
  for (NodeId id : sample_nodes(doc)) {
    JsonPointer pointer = doc.pointer_to(id);
    auto reparsed = JsonPointer::parse(pointer.to_string());
    if (!reparsed || *reparsed != pointer)
      return "pointer does not survive to_string/parse: " + describe(doc, id);
    // Under a key that repeats later, the pointer leads into the later member, if anywhere.
    NodeId resolved = doc.resolve(pointer);
    bool addressable = is_addressable(doc, id);
    if (addressable ? resolved != id : resolved != kNoNode && doc.pointer_to(resolved) != pointer) {
      return "resolve(pointer_to(node)) leads elsewhere: " + describe(doc, id);
    }
    const Node& n = doc.node(id);
    if (n.parent != kNoNode && doc.is_object(n.parent)) {
      std::string key = doc.key(id);
      NodeId any_case = doc.find_member(n.parent, key);
      if (any_case == kNoNode || !equals_ignore_case(doc.key(any_case), key) ||
          doc.node(any_case).key.begin > n.key.begin) {
        return "find_member misses an earlier-or-same member: " + describe(doc, id);
      }
    }
    for (std::size_t offset : {std::size_t{n.value.begin}, std::size_t{n.value.end}}) {
      Position indexed = doc.position(offset);
      Position scanned = position_of(doc.text(), offset);
      if (indexed.line != scanned.line || indexed.column != scanned.column || indexed.line < 1 ||
          indexed.column < 1) {
        return "position() disagrees with position_of()" + at_offset(offset);
      }
    }
  }
  return std::nullopt;
}

inline Problem check_duplicates(const Document& doc) {
  std::vector<DuplicateKey> reported = doc.duplicate_keys();
  std::size_t expected = 0;
  for (NodeId id = 0; id < doc.node_count(); ++id) {
    if (!doc.is_object(id)) continue;
    std::unordered_set<std::string> seen;
    for (NodeId m = doc.node(id).first_child; m != kNoNode; m = doc.node(m).next_sibling) {
      std::string folded = doc.key(m);
      for (char& c : folded)
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (!seen.insert(folded).second) ++expected;
    }
  }
  if (reported.size() != expected) {
    return "duplicate_keys() reports " + std::to_string(reported.size()) + " pairs, expected " +
           std::to_string(expected);
  }
  for (const DuplicateKey& pair : reported) {
    if (pair.first >= doc.node_count() || pair.second >= doc.node_count() ||
        doc.node(pair.first).parent != doc.node(pair.second).parent ||
        !doc.is_object(doc.node(pair.first).parent) ||
        doc.node(pair.first).key.begin >= doc.node(pair.second).key.begin ||
        !equals_ignore_case(doc.key(pair.first), doc.key(pair.second))) {
      return "duplicate_keys() reports a pair that is not one";
    }
  }
  return std::nullopt;
}

inline Problem check_parse_error(const std::string& text, const SourceError& error) {
  if (error.message.empty()) return "a parse error without a message";
  if (error.offset > text.size())
    return "parse error offset past the end" + at_offset(error.offset);
  Position expected = position_of(text, error.offset);
  if (error.position.line < 1 || error.position.column < 1 ||
      error.position.line != expected.line || error.position.column != expected.column) {
    return "parse error position " + std::to_string(error.position.line) + ":" +
           std::to_string(error.position.column) + " is not that of its offset" +
           at_offset(error.offset);
  }
  // What strict JSON with comments accepts, ARM's wider dialect accepts too. nlohmann skips
  // comments without checking their UTF-8, has no depth limit, and takes a NUL byte for the end
  // of its input (ignoring what follows): leave those cases out.
  if (is_valid_utf8(text) && error.message.find("nesting") == std::string::npos &&
      text.find('\0') == std::string::npos) {
    auto strict = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false,
                                        /*ignore_comments=*/true);
    if (!strict.is_discarded()) {
      return "nlohmann::json accepts what Document rejects: " + error.message +
             at_offset(error.offset);
    }
  }
  return std::nullopt;
}

}  // namespace detail

// The lossless reader: the text survives, the tree is well formed, value() works and agrees
// with nlohmann::json, navigation round-trips, errors point inside the input.
inline Problem check_document(const std::string& text) {
  auto parsed = Document::parse(text);
  if (!parsed) return detail::check_parse_error(text, parsed.error());
  const Document& doc = parsed.value();
  if (doc.text() != text) return "text() differs from the input";
  if (doc.has_bom() != (text.compare(0, 3, "\xEF\xBB\xBF") == 0)) return "has_bom() is wrong";
  if (auto problem = detail::check_tree(doc)) return problem;
  nlohmann::json value;
  try {
    value = doc.value(doc.root());
  } catch (const std::exception& e) {
    return std::string("value() throws on a document that parsed: ") + e.what();
  }
  // nlohmann takes a NUL byte, even in a comment, for the end of its input: no reference then.
  if (detail::is_valid_utf8(text) && text.find('\0') == std::string::npos) {
    auto strict = nlohmann::json::parse(text, nullptr, false, true);
    if (!strict.is_discarded() && strict != value) {
      return "value() differs from what nlohmann::json reads from the same text";
    }
  }
  if (auto problem = detail::check_navigation(doc)) return problem;
  return detail::check_duplicates(doc);
}

// The operations as the RFC 6902 document nlohmann::json::patch takes, built here rather than
// by armfix::to_json_patch so the reference does not share the engine's code.
inline nlohmann::json reference_patch(const std::vector<PatchOperation>& operations) {
  nlohmann::json patch = nlohmann::json::array();
  for (const PatchOperation& op : operations) {
    nlohmann::json entry;
    entry["op"] = op.kind == PatchOpKind::Add       ? "add"
                  : op.kind == PatchOpKind::Replace ? "replace"
                                                    : "remove";
    entry["path"] = op.path.to_string();
    if (op.kind != PatchOpKind::Remove) entry["value"] = nlohmann::json(op.value);
    patch.push_back(std::move(entry));
  }
  return patch;
}

// The engine: an error is an acceptable answer unless `must_apply`; a success must be what it
// claims. The patched text parses to nlohmann::json::patch of the original value, the edits are
// minimal and disjoint and leave every other byte alone, and the file's layout habits hold.
inline Problem check_patch(const Document& doc, const std::vector<PatchOperation>& operations,
                           bool must_apply) {
  std::optional<nlohmann::json> expected;
  try {
    expected = doc.value(doc.root()).patch(reference_patch(operations));
  } catch (const nlohmann::json::exception&) {
    must_apply = false;  // not a valid patch for this document: the engine must refuse it
  }
  auto result = apply_patch(doc, operations);
  if (!result) {
    if (must_apply)
      return "apply_patch refuses operations that must apply: " + result.error().message;
    return std::nullopt;
  }
  if (!expected) return "apply_patch accepts operations that nlohmann::json::patch rejects";
  const PatchedText& patched = result.value();
  if (auto problem = detail::check_edits(doc.text(), patched.edits, patched.text)) return problem;
  auto reparsed = Document::parse(patched.text);
  if (!reparsed) return "the patched text does not parse: " + reparsed.error().message;
  if (reparsed.value().value(reparsed.value().root()) != *expected) {
    return "the patched text's value is not nlohmann::json::patch of the original value";
  }
  return detail::check_layout_habits(doc.text(), patched.text);
}

// Unified diffs: the diff of two texts, applied to the first, gives the second.
inline Problem check_diff(std::string_view before, std::string_view after,
                          std::string_view path = "t.json") {
  std::string diff = unified_diff(before, after, path);
  if (diff.empty() != (before == after))
    return "unified_diff is empty exactly when the texts differ";
  std::string applied;
  if (!apply_unified_diff(before, diff, applied))
    return "apply_unified_diff rejects unified_diff's own output";
  if (applied != after) return "apply_unified_diff(before, unified_diff(before, after)) != after";
  return std::nullopt;
}

// The diff of known changes, right or wrong: the same promises as the diff of the whole texts.
inline Problem check_diff(std::string_view before, std::string_view after,
                          const std::vector<Splice>& changes, std::string_view path = "t.json") {
  std::string diff = unified_diff(before, after, path, changes);
  if (diff.empty() != (before == after))
    return "unified_diff of changes is empty exactly when the texts differ";
  std::string applied;
  if (!apply_unified_diff(before, diff, applied))
    return "apply_unified_diff rejects unified_diff's own output for changes";
  if (applied != after) return "unified_diff of changes does not give the changed text";
  return std::nullopt;
}

// The per-file pipeline under one set of options: no internal error on a template that parses,
// fixes whose edits, value and diff check out, and a second run that changes nothing.
inline Problem check_pipeline(const std::string& text, const PipelineOptions& options) {
  FileOutcome outcome = process_text(text, options);
  // Invalid: the text does not parse, or is a template with a structural key given twice.
  auto parsed = Document::parse(text);
  bool readable = parsed.ok() && !(is_deployment_template(parsed.value()) &&
                                   TemplateView(parsed.value()).ambiguity());
  if (readable == (outcome.kind == FileKind::Invalid))
    return "process_text disagrees with Document::parse and TemplateView::ambiguity";
  if (outcome.kind != FileKind::Template && (outcome.changed() || outcome.fixed_text != text)) {
    return "process_text changes a file that is not a template";
  }
  if (outcome.kind == FileKind::Template && outcome.error) {
    return "process_text fails on a template: " + outcome.error->message;
  }
  for (const ReportedFinding& reported : outcome.findings) {
    if (reported.position.line < 1 || reported.position.column < 1)
      return "a finding at line or column 0";
  }
  if (!outcome.changed()) {
    if (outcome.fixed_text != text) return "fixed_text differs without edits";
    return std::nullopt;
  }
  if (auto problem = detail::check_edits(text, outcome.edits, outcome.fixed_text)) return problem;
  auto fixed = Document::parse(outcome.fixed_text);
  if (!fixed) return "the fixed text does not parse: " + fixed.error().message;
  std::vector<PatchOperation> applied;
  for (const ReportedFinding& reported : outcome.findings) {
    if (!reported.applied) continue;
    applied.insert(applied.end(), reported.finding.operations.begin(),
                   reported.finding.operations.end());
  }
  auto original = Document::parse(text);
  nlohmann::json expected =
      original.value().value(original.value().root()).patch(reference_patch(applied));
  if (fixed.value().value(fixed.value().root()) != expected) {
    return "the fixed text's value is not the original value with the applied operations";
  }
  if (auto problem = detail::check_layout_habits(text, outcome.fixed_text)) return problem;
  FileOutcome again = process_text(outcome.fixed_text, options);
  if (again.error) return "the second run fails: " + again.error->message;
  if (again.changed()) return "not idempotent: a second run changes the fixed text again";
  if (auto problem = check_diff(text, outcome.fixed_text)) return problem;
  return check_diff(text, outcome.fixed_text, splices_of(outcome.edits));
}

// The option sets the pipeline is checked under: safe fixes only, unsafe fixes, no workspace,
// and a workspace parameter named with an ID to default to.
inline std::vector<PipelineOptions> pipeline_option_sets() {
  std::vector<PipelineOptions> sets(4);
  sets[1].unsafe_fixes = true;
  sets[2].unsafe_fixes = true;
  sets[2].fix.no_workspace = true;
  sets[3].unsafe_fixes = true;
  sets[3].fix.workspace_param_given = true;
  sets[3].fix.workspace_id =
      "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws";
  return sets;
}

inline Problem check_pipeline(const std::string& text) {
  std::size_t index = 0;
  for (const PipelineOptions& options : pipeline_option_sets()) {
    if (auto problem = check_pipeline(text, options)) {
      return *problem + " [option set " + std::to_string(index) + "]";
    }
    ++index;
  }
  return std::nullopt;
}

}  // namespace armfix::fuzz
