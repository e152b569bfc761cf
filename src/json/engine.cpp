// The patch engine: plans JSON Patch operations against the lossless tree, turns the plan into
// minimal byte edits in the file's own style, and verifies the result before returning it.
#include "armfix/engine.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "json/patch_check.hpp"
#include "json/render.hpp"
#include "json/style.hpp"

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
    case PatchOpKind::Add:
      return "add";
    case PatchOpKind::Replace:
      return "replace";
    case PatchOpKind::Remove:
      return "remove";
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
      if (*index < elements.size())
        fail(op, "inserting before an existing element is not supported");
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

// Turns a plan into text edits, container by container.
class EditWriter {
 public:
  EditWriter(const Document& document, const Plan& plan)
      : doc_(document), text_(document.text()), plan_(plan), style_(detect_style(document)) {}

  std::vector<TextEdit> write() {
    for (const auto& [node, value] : plan_.replacements())
      write_replacement(node, value);
    std::set<NodeId> containers;
    for (NodeId removed : plan_.removals())
      containers.insert(doc_.node(removed).parent);
    for (const auto& [container, added] : plan_.additions()) {
      if (!added.members.empty() || !added.elements.empty()) containers.insert(container);
    }
    for (NodeId container : containers)
      write_container(container);
    // Operations that cancel out (an append, then a removal) can render a container as it
    // was: an edit that changes nothing is no edit.
    edits_.erase(std::remove_if(edits_.begin(), edits_.end(),
                                [&](const TextEdit& edit) {
                                  return text_.substr(edit.offset, edit.length) == edit.text;
                                }),
                 edits_.end());
    std::sort(edits_.begin(), edits_.end(), [](const TextEdit& a, const TextEdit& b) {
      return a.offset != b.offset ? a.offset < b.offset : a.length < b.length;
    });
    for (std::size_t i = 1; i < edits_.size(); ++i) {
      const TextEdit& a = edits_[i - 1];
      const TextEdit& b = edits_[i];
      if (a.offset + a.length > b.offset ||
          (a.offset == b.offset && a.length == 0 && b.length == 0)) {
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
    while (offset > 0 && text_[offset - 1] != '\n' && text_[offset - 1] != '\r')
      --offset;
    return offset;
  }

  bool is_blank(std::size_t begin, std::size_t end) const {
    return doc_.source(Span{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)})
               .find_first_not_of(" \t\r\n") == std::string_view::npos;
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
        std::size_t end = find_line_break(text_, i);
        return end == std::string::npos ? text_.size() : end;
      } else if (text_.compare(i, 2, "/*") == 0) {
        std::size_t close = text_.find("*/", i + 2);
        std::size_t line_end = find_line_break(text_, i);
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

  // The bytes between the items of a one-line container: its own, when it shows them.
  std::string separator_of(NodeId container) const {
    NodeId first = doc_.node(container).first_child;
    if (first != kNoNode && doc_.node(first).comma != kNoOffset &&
        doc_.node(first).next_sibling != kNoNode) {
      std::uint32_t after_comma = doc_.node(first).comma + 1;
      std::string_view gap =
          doc_.source(Span{after_comma, item_begin(doc_.node(first).next_sibling)});
      if (gap.find_first_not_of(" \t") == std::string_view::npos) return "," + std::string(gap);
    }
    return style_.space_after_comma ? ", " : ",";
  }

  // The indentation step of the nearest enclosing container laid out over lines: a section
  // indented unlike the rest of the file keeps its own step.
  std::string indent_unit_near(NodeId node) const {
    for (NodeId n = node; n != kNoNode; n = doc_.node(n).parent) {
      const Node& c = doc_.node(n);
      if (!c.is_container() || c.first_child == kNoNode) continue;
      std::uint32_t first = item_begin(c.first_child);
      if (!starts_line(first)) continue;
      std::string_view outer = line_indent(text_, c.value.begin);
      std::string_view inner = line_indent(text_, first);
      if (inner.size() <= outer.size() || inner.substr(0, outer.size()) != outer) continue;
      std::string_view step = inner.substr(outer.size());
      if (step.find_first_not_of(step[0]) == std::string_view::npos) return std::string(step);
    }
    return style_.indent_unit;
  }

  RenderLayout layout_for(NodeId container, bool multi_line, std::string indent) const {
    RenderLayout layout;
    layout.multi_line = multi_line;
    layout.indent = std::move(indent);
    layout.indent_unit = indent_unit_near(container);
    layout.newline = newline_at(doc_.node(container).value.begin);
    layout.colon =
        doc_.is_object(container) ? colon_of(container) : (style_.space_after_colon ? ": " : ":");
    layout.trailing_commas = style_.trailing_commas;
    layout.padded = style_.padded_single_line;
    layout.separator = separator_of(container);
    layout.padded_arrays = style_.padded_single_line_arrays;
    return layout;
  }

  bool file_is_multi_line() const { return find_line_break(text_) != std::string::npos; }

  // New content goes over lines wherever the container already is; inside an empty container,
  // wherever its parent is.
  bool wants_multi_line(NodeId container) const {
    const Node& c = doc_.node(container);
    if (!is_single_line(doc_, container)) return true;
    if (c.first_child != kNoNode) return false;
    if (c.parent == kNoNode) return file_is_multi_line();
    return !is_single_line(doc_, c.parent);
  }

  bool padded(NodeId container) const {
    return doc_.is_object(container) ? style_.padded_single_line : style_.padded_single_line_arrays;
  }

  // A value replaced keeps its shape: a one-line object stays on one line. Replacing a value
  // by an equal one changes nothing, so `1.50` is not rewritten as `1.5` and fixes are
  // idempotent.
  void write_replacement(NodeId node, const nlohmann::ordered_json& value) {
    if (doc_.value(node) == nlohmann::json(value)) return;  // same value: keep its spelling
    const Node& n = doc_.node(node);
    bool multi = false;
    if (n.is_container() && n.first_child != kNoNode) {
      multi = !is_single_line(doc_, node);
    } else {
      multi = n.parent == kNoNode ? file_is_multi_line() : wants_multi_line(n.parent);
    }
    RenderLayout layout = layout_for(n.parent == kNoNode ? node : n.parent, multi,
                                     std::string(line_indent(text_, n.value.begin)));
    edits_.push_back(TextEdit{n.value.begin, n.value.size(), render_value(value, layout)});
  }

  const Additions& additions_of(NodeId container) const {
    static const Additions kNone;
    auto found = plan_.additions().find(container);
    return found != plan_.additions().end() ? found->second : kNone;
  }

  void write_container(NodeId container) {
    const Node& c = doc_.node(container);
    std::vector<NodeId> survivors;
    std::vector<std::pair<NodeId, NodeId>> runs;  // first and last of consecutive removed items
    bool in_run = false;
    for (NodeId item = c.first_child; item != kNoNode; item = doc_.node(item).next_sibling) {
      bool removed = plan_.removals().count(item) != 0;
      if (!removed) {
        survivors.push_back(item);
      } else if (in_run) {
        runs.back().second = item;
      } else {
        runs.emplace_back(item, item);
      }
      in_run = removed;
    }
    const Additions& added = additions_of(container);
    if (c.first_child == kNoNode) {
      write_into_empty(container, added);
      return;
    }
    if (survivors.empty()) {
      write_emptied(container, added);
      return;
    }
    bool multi = !is_single_line(doc_, container);
    for (const auto& [first, last] : runs) {
      std::vector<TextEdit> cuts = removal(first, last, multi);
      edits_.insert(edits_.end(), cuts.begin(), cuts.end());
    }

    std::size_t added_count = added.members.size() + added.elements.size();
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
    for (const auto& [key, value] : added.members)
      items.push_back(render_member(key, value, layout));
    for (const auto& value : added.elements)
      items.push_back(render_value(value, layout));
    return items;
  }

  // One line per item, each indented and ended like the lines it joins.
  static std::string item_lines(const std::vector<std::string>& items, const std::string& indent,
                                const std::string& newline, bool trailing_comma) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
      text += indent + items[i];
      if (i + 1 < items.size() || trailing_comma) text += ",";
      text += newline;
    }
    return text;
  }

