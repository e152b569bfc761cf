// The Bicep document's queries: the tree the parser built, read the way the Bicep fixers need
// it (declarations by kind and symbol, properties by case-insensitive key, string literals
// decoded), and Bicep string literals decoded and written.
#include "bicep/bicep_document.hpp"

#include <cstdio>

#include "core/utf8.hpp"

namespace armfix {

namespace {

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// UTF-8 bytes of a code point; false for one Unicode does not allow.

// '''text''': verbatim, except that a line break right after the opening quotes is not part of
// the value (Bicep drops it so the text can start on its own line).
std::optional<std::string> decode_multiline(std::string_view literal) {
  if (literal.size() < 6 || literal.substr(0, 3) != "'''" ||
      literal.substr(literal.size() - 3) != "'''") {
    return std::nullopt;
  }
  std::string_view content = literal.substr(3, literal.size() - 6);
  if (content.substr(0, 2) == "\r\n") {
    content.remove_prefix(2);
  } else if (!content.empty() && (content[0] == '\n' || content[0] == '\r')) {
    content.remove_prefix(1);
  }
  return std::string(content);
}

// '\u{hex}' at `at` (the backslash); the number of bytes it spans, or 0 when malformed.
std::size_t decode_unicode_escape(std::string_view body, std::size_t at, std::string& out) {
  if (at + 2 >= body.size() || body[at + 2] != '{') return 0;
  std::size_t i = at + 3;
  std::uint32_t code_point = 0;
  while (i < body.size() && is_hex_digit(body[i]) && i - at - 3 < 6) {
    char c = body[i];
    std::uint32_t digit = c <= '9' ? static_cast<std::uint32_t>(c - '0')
                                   : static_cast<std::uint32_t>((c | 0x20) - 'a' + 10);
    code_point = code_point * 16 + digit;
    ++i;
  }
  if (i == at + 3 || i >= body.size() || body[i] != '}') return 0;
  if (!append_utf8(code_point, out)) return 0;
  return i + 1 - at;
}

// A C0 control character or DEL at text[i], or the two bytes of a C1 control (U+0080-U+009F).
bool is_control(std::string_view text, std::size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x20 || byte == 0x7F) return true;
  return byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

}  // namespace

std::optional<std::string> decode_bicep_string(std::string_view literal) {
  if (literal.substr(0, 3) == "'''") return decode_multiline(literal);
  if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return std::nullopt;
  std::string_view body = literal.substr(1, literal.size() - 2);
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'' || c == '\n' || c == '\r') return std::nullopt;  // not one literal
    if (c == '$' && i + 1 < body.size() && body[i + 1] == '{') return std::nullopt;  // ${...}
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= body.size()) return std::nullopt;
    switch (body[i + 1]) {
      case '\\':
      case '\'':
      case '$':
        out += body[i + 1];
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::size_t length = decode_unicode_escape(body, i, out);
        if (length == 0) return std::nullopt;
        i += length - 1;
        continue;
      }
      default:
        return std::nullopt;
    }
    ++i;
  }
  return out;
}

std::string quote_bicep_string(std::string_view text) {
  std::string out = "'";
  out.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
        // Only `${` would start an interpolation; a lone dollar stays as typed.
        out += i + 1 < text.size() && text[i + 1] == '{' ? "\\$" : "$";
        break;
      default:
        if (is_control(text, i)) {
          // Any other control character, C1 included, as a code point escape: a raw one is
          // legal but invisible, and a reader may take it for a line break.
          const bool c1 = static_cast<unsigned char>(c) == 0xC2;
          const unsigned code_point =
              c1 ? static_cast<unsigned char>(text[++i]) : static_cast<unsigned char>(c);
          char escaped[12];
          std::snprintf(escaped, sizeof escaped, "\\u{%X}", code_point);
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

std::vector<NodeId> BicepDocument::children(NodeId id) const {
  std::vector<NodeId> out;
  if (id == kNoNode) return out;
  out.reserve(nodes_[id].child_count);
  for (NodeId child = nodes_[id].first_child; child != kNoNode; child = nodes_[child].next_sibling)
    out.push_back(child);
  return out;
}

Position BicepDocument::position(std::size_t offset) const {
  return line_cursor_.position_of(text_, offset);
}

std::vector<NodeId> BicepDocument::declarations(BicepDeclarationKind kind) const {
  std::vector<NodeId> out;
  if (root_ == kNoNode) return out;
  for (NodeId child = nodes_[root_].first_child; child != kNoNode;
       child = nodes_[child].next_sibling) {
    const BicepNode& node = nodes_[child];
    if (node.kind == BicepNodeKind::Declaration && node.declaration == kind) out.push_back(child);
  }
  return out;
}

NodeId BicepDocument::find_declaration(std::string_view name) const {
  if (root_ == kNoNode || name.empty()) return kNoNode;
  for (NodeId child = nodes_[root_].first_child; child != kNoNode;
       child = nodes_[child].next_sibling) {
    const BicepNode& node = nodes_[child];
    if (node.kind == BicepNodeKind::Declaration && node.name.size() > 0 &&
        source(node.name) == name) {
      return child;
    }
  }
  return kNoNode;
}

std::optional<std::string> BicepDocument::key(NodeId property) const {
  if (!is(property, BicepNodeKind::Property)) return std::nullopt;
  std::string_view spelled = source(nodes_[property].name);
  if (!spelled.empty() && spelled.front() == '\'') return decode_bicep_string(spelled);
  return std::string(spelled);
}

NodeId BicepDocument::find_property(NodeId object, std::string_view name) const {
  if (!is(object, BicepNodeKind::Object)) return kNoNode;
  for (NodeId child = nodes_[object].first_child; child != kNoNode;
       child = nodes_[child].next_sibling) {
    if (nodes_[child].kind != BicepNodeKind::Property) continue;
    auto spelled = key(child);
    if (spelled && equals_ignore_case(*spelled, name)) return child;
  }
  return kNoNode;
}

std::optional<std::string> BicepDocument::string_value(NodeId id) const {
  if (!is(id, BicepNodeKind::String) && !is(id, BicepNodeKind::MultilineString)) {
    return std::nullopt;
  }
  return decode_bicep_string(source(nodes_[id].span));
}

std::vector<NodeId> BicepDocument::call_arguments(NodeId call) const {
  std::vector<NodeId> arguments;
  if (!is(call, BicepNodeKind::Call)) return arguments;
  for (NodeId child = nodes_[call].first_child; child != kNoNode;
       child = nodes_[child].next_sibling) {
    if (child != nodes_[call].value) arguments.push_back(child);
  }
  return arguments;
}

std::string_view BicepDocument::call_name(NodeId call) const {
  if (!is(call, BicepNodeKind::Call) || nodes_[call].value == kNoNode) return {};
  return source(nodes_[nodes_[call].value].span);
}

NodeId BicepDocument::body_object(NodeId declaration) const {
  if (!is(declaration, BicepNodeKind::Declaration)) return kNoNode;
  NodeId body = nodes_[declaration].value;
  if (is(body, BicepNodeKind::ForLoop)) body = nodes_[body].value;
  if (is(body, BicepNodeKind::Condition)) body = nodes_[body].value;
  return is(body, BicepNodeKind::Object) ? body : kNoNode;
}

}  // namespace armfix
