// Writes BicepChanges as byte edits in the file's own layout: new lines take the indentation
// of their neighbours and the line ending of the line they follow.
#include "bicep/bicep_editor.hpp"

#include <algorithm>

#include "bicep/bicep_style.hpp"
#include "json/style.hpp"

namespace armfix {

BicepValue BicepValue::expression(std::string text) {
  BicepValue value;
  value.kind = Kind::Expression;
  value.text = std::move(text);
  return value;
}

BicepValue BicepValue::object(std::vector<BicepMember> members) {
  BicepValue value;
  value.kind = Kind::Object;
  value.members = std::move(members);
  return value;
}

BicepValue BicepValue::call(std::string function, std::vector<BicepValue> arguments) {
  BicepValue value;
  value.kind = Kind::Call;
  value.text = std::move(function);
  value.arguments = std::move(arguments);
  return value;
}

BicepChange BicepChange::add_property(NodeId object, std::string key, BicepValue value) {
  return BicepChange{
      BicepChangeKind::AddProperty, object, std::move(key), std::move(value), {}, std::nullopt};
}

BicepChange BicepChange::replace_value(NodeId expression, BicepValue value) {
  return BicepChange{
      BicepChangeKind::ReplaceValue, expression, {}, std::move(value), {}, std::nullopt};
}

BicepChange BicepChange::replace_property(NodeId property, std::string key, BicepValue value) {
  return BicepChange{BicepChangeKind::ReplaceProperty,
                     property,
                     std::move(key),
                     std::move(value),
                     {},
                     std::nullopt};
}

BicepChange BicepChange::rename_key(NodeId property, std::string key) {
  return BicepChange{BicepChangeKind::RenameKey, property, std::move(key), {}, {}, std::nullopt};
}

BicepChange BicepChange::set_api_version(NodeId type_string, std::string api_version) {
  return BicepChange{
      BicepChangeKind::SetApiVersion, type_string, std::move(api_version), {}, {}, std::nullopt};
}

BicepChange BicepChange::add_parameter(std::string name, std::string description,
                                       std::optional<std::string> default_value) {
  return BicepChange{
      BicepChangeKind::AddParameter, kNoNode, std::move(name), {}, std::move(description),
      std::move(default_value)};
}

std::string bicep_key(const std::string& key) {
  bool identifier = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
  for (char c : key) {
    bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    identifier = identifier && word;
  }
  return identifier ? key : quote_bicep_string(key);
}

namespace {

struct Failure {
  std::string message;
};

class Editor {
 public:
  explicit Editor(const BicepDocument& document)
      : doc_(document), text_(document.text()), style_(detect_bicep_style(document)) {}

  std::vector<TextEdit> run(const std::vector<BicepChange>& changes) {
    // Properties added to one object are written together, in the order asked for.
    std::vector<std::pair<NodeId, std::vector<BicepMember>>> additions;
    for (const auto& change : changes) {
      if (change.kind != BicepChangeKind::AddProperty) {
        apply(change);
        continue;
      }
      auto same = std::find_if(additions.begin(), additions.end(),
                               [&](const auto& entry) { return entry.first == change.target; });
      if (same == additions.end()) {
        additions.emplace_back(change.target, std::vector<BicepMember>{});
        same = additions.end() - 1;
      }
      same->second.push_back(BicepMember{change.key, change.value});
    }
    for (const auto& [object, members] : additions)
      add_properties(object, members);
    std::stable_sort(edits_.begin(), edits_.end(),
                     [](const TextEdit& a, const TextEdit& b) { return a.offset < b.offset; });
    for (std::size_t i = 1; i < edits_.size(); ++i) {
      if (edits_[i - 1].offset + edits_[i - 1].length > edits_[i].offset) {
        throw Failure{"two changes overlap at byte " + std::to_string(edits_[i].offset)};
      }
    }
    return std::move(edits_);
  }

 private:
  void edit(std::size_t offset, std::size_t length, std::string text) {
    edits_.push_back(TextEdit{offset, length, std::move(text)});
  }

  const BicepNode& node(NodeId id, BicepNodeKind kind, const char* what) const {
    if (!doc_.is(id, kind)) throw Failure{std::string("the change's target is not ") + what};
    return doc_.node(id);
  }

  std::string indent_at(std::size_t offset) const {
    return std::string(line_indent(text_, offset));
  }

  std::string newline_after(std::size_t offset) const {
    return std::string(line_ending_at(text_, offset, style_.newline));
  }