  static std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
      text += (i == 0 ? "" : separator) + items[i];
    return text;
  }

  // New items go after the last survivor and after the comments on its line: a trailing
  // comment stays with the member it describes, and the comma goes before it.
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
      text = newline + item_lines(items, indent, newline, trailing_habit);
      text.resize(text.size() - newline.size());
    } else {
      RenderLayout layout = layout_for(container, false, "");
      auto items = render_additions(added, layout);
      // The comma rides along with the first new item.
      text = (comma_text.empty() ? layout.separator.substr(1) : layout.separator) +
             joined(items, layout.separator);
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

  // A container with no items: the new ones go after any comments it holds, laid out over
  // lines when the container sits in a multi-line parent.
  void write_into_empty(NodeId container, const Additions& added) {
    const Node& c = doc_.node(container);
    std::uint32_t inside_begin = c.value.begin + 1;
    std::uint32_t inside_end = c.value.end - 1;
    std::string_view inside = doc_.source(Span{inside_begin, inside_end});
    std::size_t content_end = inside.find_last_not_of(" \t\r\n");
    bool has_comments = content_end != std::string_view::npos;
    std::size_t from = has_comments ? inside_begin + content_end + 1 : inside_begin;
    bool multi = wants_multi_line(container);
    std::string outer(line_indent(text_, c.value.begin));
    std::string indent = multi ? outer + indent_unit_near(container) : "";
    RenderLayout layout = layout_for(container, multi, indent);
    auto items = render_additions(added, layout);
    std::string text;
    std::string tail;  // what closes the container; kept when it is already there
    if (multi) {
      std::string newline = newline_at(c.value.begin);
      text = newline + item_lines(items, indent, newline, style_.trailing_commas);
      text.resize(text.size() - newline.size());
      tail = newline + outer;
    } else {
      std::string pad = padded(container) ? " " : "";
      text = (has_comments ? " " : pad) + joined(items, layout.separator);
      tail = pad;
    }
    std::size_t length = inside_end - from;
    if (doc_.source(Span{static_cast<std::uint32_t>(from), inside_end}) == tail) {
      edits_.push_back(TextEdit{from, 0, text});
    } else {
      edits_.push_back(TextEdit{from, length, text + tail});
    }
  }

  // Every item removed. New items take the place of the old ones; with none, the container
  // closes up to `{}` unless comments stay inside it.
  void write_emptied(NodeId container, const Additions& added) {
    const Node& c = doc_.node(container);
    bool multi = !is_single_line(doc_, container);
    std::vector<TextEdit> cuts = removal(c.first_child, c.last_child, multi);
    RenderLayout layout = layout_for(container, false, "");
    auto items = render_additions(added, layout);
    if (items.empty()) {
      std::size_t inside_begin = c.value.begin + 1;
      std::size_t inside_end = c.value.end - 1;
      bool blank = true;
      std::size_t at = inside_begin;
      for (const TextEdit& cut : cuts) {
        blank = blank && is_blank(at, cut.offset);
        at = cut.offset + cut.length;
      }
      if (blank && is_blank(at, inside_end)) {
        cuts = {TextEdit{inside_begin, inside_end - inside_begin, ""}};
      }
      edits_.insert(edits_.end(), cuts.begin(), cuts.end());
      return;
    }
    std::size_t begin = item_begin(c.first_child);
    bool trailing_habit = doc_.node(c.last_child).comma != kNoOffset;
    if (multi && all_own_lines(c.first_child, c.last_child)) {
      std::string indent(line_indent(text_, begin));
      items = render_additions(added, layout_for(container, true, indent));
      std::string newline = newline_at(begin);
      edits_.insert(edits_.end(), cuts.begin(), cuts.end());
      edits_.push_back(
          TextEdit{line_start(begin), 0, item_lines(items, indent, newline, trailing_habit)});
      return;
    }
    std::string text = joined(items, layout.separator) + (trailing_habit ? "," : "");
    edits_.push_back(TextEdit{begin, item_end(c.last_child) - begin, text});
  }

  // The item has its lines to itself, but for comments.
  bool own_lines(NodeId item) const {
    return starts_line(item_begin(item)) && rest_of_line_is_trivia(item_end(item));
  }

  bool all_own_lines(NodeId first, NodeId last) const {
    for (NodeId item = first;; item = doc_.node(item).next_sibling) {
      if (!own_lines(item)) return false;
      if (item == last) return true;
    }
  }

  // The edits deleting consecutive items. Items on lines of their own go with those lines and
  // the comments that end them; comment lines between items stay. Otherwise the items go with
  // the comma and blanks that part them from a neighbour.
  std::vector<TextEdit> removal(NodeId first, NodeId last, bool multi) const {
    std::vector<TextEdit> cuts;
    if (multi && all_own_lines(first, last)) {
      for (NodeId item = first;; item = doc_.node(item).next_sibling) {
        std::size_t from = line_start(item_begin(item));
        std::size_t to = after_line_ending(*rest_of_line_is_trivia(item_end(item)));
        cuts.push_back(TextEdit{from, to - from, ""});
        if (item == last) return cuts;
      }
    }
    std::size_t begin = item_begin(first);
    std::size_t end = item_end(last);
    if (multi && starts_line(begin)) {
      if (auto line_end = rest_of_line_is_trivia(end)) {
        std::size_t from = line_start(begin);
        cuts.push_back(TextEdit{from, after_line_ending(*line_end) - from, ""});
        return cuts;
      }
    }
    if (doc_.node(last).next_sibling != kNoNode) {
      while (end < text_.size() && (text_[end] == ' ' || text_[end] == '\t'))
        ++end;
    } else {
      while (begin > 0 && (text_[begin - 1] == ' ' || text_[begin - 1] == '\t'))
        --begin;
    }
    cuts.push_back(TextEdit{begin, end - begin, ""});
    return cuts;
  }

  const Document& doc_;
  std::string_view text_;
  const Plan& plan_;
  Style style_;
  std::vector<TextEdit> edits_;
};

}  // namespace

