// Verification of a patch along the operations' paths only; see patch_check.hpp.
#include "json/patch_check.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace armfix {

namespace {

using Json = nlohmann::json;

// A subtree left out of the comparison, named by its original value span. JSON text never
// yields binary values, so a stand-in equals nothing but the stand-in for the same bytes.
Json stand_in(Span original) {
  std::vector<std::uint8_t> bytes(8);
  for (int k = 0; k < 4; ++k) {
    bytes[k] = static_cast<std::uint8_t>(original.begin >> (8 * k));
    bytes[4 + k] = static_cast<std::uint8_t>(original.end >> (8 * k));
  }
  return Json::binary(std::move(bytes));
}

NodeId step(const Document& doc, NodeId node, const std::string& token) {
  if (doc.is_object(node)) return doc.find_member_exact(node, token);
  if (!doc.is_array(node) || token.empty() || token.size() > 9) return kNoNode;
  if (!std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return kNoNode;
  }
  return doc.element(node, std::stoul(token));
}

// Every original node an operation passes through or targets: these are built in full.
std::unordered_set<NodeId> nodes_on_paths(const Document& doc,
                                          const std::vector<PatchOperation>& operations) {
  std::unordered_set<NodeId> on_paths{doc.root()};
  for (const auto& op : operations) {
    NodeId node = doc.root();
    for (const auto& token : op.path.tokens()) {
      node = step(doc, node, token);
      if (node == kNoNode) break;
      on_paths.insert(node);
    }
  }
  return on_paths;
}

// Builds a node's value, asking `stand_in_for` first whether to leave a subtree out.
Json pruned_value(const Document& doc, NodeId id,
                  const std::function<std::optional<Json>(NodeId)>& stand_in_for) {
  if (auto token = stand_in_for(id)) return std::move(*token);
  const Node& node = doc.node(id);
  if (node.kind == NodeKind::Object) {
    Json object = Json::object();
    for (NodeId m = node.first_child; m != kNoNode; m = doc.node(m).next_sibling)
      object[doc.key(m)] = pruned_value(doc, m, stand_in_for);  // later duplicates win
    return object;
  }
  if (node.kind == NodeKind::Array) {
    Json array = Json::array();
    for (NodeId e = node.first_child; e != kNoNode; e = doc.node(e).next_sibling)
      array.push_back(pruned_value(doc, e, stand_in_for));
    return array;
  }
  return doc.value(id);
}

// Maps spans of the patched text back to the original where no edit touches them.
class OffsetMap {
 public:
  explicit OffsetMap(const std::vector<TextEdit>& edits) {
    std::int64_t delta = 0;  // patched offset minus original offset
    for (const auto& edit : edits) {
      auto begin = static_cast<std::int64_t>(edit.offset) + delta;
      delta += static_cast<std::int64_t>(edit.text.size()) - static_cast<std::int64_t>(edit.length);
      regions_.push_back(Region{begin, begin + static_cast<std::int64_t>(edit.text.size()), delta});
    }
  }

  // The original span with the same bytes as patched `span`, unless an edit lies inside it.
  std::optional<Span> original(Span span) const {
    const std::int64_t begin = span.begin;
    const std::int64_t end = span.end;
    // Regions ending at or before `begin` lie wholly before the span; the next one must start
    // at or after its end. (An empty region is a deletion: inside the span it changed it.)
    auto next = std::upper_bound(regions_.begin(), regions_.end(), begin,
                                 [](std::int64_t at, const Region& r) { return at < r.end; });
    if (next != regions_.end() && next->begin < end) return std::nullopt;
    std::int64_t delta = next == regions_.begin() ? 0 : std::prev(next)->delta_after;
    return Span{static_cast<std::uint32_t>(begin - delta), static_cast<std::uint32_t>(end - delta)};
  }

 private:
  struct Region {
    std::int64_t begin;  // of the inserted text, in the patched text
    std::int64_t end;
    std::int64_t delta_after;
  };
  std::vector<Region> regions_;
};

}  // namespace

bool patched_value_matches(const Document& original, const Document& patched,
                           const std::vector<TextEdit>& edits,
                           const std::vector<PatchOperation>& operations) {
  const std::unordered_set<NodeId> on_paths = nodes_on_paths(original, operations);
  std::unordered_map<std::uint32_t, std::uint32_t> left_out;  // original span begin -> end
  Json expected = pruned_value(original, original.root(), [&](NodeId id) -> std::optional<Json> {
    if (on_paths.count(id) != 0) return std::nullopt;
    const Span span = original.node(id).value;
    left_out.emplace(span.begin, span.end);
    return stand_in(span);
  });
  try {
    expected = expected.patch(to_json_patch(operations));
  } catch (const nlohmann::json::exception&) {
    return false;  // an operation reaches into a left-out subtree: only the full check can tell
  }

  const OffsetMap offsets(edits);
  Json actual = pruned_value(patched, patched.root(), [&](NodeId id) -> std::optional<Json> {
    auto span = offsets.original(patched.node(id).value);
    if (!span) return std::nullopt;
    auto found = left_out.find(span->begin);
    if (found == left_out.end() || found->second != span->end) return std::nullopt;
    return stand_in(*span);
  });
  return actual == expected;
}

}  // namespace armfix