  std::string render(const BicepValue& value, const std::string& indent, bool one_line) const {
    switch (value.kind) {
      case BicepValue::Kind::Expression:
        return value.text;
      case BicepValue::Kind::Call: {
        std::string out = value.text + "(";
        for (std::size_t i = 0; i < value.arguments.size(); ++i) {
          out += (i > 0 ? ", " : "") + render(value.arguments[i], indent, one_line);
        }
        return out + ")";
      }
      case BicepValue::Kind::Object:
        break;
    }
    if (value.members.empty()) return "{}";
    std::string out = "{";
    std::string inner = indent + style_.indent_unit;
    for (std::size_t i = 0; i < value.members.size(); ++i) {
      out += one_line ? (i > 0 ? ", " : " ") : style_.newline + inner;
      out += member(value.members[i], inner, one_line);
    }
    return out + (one_line ? " }" : style_.newline + indent + "}");
  }

  std::string member(const BicepMember& m, const std::string& indent, bool one_line) const {
    return bicep_key(m.key) + ": " + render(m.value, indent, one_line);
  }

  // True when the property or value sits in an object written on one line.
  bool in_one_line_object(NodeId id) const {
    NodeId parent = doc_.node(id).parent;
    if (doc_.is(parent, BicepNodeKind::Property)) parent = doc_.node(parent).parent;
    return doc_.is(parent, BicepNodeKind::Object) && !spans_lines(doc_, parent);
  }

  void apply(const BicepChange& change) {
    switch (change.kind) {
      case BicepChangeKind::ReplaceValue: {
        Span span = doc_.node(change.target).span;
        edit(span.begin, span.size(),
             render(change.value, indent_at(span.begin), in_one_line_object(change.target)));
        break;
      }
      case BicepChangeKind::ReplaceProperty: {
        const BicepNode& property = node(change.target, BicepNodeKind::Property, "a property");
        std::uint32_t begin = property.name.begin;
        edit(begin, property.span.end - begin,
             member(BicepMember{change.key, change.value}, indent_at(begin),
                    in_one_line_object(change.target)));
        break;
      }
      case BicepChangeKind::RenameKey: {
        const BicepNode& property = node(change.target, BicepNodeKind::Property, "a property");
        edit(property.name.begin, property.name.size(), bicep_key(change.key));
        break;
      }
      case BicepChangeKind::SetApiVersion:
        set_api_version(change);
        break;
      case BicepChangeKind::AddParameter:
        add_parameter(change);
        break;
      case BicepChangeKind::AddProperty:
        break;
    }
  }

  void set_api_version(const BicepChange& change) {
    const BicepNode& type = node(change.target, BicepNodeKind::String, "a resource type string");
    std::string_view literal = doc_.source(type.span);
    std::size_t at = literal.rfind('@');
    if (at == std::string_view::npos) throw Failure{"the resource type has no '@apiVersion'"};
    edit(type.span.begin + at + 1, literal.size() - at - 2, change.key);
  }

  void add_properties(NodeId object, const std::vector<BicepMember>& members) {
    const BicepNode& target = node(object, BicepNodeKind::Object, "an object");
    std::string base = indent_at(target.span.begin);
    std::string inner = base + style_.indent_unit;
    std::size_t closing = target.span.end - 1;
    if (!spans_lines(doc_, object)) {
      if (target.first_child == kNoNode) {
        // `{}` opens up into lines: a one-line object of nested objects would be hard to read.
        // A comment inside it stays after the `{`.
        std::string nl = newline_after(target.span.begin);
        std::string_view inside = text_.substr(target.span.begin + 1, target.span.size() - 2);
        std::size_t kept = inside.find_last_not_of(" \t");
        std::size_t from = target.span.begin + 1 + (kept == std::string_view::npos ? 0 : kept + 1);
        std::string out;
        for (const auto& m : members)
          out += nl + inner + member(m, inner, false);
        edit(from, target.span.end - from, out + nl + base + "}");
        return;
      }
      std::string out;
      for (const auto& m : members)
        out += ", " + member(m, base, true);
      edit(doc_.node(target.last_child).span.end, 0, out);
      return;
    }
    if (target.first_child == kNoNode) {
      std::string nl = newline_after(target.span.begin);
      std::string out;
      if (starts_its_line(text_, closing)) {
        for (const auto& m : members)
          out += inner + member(m, inner, false) + nl;
        edit(start_of_line(text_, closing), 0, out);
      } else {
        for (const auto& m : members)
          out += nl + inner + member(m, inner, false);
        edit(closing, 0, out + nl + base);
      }
      return;
    }
    const BicepNode& last = doc_.node(target.last_child);
    std::string indent =
        starts_its_line(text_, last.span.begin) ? indent_at(last.span.begin) : inner;
    std::size_t at = end_of_line(doc_, last.span.end);
    if (at > closing) at = last.span.end;  // `}` shares the last member's line
    std::string nl = newline_after(last.span.end);
    std::string out;
    for (const auto& m : members)
      out += nl + indent + member(m, indent, false);
    edit(at, 0, out);
  }