std::string apply_edits(std::string_view text, const std::vector<TextEdit>& edits) {
  std::string out;
  std::size_t growth = 0;
  for (const auto& edit : edits)
    growth += edit.text.size();
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

std::vector<Splice> splices_of(const std::vector<TextEdit>& edits) {
  std::vector<Splice> splices;
  splices.reserve(edits.size());
  for (const auto& edit : edits)
    splices.push_back(Splice{edit.offset, edit.length, edit.text.size()});
  return splices;
}

Result<std::vector<PatchOperation>, PatchError> parse_json_patch(
    const nlohmann::ordered_json& patch) {
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
// nlohmann::json::patch computes from the original. The check along the operations' paths
// decides almost always; the full comparison runs only when it cannot.
std::optional<PatchError> verify(const Document& original, PatchedText& result,
                                 const std::vector<PatchOperation>& operations) {
  auto expected_value = [&]() -> Result<nlohmann::json, PatchError> {
    try {
      return original.value(original.root()).patch(to_json_patch(operations));
    } catch (const nlohmann::json::exception& e) {
      return PatchError{std::string("the operations do not apply: ") + e.what()};
    }
  };
  auto reparsed = Document::parse_edited_borrowed(result.text, &original, splices_of(result.edits));
  if (!reparsed) {
    auto expected = expected_value();
    if (!expected) return expected.error();
    const SourceError& error = reparsed.error();
    return PatchError{"internal error: the patched text does not parse (line " +
                      std::to_string(error.position.line) + ", column " +
                      std::to_string(error.position.column) + ": " + error.message + ")"};
  }
  const Document& patched = reparsed.value();
  if (!patched_value_matches(original, patched, result.edits, operations)) {
    auto expected = expected_value();
    if (!expected) return expected.error();
    if (patched.value(patched.root()) != expected.value()) {
      return PatchError{"internal error: the patched text does not have the expected value"};
    }
  }
  result.document = std::move(reparsed).value();
  return std::nullopt;
}

}  // namespace

PatchedText::PatchedText(PatchedText&& other) noexcept
    : edits(std::move(other.edits)),
      text(std::move(other.text)),
      document(std::move(other.document)) {
  if (document) document->rebind_borrowed(text);
}

PatchedText& PatchedText::operator=(PatchedText&& other) noexcept {
  edits = std::move(other.edits);
  text = std::move(other.text);
  document = std::move(other.document);
  if (document) document->rebind_borrowed(text);
  return *this;
}

Result<PatchedText, PatchError> apply_patch(const Document& document,
                                            const std::vector<PatchOperation>& operations) {
  PatchedText result;
  try {
    Plan plan(document);
    for (const auto& op : operations)
      plan.apply(op);
    result.edits = EditWriter(document, plan).write();
  } catch (const EngineFailure& failure) {
    return PatchError{failure.message};
  } catch (const nlohmann::json::exception& e) {
    return PatchError{std::string("cannot render a value: ") + e.what()};  // e.g. invalid UTF-8
  }
  result.text = apply_edits(document.text(), result.edits);
  if (auto problem = verify(document, result, operations)) return *problem;
  return result;
}

}  // namespace armfix
