// The lossless JSONC document: ARM's JSON dialect parsed into a tree of byte spans.
//
// First stage of the pipeline. The document owns or borrows the file's bytes; nodes only point
// into them,
// so printing an unmodified document is the identity and every edit can be made in place.
// Comments and white space are not nodes: they live in the gaps between node spans.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/json_pointer.hpp"
#include "armfix/line_index.hpp"
#include "armfix/result.hpp"
#include "armfix/source_error.hpp"
#include "armfix/splice.hpp"

namespace armfix {

enum class NodeKind : std::uint8_t { Object, Array, String, Number, True, False, Null };

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();
inline constexpr std::uint32_t kNoOffset = std::numeric_limits<std::uint32_t>::max();

// Half-open byte range [begin, end) of the document text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t size() const { return end - begin; }
};

struct Node {
  Span value;  // the value's own bytes: `{...}`, `"..."`, `12.50`, `true`
  Span key;    // the member key with its quotes; empty unless parent is an object
  NodeId parent = kNoNode;
  NodeId first_child = kNoNode;  // objects: first member; arrays: first element
  NodeId last_child = kNoNode;
  NodeId next_sibling = kNoNode;
  std::uint32_t comma = kNoOffset;  // offset of the ',' that follows this member or element
  std::uint32_t child_count = 0;
  NodeKind kind = NodeKind::Null;

  bool is_container() const { return kind == NodeKind::Object || kind == NodeKind::Array; }
};

struct DuplicateKey {
  NodeId first;   // the earlier member
  NodeId second;  // the later member whose key equals it, ignoring ASCII case
};

struct ParseLimits {
  // Containers nested deeper than this are rejected. Real templates stay under 64 levels.
  std::uint32_t max_depth = 1000;
};

class Document {
 public:
  // Accepts JSON plus `//` and `/* */` comments, trailing commas, a UTF-8 BOM, any line endings
  // and raw line breaks inside strings. Anything else is a SourceError with line and column.
  static Result<Document, SourceError> parse(std::string text, ParseLimits limits = {});
  // The same result as parse(text), for a text that is `original`'s with `splices` (sorted,
  // not overlapping) made: objects and arrays the splices left alone are copied from
  // `original`, not scanned again. With no original, this is parse().
  static Result<Document, SourceError> parse_edited(std::string text, const Document* original,
                                                    const std::vector<Splice>& splices,
                                                    ParseLimits limits = {});
  // The same, reading `text` in place rather than taking a copy (a large file is otherwise
  // held twice): the caller keeps those bytes alive and unchanged while the document lives.
  static Result<Document, SourceError> parse_borrowed(std::string_view text,
                                                      ParseLimits limits = {});
  static Result<Document, SourceError> parse_edited_borrowed(std::string_view text,
                                                             const Document* original,
                                                             const std::vector<Splice>& splices,
                                                             ParseLimits limits = {});
  // For the owner of a borrowed text that moved it: the same bytes, now at `moved`.
  void rebind_borrowed(std::string_view moved);

  std::string_view text() const { return text_; }
  std::string_view source(Span span) const { return text_.substr(span.begin, span.size()); }
  bool has_bom() const { return has_bom_; }

  NodeId root() const { return root_; }
  const Node& node(NodeId id) const { return nodes_[id]; }
  std::size_t node_count() const { return nodes_.size(); }

  // The decoded key of an object member.
  std::string key(NodeId member) const;
  // First member whose key equals `name` ignoring ASCII case (ARM property names are
  // case-insensitive); kNoNode when there is none or `object` is not an object.
  NodeId find_member(NodeId object, std::string_view name) const;
  // Member whose key is exactly `name`.
  NodeId find_member_exact(NodeId object, std::string_view name) const;
  // How many members have `name` as key, ignoring ASCII case.
  std::size_t count_members(NodeId object, std::string_view name) const;
  NodeId element(NodeId array, std::size_t index) const;

  // Semantic value; comments dropped, later duplicate keys win (as nlohmann's parser does).
  // A number beyond a double's range is a binary value (subtype 1) holding its spelling.
  nlohmann::json value(NodeId id) const;
  // Decoded text of a string node.
  std::string string_value(NodeId id) const;
  bool is_string(NodeId id) const { return id != kNoNode && nodes_[id].kind == NodeKind::String; }
  bool is_object(NodeId id) const { return id != kNoNode && nodes_[id].kind == NodeKind::Object; }
  bool is_array(NodeId id) const { return id != kNoNode && nodes_[id].kind == NodeKind::Array; }

  // Follows a pointer whose tokens use the document's own key spelling; kNoNode if absent.
  NodeId resolve(const JsonPointer& pointer) const;
  // The pointer to a node, in the document's own key spelling.
  JsonPointer pointer_to(NodeId id) const;

  Position position(std::size_t offset) const;
  // Members whose keys repeat within one object, ignoring ASCII case.
  std::vector<DuplicateKey> duplicate_keys() const;
  // Those of one object, appended to `duplicates`.
  void append_duplicate_keys(NodeId object, std::vector<DuplicateKey>& duplicates) const;

 private:
  friend class Parser;
  static Result<Document, SourceError> parse_into(Document document, const Document* original,
                                                  const std::vector<Splice>& splices,
                                                  ParseLimits limits);

  std::unique_ptr<const std::string> owned_text_;  // null when borrowing; on the heap, so a
                                                   // move leaves text_ pointing at it
  std::string_view text_;
  std::vector<Node> nodes_;
  NodeId root_ = kNoNode;
  bool has_bom_ = false;
  mutable LineCursor line_cursor_;  // findings ask for positions in file order
};

// ASCII case-insensitive equality, the comparison ARM applies to names.
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace armfix
