// The patch engine: plans JSON Patch operations against the lossless tree, turns the plan into
// minimal byte edits in the file's own style, and verifies the result before returning it.
#include "armfix/engine.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "armfix/render.hpp"
#include "armfix/style.hpp"

namespace armfix {

PatchOperation PatchOperation::add(JsonPointer path, nlohmann::ordered_json value) {
  return PatchOperation{PatchOpKind::Add, std::move(path), std::move(value)};
}
PatchOperation PatchOperation::replace(JsonPointer path, nlohmann::ordered_json value) {
  return PatchOperation{PatchOpKind::Replace, std::move(path), std::move(value)};
}
PatchOperation PatchOperation::remove(JsonPointer path) {
  return PatchOperation{PatchOpKind::Remove, std::move(path), nullptr};
}

namespace {

const char* op_name(PatchOpKind kind) {
  switch (kind) {
    case PatchOpKind::Add: return "add";
    case PatchOpKind::Replace: return "replace";
    case PatchOpKind::Remove: return "remove";
  }
  return "?";
}

struct EngineFailure {
  std::string message;
};

std::optional<std::size_t> parse_index(const std::string& token) {
  if (token.empty() || token.size() > 9) return std::nullopt;
  if (token.size() > 1 && token[0] == '0') return std::nullopt;
  if (!std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoul(token);
}

// Members or elements a plan adds to one container that exists in the document.
struct Additions {
  std::vector<std::pair<std::string, nlohmann::ordered_json>> members;
  std::vector<nlohmann::ordered_json> elements;

  nlohmann::ordered_json* find_member(const std::string& key) {
    for (auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

// Where a pointer leads: a node of the document, or a value the plan itself adds.
struct Location {
  NodeId node = kNoNode;
  nlohmann::ordered_json* pending = nullptr;
};

// What the operations do to the document, before any text is produced.
class Plan {
 public:
  explicit Plan(const Document& document) : doc_(document) {}

  void apply(const PatchOperation& op) {
    if (op.path.is_root()) {
      if (op.kind == PatchOpKind::Remove) fail(op, "cannot remove the document root");
      replacements_.clear();
      removals_.clear();
      additions_.clear();
      replacements_[doc_.root()] = op.value;
      return;
    }
    Location parent = locate(op, op.path.parent());
    const std::string& token = op.path.back();
    if (parent.pending != nullptr) {
      apply_to_pending(op, *parent.pending, token);
    } else if (doc_.is_object(parent.node)) {
      apply_to_object(op, parent.node, token);
    } else if (doc_.is_array(parent.node)) {
      apply_to_array(op, parent.node, token);
    } else {
      fail(op, "the parent is not an object or array");
    }
  }

  const std::map<NodeId, nlohmann::ordered_json>& replacements() const { return replacements_; }
  const std::set<NodeId>& removals() const { return removals_; }
  const std::map<NodeId, Additions>& additions() const { return additions_; }

 private:
  [[noreturn]] static void fail(const PatchOperation& op, const std::string& why) {
    throw EngineFailure{std::string(op_name(op.kind)) + " " + op.path.to_string() + ": " + why};
  }

  std::vector<NodeId> surviving_children(NodeId container) const {
    std::vector<NodeId> children;
    for (NodeId c = doc_.node(container).first_child; c != kNoNode; c = doc_.node(c).next_sibling) {
      if (removals_.count(c) == 0) children.push_back(c);
    }
    return children;
  }

  NodeId surviving_member(NodeId object, const std::string& key) const {
    NodeId member = doc_.find_member_exact(object, key);
    return member != kNoNode && removals_.count(member) == 0 ? member : kNoNode;
  }

  Location enter(NodeId node) {
    auto replaced = replacements_.find(node);
    if (replaced != replacements_.end()) return Location{kNoNode, &replaced->second};
    return Location{node, nullptr};
  }

  Location locate(const PatchOperation& op, const JsonPointer& pointer) {
    Location here = enter(doc_.root());
    for (const std::string& token : pointer.tokens()) {
      if (here.pending != nullptr) {
        here.pending = step_into_pending(op, *here.pending, token);
      } else if (doc_.is_object(here.node)) {
        if (auto* added = additions_[here.node].find_member(token)) {
          here = Location{kNoNode, added};
          continue;
        }
        NodeId member = surviving_member(here.node, token);
        if (member == kNoNode) fail(op, "no member '" + token + "' on the way");
        here = enter(member);
      } else if (doc_.is_array(here.node)) {
        auto index = parse_index(token);
        std::vector<NodeId> elements = surviving_children(here.node);
        auto& appended = additions_[here.node].elements;
        if (!index || *index >= elements.size() + appended.size()) {
          fail(op, "no element '" + token + "' on the way");
        }
        here = *index < elements.size() ? enter(elements[*index])
                                        : Location{kNoNode, &appended[*index - elements.size()]};
      } else {
        fail(op, "'" + token + "' is inside a value that is not an object or array");
      }
    }
    return here;
  }

  static nlohmann::ordered_json* step_into_pending(const PatchOperation& op,
                                                   nlohmann::ordered_json& value,
                                                   const std::string& token) {
    if (value.is_object()) {
      auto it = value.find(token);
      if (it == value.end()) fail(op, "no member '" + token + "' on the way");
      return &*it;
    }
    auto index = parse_index(token);
    if (value.is_array() && index && *index < value.size()) return &value[*index];
    fail(op, "no element '" + token + "' on the way");
  }

  static void apply_to_pending(const PatchOperation& op, nlohmann::ordered_json& parent,
                               const std::string& token) {
    if (parent.is_object()) {
      bool exists = parent.contains(token);
      if (op.kind == PatchOpKind::Remove) {
        if (!exists) fail(op, "no such member");
        parent.erase(token);
      } else {
        if (op.kind == PatchOpKind::Replace && !exists) fail(op, "no such member");
        parent[token] = op.value;
      }
      return;
    }
    if (!parent.is_array()) fail(op, "the parent is not an object or array");
    std::size_t size = parent.size();
    auto index = token == "-" ? std::optional<std::size_t>(size) : parse_index(token);
    if (!index || *index > size || (op.kind != PatchOpKind::Add && *index == size)) {
      fail(op, "index out of range");
    }
    if (op.kind == PatchOpKind::Add) {
      parent.insert(parent.begin() + static_cast<std::ptrdiff_t>(*index), op.value);
    } else if (op.kind == PatchOpKind::Replace) {
      parent[*index] = op.value;
    } else {
      parent.erase(*index);
    }
  }

  void apply_to_object(const PatchOperation& op, NodeId object, const std::string& key) {
    Additions& added = additions_[object];
    auto pending = std::find_if(added.members.begin(), added.members.end(),
                                [&](const auto& member) { return member.first == key; });
    if (pending != added.members.end()) {
      if (op.kind == PatchOpKind::Remove) {
        added.members.erase(pending);
      } else {
        pending->second = op.value;
      }
      return;
    }
    NodeId member = surviving_member(object, key);
    if (member == kNoNode) {
      if (op.kind != PatchOpKind::Add) fail(op, "no such member");
      added.members.emplace_back(key, op.value);
      return;
    }
    change_node(op, member);
  }

  void apply_to_array(const PatchOperation& op, NodeId array, const std::string& token) {
    std::vector<NodeId> elements = surviving_children(array);
    auto& appended = additions_[array].elements;
    std::size_t size = elements.size() + appended.size();
    auto index = token == "-" ? std::optional<std::size_t>(size) : parse_index(token);
    if (!index || *index > size || (op.kind != PatchOpKind::Add && *index == size)) {
      fail(op, "index out of range");
    }
    if (op.kind == PatchOpKind::Add) {
      if (*index < elements.size()) fail(op, "inserting before an existing element is not supported");
      appended.insert(appended.begin() + static_cast<std::ptrdiff_t>(*index - elements.size()),
                      op.value);
      return;
    }
    if (*index >= elements.size()) {
      auto at = appended.begin() + static_cast<std::ptrdiff_t>(*index - elements.size());
      if (op.kind == PatchOpKind::Replace) {
        *at = op.value;
      } else {
        appended.erase(at);
      }
      return;
    }
    change_node(op, elements[*index]);
  }

  // Replace or remove a node of the document; whatever was planned inside it is superseded.
  void change_node(const PatchOperation& op, NodeId node) {
    forget_inside(node);
    if (op.kind == PatchOpKind::Remove) {
      replacements_.erase(node);
      removals_.insert(node);
    } else {
      replacements_[node] = op.value;
    }
  }

  bool is_inside(NodeId node, NodeId ancestor) const {
    for (NodeId n = doc_.node(node).parent; n != kNoNode; n = doc_.node(n).parent) {
      if (n == ancestor) return true;
    }
    return false;
  }

  void forget_inside(NodeId node) {
    auto inside = [&](NodeId n) { return n == node || is_inside(n, node); };
    for (auto it = replacements_.begin(); it != replacements_.end();) {
      it = inside(it->first) && it->first != node ? replacements_.erase(it) : std::next(it);
    }
    for (auto it = removals_.begin(); it != removals_.end();) {
      it = inside(*it) && *it != node ? removals_.erase(it) : std::next(it);
    }
    for (auto it = additions_.begin(); it != additions_.end();) {
      it = inside(it->first) ? additions_.erase(it) : std::next(it);
    }
  }

  const Document& doc_;
  std::map<NodeId, nlohmann::ordered_json> replacements_;
  std::set<NodeId> removals_;
  std::map<NodeId, Additions> additions_;
};

}  // namespace

// Turns a plan into text edits, container by container.
class EditWriter {
 public:
  EditWriter(const Document& document, const Plan& plan)
      : doc_(document), text_(document.text()), plan_(plan), style_(detect_style(document)) {}

  std::vector<TextEdit> write() {
    for (const auto& [node, value] : plan_.replacements()) write_replacement(node, value);
    std::set<NodeId> containers;
    for (NodeId removed : plan_.removals()) containers.insert(doc_.node(removed).parent);
    for (const auto& [container, added] : plan_.additions()) {
      if (!added.members.empty() || !added.elements.empty()) containers.insert(container);
    }
    for (NodeId container : containers) write_container(container);
    std::sort(edits_.begin(), edits_.end(), [](const TextEdit& a, const TextEdit& b) {
      return a.offset != b.offset ? a.offset < b.offset : a.length < b.length;
    });
    for (std::size_t i = 1; i < edits_.size(); ++i) {
      const TextEdit& a = edits_[i - 1];
      const TextEdit& b = edits_[i];
      if (a.offset + a.length > b.offset || (a.offset == b.offset && a.length == 0 && b.length == 0)) {
        throw EngineFailure{"overlapping edits at " + describe(b.offset)};
      }
    }
    return std::move(edits_);
  }

 private:
  std::string describe(std::size_t offset) const {
    Position p = doc_.position(offset);
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
  }

  std::uint32_t item_begin(NodeId item) const {
    const Node& n = doc_.node(item);
    return n.key.size() > 0 ? n.key.begin : n.value.begin;
  }

  std::uint32_t item_end(NodeId item) const {
    const Node& n = doc_.node(item);
    return n.comma != kNoOffset ? n.comma + 1 : n.value.end;
  }

  bool starts_line(std::size_t offset) const {
    return line_indent(text_, offset).size() == offset - line_start(offset);
  }

  std::size_t line_start(std::size_t offset) const {
    while (offset > 0 && text_[offset - 1] != '\n' && text_[offset - 1] != '\r') --offset;
    return offset;
  }

  // After `offset`, skips spaces and comments that close on this line. Returns the offset of
  // the line ending when only those remain on the line, or nullopt.
  std::optional<std::size_t> rest_of_line_is_trivia(std::size_t offset) const {
    std::size_t i = offset;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == ' ' || c == '\t') {
        ++i;
      } else if (c == '\n' || c == '\r') {
        return i;
      } else if (text_.compare(i, 2, "//") == 0) {
        std::size_t end = text_.find_first_of("\r\n", i);
        return end == std::string::npos ? text_.size() : end;
      } else if (text_.compare(i, 2, "/*") == 0) {
        std::size_t close = text_.find("*/", i + 2);
        std::size_t line_end = text_.find_first_of("\r\n", i);
        if (close == std::string::npos || close > line_end) return std::nullopt;
        i = close + 2;
      } else {
        return std::nullopt;
      }
    }
    return text_.size();
  }

  std::size_t after_line_ending(std::size_t offset) const {
    if (offset < text_.size() && text_[offset] == '\r') ++offset;
    if (offset < text_.size() && text_[offset] == '\n') ++offset;
    return offset;
  }

  std::string newline_at(std::size_t offset) const {
    return std::string(line_ending_at(text_, offset, style_.newline));
  }

  // The bytes between a key and its value in this object, when they are plain.
  std::string colon_of(NodeId object) const {
    for (NodeId m = doc_.node(object).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
      const Node& n = doc_.node(m);
      std::string_view gap = doc_.source(Span{n.key.end, n.value.begin});
      if (gap.find_first_not_of(" \t:") == std::string_view::npos) return std::string(gap);
    }
    return style_.space_after_colon ? ": " : ":";
  }

  RenderLayout layout_for(NodeId container, bool multi_line, std::string indent) const {
    RenderLayout layout;
    layout.multi_line = multi_line;
    layout.indent = std::move(indent);
    layout.indent_unit = style_.indent_unit;
    layout.newline = newline_at(doc_.node(container).value.begin);
    layout.colon = doc_.is_object(container) ? colon_of(container)
                                             : (style_.space_after_colon ? ": " : ":");
    layout.trailing_commas = style_.trailing_commas;
    layout.padded = style_.padded_single_line;
    return layout;
  }

  // New content is spread over lines wherever the surrounding text is.
  bool wants_multi_line(NodeId container) const {
    if (!is_single_line(doc_, container)) return true;
    NodeId parent = doc_.node(container).parent;
    if (parent == kNoNode) return text_.find('\n') != std::string::npos;
    return !is_single_line(doc_, parent);
  }

  void write_replacement(NodeId node, const nlohmann::ordered_json& value) {
    const Node& n = doc_.node(node);
    NodeId parent = n.parent;
    bool multi = parent == kNoNode ? text_.find('\n') != std::string::npos : wants_multi_line(parent);
    RenderLayout layout = layout_for(parent == kNoNode ? node : parent, multi,
                                     std::string(line_indent(text_, n.value.begin)));
    edits_.push_back(TextEdit{n.value.begin, n.value.size(), render_value(value, layout)});
  }

  void write_container(NodeId container) {
    const Node& c = doc_.node(container);
    std::vector<NodeId> survivors;
    std::vector<NodeId> removed;
    for (NodeId item = c.first_child; item != kNoNode; item = doc_.node(item).next_sibling) {
      (plan_.removals().count(item) != 0 ? removed : survivors).push_back(item);
    }
    auto found = plan_.additions().find(container);
    static const Additions kNone;
    const Additions& added = found != plan_.additions().end() ? found->second : kNone;
    std::size_t added_count = added.members.size() + added.elements.size();

    if (survivors.empty() && added_count > 0) {
      write_into_emptied(container, added);
      return;
    }
    bool multi = !is_single_line(doc_, container);
    for (NodeId item : removed) write_removal(item, multi);
    if (survivors.empty()) return;

    NodeId last = survivors.back();
    bool trailing_habit = doc_.node(c.last_child).comma != kNoOffset;
    bool needs_comma = added_count > 0 || trailing_habit;
    bool has_comma = doc_.node(last).comma != kNoOffset;
    std::string comma_text;
    if (!needs_comma && has_comma) {
      edits_.push_back(TextEdit{doc_.node(last).comma, 1, ""});
    } else if (needs_comma && !has_comma) {
      comma_text = ",";
    }
    if (added_count == 0) {
      if (!comma_text.empty()) edits_.push_back(TextEdit{doc_.node(last).value.end, 0, comma_text});
      return;
    }
    write_append(container, last, added, multi, trailing_habit, comma_text);
  }

  static std::vector<std::string> render_additions(const Additions& added,
                                                   const RenderLayout& layout) {
    std::vector<std::string> items;
    for (const auto& [key, value] : added.members) items.push_back(render_member(key, value, layout));
    for (const auto& value : added.elements) items.push_back(render_value(value, layout));
    return items;
  }

  void write_append(NodeId container, NodeId last, const Additions& added, bool multi,
                    bool trailing_habit, const std::string& comma_text) {
    const Node& l = doc_.node(last);
    std::size_t after_last = item_end(last);
    std::string text;
    std::size_t point = after_last;
    if (multi) {
      std::string indent(line_indent(text_, item_begin(last)));
      RenderLayout layout = layout_for(container, true, indent);
      if (auto line_end = rest_of_line_is_trivia(after_last)) point = *line_end;
      std::string newline = newline_at(point);
      auto items = render_additions(added, layout);
      for (std::size_t i = 0; i < items.size(); ++i) {
        text += newline + indent + items[i];
        if (i + 1 < items.size() || trailing_habit) text += ",";
      }
    } else {
      RenderLayout layout = layout_for(container, false, "");
      auto items = render_additions(added, layout);
      for (std::size_t i = 0; i < items.size(); ++i) {
        text += (i == 0 && comma_text.empty()) ? " " : ", ";  // the comma rides along
        text += items[i];
      }
      if (trailing_habit) text += ",";
      edits_.push_back(TextEdit{point, 0, text});
      return;
    }
    if (!comma_text.empty()) {
      if (point == l.value.end) {
        text = comma_text + text;
      } else {
        edits_.push_back(TextEdit{l.value.end, 0, comma_text});
      }
    }
    edits_.push_back(TextEdit{point, 0, text});
  }

  // All items gone or none there: the container's inside is written anew.
  void write_into_emptied(NodeId container, const Additions& added) {
    const Node& c = doc_.node(container);
    std::uint32_t inside_begin = c.value.begin + 1;
    std::uint32_t inside_end = c.value.end - 1;
    std::string_view inside = doc_.source(Span{inside_begin, inside_end});
    bool plain = inside.find_first_not_of(" \t\r\n") == std::string_view::npos;
    bool multi = wants_multi_line(container);
    std::string outer(line_indent(text_, c.value.begin));
    std::string indent = outer + style_.indent_unit;
    if (c.first_child != kNoNode && starts_line(item_begin(c.first_child))) {
      indent = std::string(line_indent(text_, item_begin(c.first_child)));
    }
    RenderLayout layout = layout_for(container, multi, multi ? indent : "");
    auto items = render_additions(added, layout);
    std::string newline = newline_at(c.value.begin);
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (multi) {
        text += newline + indent + items[i];
        if (i + 1 < items.size() || style_.trailing_commas) text += ",";
      } else {
        text += (i == 0 ? (c.kind == NodeKind::Object && style_.padded_single_line ? " " : "") : ", ");
        text += items[i];
      }
    }
    if (c.first_child != kNoNode || plain) {
      // Replace the whole inside: every item in it is removed and nothing else is there to keep.
      if (multi) {
        text += newline + outer;
      } else if (c.kind == NodeKind::Object && style_.padded_single_line) {
        text += " ";
      }
      edits_.push_back(TextEdit{inside_begin, inside.size(), text});
    } else {
      edits_.push_back(TextEdit{inside_begin, 0, text});  // keep the comments after the new items
    }
  }

  void write_removal(NodeId item, bool multi) {
    std::size_t begin = item_begin(item);
    std::size_t end = item_end(item);
    if (multi && starts_line(begin)) {
      if (auto line_end = rest_of_line_is_trivia(end)) {
        edits_.push_back(TextEdit{line_start(begin), after_line_ending(*line_end) - line_start(begin), ""});
        return;
      }
    }
    const Node& n = doc_.node(item);
    if (n.comma != kNoOffset) {
      while (end < text_.size() && (text_[end] == ' ' || text_[end] == '\t')) ++end;
    } else {
      while (begin > 0 && (text_[begin - 1] == ' ' || text_[begin - 1] == '\t')) --begin;
    }
    edits_.push_back(TextEdit{begin, end - begin, ""});
  }

  const Document& doc_;
  const std::string& text_;
  const Plan& plan_;
  Style style_;
  std::vector<TextEdit> edits_;
};

std::string apply_edits(std::string_view text, const std::vector<TextEdit>& edits) {
  std::string out;
  std::size_t growth = 0;
  for (const auto& edit : edits) growth += edit.text.size();
  out.reserve(text.size() + growth);
  std::size_t at = 0;
  for (const auto& edit : edits) {
    out.append(text.substr(at, edit.offset - at));
    out.append(edit.text);
    at = edit.offset + edit.length;
  }
  out.append(text.substr(at));
  return out;
}

Result<std::vector<PatchOperation>, PatchError> parse_json_patch(const nlohmann::ordered_json& patch) {
  if (!patch.is_array()) return PatchError{"a JSON Patch must be an array of operations"};
  std::vector<PatchOperation> operations;
  for (const auto& entry : patch) {
    if (!entry.is_object() || !entry.contains("op") || !entry.contains("path") ||
        !entry["op"].is_string() || !entry["path"].is_string()) {
      return PatchError{"each operation needs string members 'op' and 'path'"};
    }
    auto path = JsonPointer::parse(entry["path"].get<std::string>());
    if (!path) return PatchError{"invalid JSON Pointer '" + entry["path"].get<std::string>() + "'"};
    const std::string op = entry["op"].get<std::string>();
    bool needs_value = op == "add" || op == "replace";
    if (needs_value && !entry.contains("value")) return PatchError{op + " needs a 'value'"};
    if (op == "add") {
      operations.push_back(PatchOperation::add(*path, entry["value"]));
    } else if (op == "replace") {
      operations.push_back(PatchOperation::replace(*path, entry["value"]));
    } else if (op == "remove") {
      operations.push_back(PatchOperation::remove(*path));
    } else {
      return PatchError{"unsupported operation '" + op + "': only add, replace and remove"};
    }
  }
  return operations;
}

nlohmann::json to_json_patch(const std::vector<PatchOperation>& operations) {
  nlohmann::json patch = nlohmann::json::array();
  for (const auto& op : operations) {
    nlohmann::json entry = {{"op", op_name(op.kind)}, {"path", op.path.to_string()}};
    if (op.kind != PatchOpKind::Remove) entry["value"] = nlohmann::json(op.value);
    patch.push_back(std::move(entry));
  }
  return patch;
}

namespace {

// Nothing leaves the engine unverified: the new text must parse to exactly the value that
// nlohmann::json::patch computes from the original.
std::optional<PatchError> verify(const Document& original, const std::string& patched,
                                 const std::vector<PatchOperation>& operations) {
  nlohmann::json expected;
  try {
    expected = original.value(original.root()).patch(to_json_patch(operations));
  } catch (const nlohmann::json::exception& e) {
    return PatchError{std::string("the operations do not apply: ") + e.what()};
  }
  auto reparsed = Document::parse(patched);
  if (!reparsed) {
    const SourceError& error = reparsed.error();
    return PatchError{"internal error: the patched text does not parse (line " +
                      std::to_string(error.position.line) + ", column " +
                      std::to_string(error.position.column) + ": " + error.message + ")"};
  }
  if (reparsed.value().value(reparsed.value().root()) != expected) {
    return PatchError{"internal error: the patched text does not have the expected value"};
  }
  return std::nullopt;
}

}  // namespace

Result<PatchedText, PatchError> apply_patch(const Document& document,
                                            const std::vector<PatchOperation>& operations) {
  PatchedText result;
  try {
    Plan plan(document);
    for (const auto& op : operations) plan.apply(op);
    result.edits = EditWriter(document, plan).write();
  } catch (const EngineFailure& failure) {
    return PatchError{failure.message};
  }
  result.text = apply_edits(document.text(), result.edits);
  if (auto problem = verify(document, result.text, operations)) return *problem;
  return result;
}

}  // namespace armfix