  void add_parameter(const BicepChange& change) {
    const std::string& nl = style_.newline;
    std::string declaration = "@description(" + quote_bicep_string(change.description) + ")" + nl +
                              "param " + change.key + " string";
    if (change.default_value) declaration += " = " + quote_bicep_string(*change.default_value);

    auto parameters = doc_.declarations(BicepDeclarationKind::Parameter);
    if (!parameters.empty()) {
      const BicepNode& last = doc_.node(parameters.back());
      std::size_t at = end_of_line(doc_, last.span.end);
      edit(at, 0, (compact_parameters(parameters) ? nl : nl + nl) + declaration);
      return;
    }
    NodeId header = kNoNode;  // targetScope, metadata and imports come first in a file
    for (NodeId d : doc_.children(doc_.root())) {
      auto kind = doc_.node(d).declaration;
      if (kind != BicepDeclarationKind::TargetScope && kind != BicepDeclarationKind::Metadata &&
          kind != BicepDeclarationKind::Import) {
        break;
      }
      header = d;
    }
    if (header != kNoNode) {
      edit(end_of_line(doc_, doc_.node(header).span.end), 0, nl + nl + declaration);
      return;
    }
    NodeId first = doc_.node(doc_.root()).first_child;
    if (first == kNoNode) {
      bool ends_line = !text_.empty() && (text_.back() == '\n' || text_.back() == '\r');
      edit(text_.size(), 0, (ends_line || text_.empty() ? "" : nl) + declaration + nl);
      return;
    }
    edit(attached_lines_start(doc_.node(first).span.begin), 0, declaration + nl + nl);
  }

  // Parameters written on consecutive lines without decorators stay that way.
  bool compact_parameters(const std::vector<NodeId>& parameters) const {
    if (parameters.size() < 2) return false;
    const BicepNode& last = doc_.node(parameters.back());
    const BicepNode& previous = doc_.node(parameters[parameters.size() - 2]);
    if (last.first_child != last.type) return false;  // decorated
    std::string_view gap = text_.substr(previous.span.end, last.span.begin - previous.span.end);
    std::size_t breaks = 0;
    for (std::size_t i = 0; i < gap.size(); ++i) {
      if (gap[i] == '\n' || (gap[i] == '\r' && (i + 1 == gap.size() || gap[i + 1] != '\n'))) {
        ++breaks;
      }
    }
    return breaks == 1;
  }

  // The start of the comment and `#disable-next-line` lines right above a declaration, which
  // belong to it.
  std::size_t attached_lines_start(std::size_t declaration) const {
    std::size_t start = start_of_line(text_, declaration);
    while (start > 0) {
      std::size_t previous_end = start - 1;
      if (text_[previous_end] == '\n' && previous_end > 0 && text_[previous_end - 1] == '\r') {
        --previous_end;
      }
      std::size_t previous = start_of_line(text_, previous_end);
      std::string_view line = text_.substr(previous, previous_end - previous);
      std::size_t first = line.find_first_not_of(" \t");
      if (previous == 0 && doc_.has_bom()) first = line.find_first_not_of(" \t", 3);
      bool note = first != std::string_view::npos &&
                  (line.substr(first, 2) == "//" || line[first] == '#' || inside_comment(previous));
      if (!note) break;
      start = previous;
    }
    if (start == 0 && doc_.has_bom()) start = 3;
    return start;
  }

  bool inside_comment(std::size_t line_start) const {
    for (const Span& comment : doc_.comments()) {
      if (comment.begin <= line_start && line_start < comment.end) return true;
      if (comment.begin >= line_start &&
          text_.substr(line_start, comment.begin - line_start).find_first_not_of(" \t") ==
              std::string::npos) {
        return true;
      }
    }
    return false;
  }

  const BicepDocument& doc_;
  std::string_view text_;
  BicepStyle style_;
  std::vector<TextEdit> edits_;
};

}  // namespace

Result<std::vector<TextEdit>, BicepEditError> render_bicep_changes(
    const BicepDocument& document, const std::vector<BicepChange>& changes) {
  try {
    return Editor(document).run(changes);
  } catch (const Failure& failure) {
    return BicepEditError{failure.message};
  }
}

}  // namespace armfix
