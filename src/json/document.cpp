// The JSONC reader: ARM's JSON dialect into a lossless tree of byte spans.
//
// A hand-written recursive-descent scanner. It allocates only nodes, never copies text, and
// bounds recursion by ParseLimits::max_depth so hostile input ends in an error, not a crash.
#include "armfix/document.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "core/utf8.hpp"
#include "io/text_encoding.hpp"

namespace armfix {

namespace {

struct Failure {
  std::size_t offset;
  std::string message;
};

constexpr std::uint64_t kEightSpaces = 0x2020202020202020ULL;

// Whether any of the eight bytes of `word` equals `byte` (exact, by the usual bit trick).
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
bool has_byte(std::uint64_t word, unsigned char byte) {
  std::uint64_t x = word ^ (kOnes * byte);
  return ((x - kOnes) & ~x & kHighBits) != 0;
}

// Eight string bytes that are ASCII and neither '"' nor '\\': nothing to check in them.
bool is_plain_ascii(std::uint64_t word) {
  return (word & kHighBits) == 0 && !has_byte(word, '"') && !has_byte(word, '\\');
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string describe_character(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return "end of file";
  auto c = static_cast<unsigned char>(text[offset]);
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  if (c == '\n' || c == '\r') return "line break";
  if (c < 0x20) return "control character";
  return "non-ASCII character";
}

std::uint32_t read_hex4(std::string_view text, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t k = 0; k < 4; ++k)
    value = value * 16 + static_cast<std::uint32_t>(hex_value(text[at + k]));
  return value;
}

// Decodes the inside of a string token already validated by the parser.
std::string decode_string(std::string_view quoted) {
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  if (body.find('\\') == std::string_view::npos) return std::string(body);
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    char escape = body[++i];
    switch (escape) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
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
        std::uint32_t unit = read_hex4(body, i + 1);
        i += 4;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          std::uint32_t low = read_hex4(body, i + 3);
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(unit, out);  // a valid code point: the parser rejects lone surrogates
        break;
      }
      default:
        out += escape;
        break;  // '"', '\\', '/'
    }
  }
  return out;
}

}  // namespace

// The original document an edited text came from, for Document::parse_edited.
struct Donor {
  const Document& original;
  const std::vector<Splice>& splices;  // sorted by offset, not overlapping
};

class Parser {
 public:
  Parser(Document& document, ParseLimits limits, const Donor* donor = nullptr)
      : doc_(document), text_(document.text_), limits_(limits), donor_(donor) {}

  void parse() {
    if (text_.size() >= std::numeric_limits<std::uint32_t>::max()) {
      throw Failure{0, "file too large: at most 4 GiB"};
    }
    if (auto refusal = unsupported_encoding(text_)) throw Failure{0, std::move(*refusal)};
    if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) {
      doc_.has_bom_ = true;
      pos_ = 3;
    }
    doc_.nodes_.reserve(text_.size() / 24 + 16);
    skip_trivia();
    if (pos_ >= text_.size()) throw Failure{pos_, "empty document: expected a JSON value"};
    doc_.root_ = parse_value(kNoNode, 0);
    skip_trivia();
    if (pos_ < text_.size()) {
      throw Failure{pos_,
                    "unexpected " + describe_character(text_, pos_) + " after the root value"};
    }
  }

 private:
  [[noreturn]] void fail(std::string message) const { throw Failure{pos_, std::move(message)}; }

  void skip_trivia() {
    const char* data = text_.data();
    const std::size_t size = text_.size();
    while (pos_ < size) {
      // White space is most of a pretty-printed file: indentation eight spaces at a time, the
      // rest in a tight loop over a local index.
      std::size_t at = pos_;
      while (at < size && is_space(data[at])) {
        ++at;
        std::uint64_t word = 0;
        while (at + sizeof word <= size &&
               (std::memcpy(&word, data + at, sizeof word), word == kEightSpaces)) {
          at += sizeof word;
        }
      }
      pos_ = at;
      if (at + 1 < size && data[at] == '/' && data[at + 1] == '/') {
        skip_line_comment();
      } else if (at + 1 < size && data[at] == '/' && data[at + 1] == '*') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  void skip_line_comment() {
    pos_ += 2;
    while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r')
      skip_character();
  }

  void skip_block_comment() {
    std::size_t start = pos_;
    pos_ += 2;
    while (true) {
      if (pos_ + 1 >= text_.size()) throw Failure{start, "unterminated /* comment"};
      if (text_[pos_] == '*' && text_[pos_ + 1] == '/') break;
      skip_character();
    }
    pos_ += 2;
  }

  // Steps over one character of a comment or string, checking its UTF-8 encoding.
  void skip_character() {
    if (static_cast<unsigned char>(text_[pos_]) < 0x80) {
      ++pos_;
      return;
    }
    std::size_t length = utf8_sequence_length(text_, pos_);
    if (length == 0) fail("invalid UTF-8 byte sequence");
    pos_ += length;
  }

  NodeId new_node(NodeKind kind, NodeId parent) {
    auto id = static_cast<NodeId>(doc_.nodes_.size());
    Node node;
    node.kind = kind;
    node.parent = parent;
    node.value.begin = static_cast<std::uint32_t>(pos_);
    doc_.nodes_.push_back(node);
    link_to_parent(id, parent);
    return id;
  }

  void link_to_parent(NodeId id, NodeId parent) {
    if (parent == kNoNode) return;
    Node& p = doc_.nodes_[parent];
    if (p.last_child == kNoNode) {
      p.first_child = id;
    } else {
      doc_.nodes_[p.last_child].next_sibling = id;
    }
    p.last_child = id;
    ++p.child_count;
  }

  void finish(NodeId id) { doc_.nodes_[id].value.end = static_cast<std::uint32_t>(pos_); }

  NodeId parse_value(NodeId parent, std::uint32_t depth) {
    if (pos_ >= text_.size()) fail("unexpected end of file: expected a value");
    char c = text_[pos_];
    if ((c == '{' || c == '[') && donor_ != nullptr) {
      NodeId reused = reuse_container(parent, depth + 1);
      if (reused != kNoNode) return reused;
    }
    switch (c) {
      case '{':
        return parse_object(parent, depth + 1);
      case '[':
        return parse_array(parent, depth + 1);
      case '"': {
        NodeId id = new_node(NodeKind::String, parent);
        scan_string();
        finish(id);
        return id;
      }
      case 't':
        return parse_literal(parent, "true", NodeKind::True);
      case 'f':
        return parse_literal(parent, "false", NodeKind::False);
      case 'n':
        return parse_literal(parent, "null", NodeKind::Null);
      case '\'':
        fail("strings must be in double quotes, found '''");
      default:
        if (c == '-' || is_digit(c)) return parse_number(parent);
        fail("expected a value, found " + describe_character(text_, pos_));
    }
  }

  void check_depth(std::uint32_t depth) {
    if (depth > limits_.max_depth) {
      fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
  }

  NodeId parse_object(NodeId parent, std::uint32_t depth) {
    check_depth(depth);
    NodeId id = new_node(NodeKind::Object, parent);
    ++pos_;  // '{'
    skip_trivia();
    while (true) {
      if (pos_ >= text_.size()) fail("unexpected end of file: expected a member or '}'");
      if (text_[pos_] == '}') break;
      if (text_[pos_] == '\'') fail("member names must be in double quotes, found '''");
      if (text_[pos_] != '"') {
        fail("expected a member name in double quotes or '}', found " +
             describe_character(text_, pos_));
      }
      std::size_t key_begin = pos_;
      scan_string();
      std::size_t key_end = pos_;
      skip_trivia();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        fail("expected ':' after member name, found " + describe_character(text_, pos_));
      }
      ++pos_;
      skip_trivia();
      NodeId member = parse_value(id, depth);
      doc_.nodes_[member].key =
          Span{static_cast<std::uint32_t>(key_begin), static_cast<std::uint32_t>(key_end)};
      skip_trivia();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        doc_.nodes_[member].comma = static_cast<std::uint32_t>(pos_);
        ++pos_;
        skip_trivia();
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') break;
      fail("expected ',' or '}' after member, found " + describe_character(text_, pos_));
    }
    ++pos_;  // '}'
    finish(id);
    return id;
  }

  NodeId parse_array(NodeId parent, std::uint32_t depth) {
    check_depth(depth);
    NodeId id = new_node(NodeKind::Array, parent);
    ++pos_;  // '['
    skip_trivia();
    while (true) {
      if (pos_ >= text_.size()) fail("unexpected end of file: expected a value or ']'");
      if (text_[pos_] == ']') break;
      NodeId element = parse_value(id, depth);
      skip_trivia();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        doc_.nodes_[element].comma = static_cast<std::uint32_t>(pos_);
        ++pos_;
        skip_trivia();
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') break;
      fail("expected ',' or ']' after element, found " + describe_character(text_, pos_));
    }
    ++pos_;  // ']'
    finish(id);
    return id;
  }

  NodeId parse_literal(NodeId parent, std::string_view word, NodeKind kind) {
    if (text_.compare(pos_, word.size(), word) != 0) {
      fail("invalid literal: expected '" + std::string(word) + "'");
    }
    NodeId id = new_node(kind, parent);
    pos_ += word.size();
    finish(id);
    return id;
  }

  NodeId parse_number(NodeId parent) {
    NodeId id = new_node(NodeKind::Number, parent);
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
      if (pos_ < text_.size() && is_digit(text_[pos_])) fail("invalid number: leading zero");
    } else {
      expect_digits("a digit");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      expect_digits("a digit after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      expect_digits("a digit in the exponent");
    }
    finish(id);
    return id;
  }

  void expect_digits(const char* what) {
    if (pos_ >= text_.size() || !is_digit(text_[pos_])) {
      fail(std::string("invalid number: expected ") + what + ", found " +
           describe_character(text_, pos_));
    }
    while (pos_ < text_.size() && is_digit(text_[pos_]))
      ++pos_;
  }

  // Raw line breaks and tabs are allowed inside strings: ARM accepts multi-line strings.
  void scan_string() {
    std::size_t start = pos_;
    ++pos_;  // opening quote
    const auto* data = reinterpret_cast<const unsigned char*>(text_.data());
    const std::size_t size = text_.size();
    while (true) {
      // Plain ASCII needs no check: skip it eight bytes at a time, then byte by byte.
      std::size_t at = pos_;
      std::uint64_t word = 0;
      while (at + sizeof word <= size &&
             (std::memcpy(&word, data + at, sizeof word), is_plain_ascii(word))) {
        at += sizeof word;
      }
      while (at < size && data[at] != '"' && data[at] != '\\' && data[at] < 0x80)
        ++at;
      pos_ = at;
      if (pos_ >= size) throw Failure{start, "unterminated string"};
      char c = text_[pos_];
      if (c == '"') break;
      if (c == '\\') {
        scan_escape();
      } else {
        skip_character();
      }
    }
    ++pos_;  // closing quote
  }

  // Errors point at the backslash that starts the faulty escape.
  void scan_escape() {
    std::size_t start = pos_;
    ++pos_;
    if (pos_ >= text_.size()) return;  // reported as unterminated by the caller
    char c = text_[pos_];
    if (std::strchr("\"\\/bfnrt", c) != nullptr && c != '\0') {
      ++pos_;
      return;
    }
    if (c != 'u') {
      bool printable = c > 0x20 && c < 0x7F;
      throw Failure{start, printable
                               ? "invalid escape sequence '\\" + std::string(1, c) + "' in string"
                               : "invalid escape sequence: '\\' followed by " +
                                     describe_character(text_, pos_)};
    }
    std::uint32_t unit = scan_hex4(pos_ + 1);
    pos_ += 5;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      throw Failure{start, "invalid \\u escape: unpaired low surrogate"};
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      bool paired = text_.compare(pos_, 2, "\\u") == 0;
      if (paired) {
        std::uint32_t low = scan_hex4(pos_ + 2);
        paired = low >= 0xDC00 && low <= 0xDFFF;
      }
      if (!paired) throw Failure{start, "invalid \\u escape: unpaired high surrogate"};
      pos_ += 6;
    }
  }

  std::uint32_t scan_hex4(std::size_t at) {
    for (std::size_t k = 0; k < 4; ++k) {
      if (at + k >= text_.size() || hex_value(text_[at + k]) < 0) {
        pos_ = std::min(at + k, text_.size());
        fail("invalid \\u escape: expected 4 hexadecimal digits");
      }
    }
    return read_hex4(text_, at);
  }

  // An object or array at pos_ whose bytes no splice touched parses exactly as it did in the
  // original: containers end at their own bracket, so what follows cannot change them. Its
  // nodes are copied, shifted, instead of scanned. Returns kNoNode when that is not the case.
  NodeId reuse_container(NodeId parent, std::uint32_t depth) {
    const Document& original = donor_->original;
    std::int64_t delta = 0;  // edited offset minus original offset, before pos_
    for (const Splice& splice : donor_->splices) {
      auto begin = static_cast<std::int64_t>(splice.offset) + delta;
      if (begin > static_cast<std::int64_t>(pos_)) break;
      if (begin + static_cast<std::int64_t>(splice.inserted) > static_cast<std::int64_t>(pos_)) {
        return kNoNode;  // pos_ is in inserted text
      }
      delta +=
          static_cast<std::int64_t>(splice.inserted) - static_cast<std::int64_t>(splice.length);
    }
    const auto at = static_cast<std::int64_t>(pos_) - delta;
    const auto& nodes = original.nodes_;
    auto found = std::lower_bound(
        nodes.begin(), nodes.end(), at,
        [](const Node& n, std::int64_t o) { return static_cast<std::int64_t>(n.value.begin) < o; });
    if (found == nodes.end() || static_cast<std::int64_t>(found->value.begin) != at ||
        !found->is_container()) {
      return kNoNode;
    }
    const Span span = found->value;
    for (const Splice& splice : donor_->splices) {
      bool deletes_inside = splice.length > 0 && splice.offset < span.end &&
                            splice.offset + splice.length > span.begin;
      bool inserts_inside =
          splice.inserted > 0 && splice.offset > span.begin && splice.offset < span.end;
      if (deletes_inside || inserts_inside) return kNoNode;
    }
    const auto first = static_cast<NodeId>(found - nodes.begin());
    NodeId last = first + 1;  // one past the subtree: nodes are in document order
    while (last < nodes.size() && nodes[last].value.begin < span.end)
      ++last;
    if (!fits_depth(first, last, depth)) return kNoNode;

    const auto base = static_cast<NodeId>(doc_.nodes_.size());
    auto shift_offset = [delta](std::uint32_t offset) {
      return static_cast<std::uint32_t>(static_cast<std::int64_t>(offset) + delta);
    };
    auto shift_id = [first, base](NodeId id) {
      return id == kNoNode ? kNoNode : id - first + base;
    };
    for (NodeId i = first; i < last; ++i) {
      Node node = nodes[i];
      node.value = Span{shift_offset(node.value.begin), shift_offset(node.value.end)};
      if (node.key.size() > 0)
        node.key = Span{shift_offset(node.key.begin), shift_offset(node.key.end)};
      if (node.comma != kNoOffset) node.comma = shift_offset(node.comma);
      node.parent = shift_id(node.parent);
      node.first_child = shift_id(node.first_child);
      node.last_child = shift_id(node.last_child);
      node.next_sibling = shift_id(node.next_sibling);
      doc_.nodes_.push_back(node);
    }
    // The subtree's root: its key, comma and siblings belong to the new text; the caller and
    // the parent's next member fill them in as for a parsed node.
    Node& root = doc_.nodes_[base];
    root.key = Span{};
    root.comma = kNoOffset;
    root.next_sibling = kNoNode;
    root.parent = parent;
    link_to_parent(base, parent);
    pos_ = shift_offset(span.end);
    return base;
  }

  // Whether the original subtree [first, last) still nests no deeper than the limit when its
  // root is at `depth`.
  bool fits_depth(NodeId first, NodeId last, std::uint32_t depth) const {
    if (depth + (last - first) <= limits_.max_depth) return true;  // too few nodes to exceed
    const auto& nodes = donor_->original.nodes_;
    std::vector<std::uint32_t> levels(last - first, 0);
    for (NodeId i = first + 1; i < last; ++i) {
      levels[i - first] = levels[nodes[i].parent - first] + 1;
      if (nodes[i].is_container() && depth + levels[i - first] > limits_.max_depth) return false;
    }
    return depth <= limits_.max_depth;
  }

  Document& doc_;
  std::string_view text_;
  ParseLimits limits_;
  const Donor* donor_;
  std::size_t pos_ = 0;
};

Result<Document, SourceError> Document::parse(std::string text, ParseLimits limits) {
  return parse_edited(std::move(text), nullptr, {}, limits);
}

Result<Document, SourceError> Document::parse_edited(std::string text, const Document* original,
                                                     const std::vector<Splice>& splices,
                                                     ParseLimits limits) {
  Document document;
  document.owned_text_ = std::make_unique<const std::string>(std::move(text));
  document.text_ = *document.owned_text_;
  return parse_into(std::move(document), original, splices, limits);
}

Result<Document, SourceError> Document::parse_borrowed(std::string_view text, ParseLimits limits) {
  return parse_edited_borrowed(text, nullptr, {}, limits);
}

Result<Document, SourceError> Document::parse_edited_borrowed(std::string_view text,
                                                              const Document* original,
                                                              const std::vector<Splice>& splices,
                                                              ParseLimits limits) {
  Document document;
  document.text_ = text;
  return parse_into(std::move(document), original, splices, limits);
}

Result<Document, SourceError> Document::parse_into(Document document, const Document* original,
                                                   const std::vector<Splice>& splices,
                                                   ParseLimits limits) {
  std::optional<Donor> donor;
  if (original != nullptr) donor.emplace(Donor{*original, splices});
  try {
    Parser(document, limits, donor ? &*donor : nullptr).parse();
  } catch (const Failure& failure) {
    return SourceError{armfix::position_of(document.text_, failure.offset), failure.offset,
                       failure.message};
  }
  return document;
}

void Document::rebind_borrowed(std::string_view moved) {
  assert(!owned_text_ && moved.size() == text_.size());
  text_ = moved;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string Document::key(NodeId member) const {
  return decode_string(source(nodes_[member].key));
}

namespace {

// Compares a member's quoted key with a name without decoding when it has no escapes.
template <typename Equal>
bool key_matches(std::string_view quoted, std::string_view name, Equal equal) {
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  if (body.find('\\') == std::string_view::npos) return equal(body, name);
  return equal(decode_string(quoted), name);
}

}  // namespace

NodeId Document::find_member(NodeId object, std::string_view name) const {
  if (!is_object(object)) return kNoNode;
  for (NodeId m = nodes_[object].first_child; m != kNoNode; m = nodes_[m].next_sibling) {
    if (key_matches(source(nodes_[m].key), name, equals_ignore_case)) return m;
  }
  return kNoNode;
}

std::size_t Document::count_members(NodeId object, std::string_view name) const {
  if (!is_object(object)) return 0;
  std::size_t count = 0;
  for (NodeId m = nodes_[object].first_child; m != kNoNode; m = nodes_[m].next_sibling) {
    if (key_matches(source(nodes_[m].key), name, equals_ignore_case)) ++count;
  }
  return count;
}

NodeId Document::find_member_exact(NodeId object, std::string_view name) const {
  if (!is_object(object)) return kNoNode;
  auto exact = [](std::string_view a, std::string_view b) { return a == b; };
  NodeId found = kNoNode;  // the last one: it is the one whose value counts
  for (NodeId m = nodes_[object].first_child; m != kNoNode; m = nodes_[m].next_sibling) {
    if (key_matches(source(nodes_[m].key), name, exact)) found = m;
  }
  return found;
}

NodeId Document::element(NodeId array, std::size_t index) const {
  if (!is_array(array)) return kNoNode;
  NodeId e = nodes_[array].first_child;
  for (std::size_t i = 0; i < index && e != kNoNode; ++i)
    e = nodes_[e].next_sibling;
  return e;
}

std::string Document::string_value(NodeId id) const {
  return decode_string(source(nodes_[id].value));
}

namespace {

// A number beyond a double's range, which nlohmann refuses, stands in as its spelling: equal
// spellings compare equal, and JSON text never yields a binary value to confuse it with.
constexpr std::uint8_t kOutOfRangeNumber = 1;

nlohmann::json number_value(std::string_view spelling) {
  try {
    return nlohmann::json::parse(spelling);
  } catch (const nlohmann::json::out_of_range&) {
    return nlohmann::json::binary(std::vector<std::uint8_t>(spelling.begin(), spelling.end()),
                                  kOutOfRangeNumber);
  }
}

}  // namespace

nlohmann::json Document::value(NodeId id) const {
  const Node& n = nodes_[id];
  switch (n.kind) {
    case NodeKind::Object: {
      nlohmann::json object = nlohmann::json::object();
      for (NodeId m = n.first_child; m != kNoNode; m = nodes_[m].next_sibling) {
        object[key(m)] = value(m);
      }
      return object;
    }
    case NodeKind::Array: {
      nlohmann::json array = nlohmann::json::array();
      for (NodeId e = n.first_child; e != kNoNode; e = nodes_[e].next_sibling) {
        array.push_back(value(e));
      }
      return array;
    }
    case NodeKind::String:
      return string_value(id);
    case NodeKind::Number:
      return number_value(source(n.value));
    case NodeKind::True:
      return true;
    case NodeKind::False:
      return false;
    case NodeKind::Null:
      return nullptr;
  }
  return nullptr;
}

NodeId Document::resolve(const JsonPointer& pointer) const {
  NodeId current = root_;
  for (const auto& token : pointer.tokens()) {
    if (is_object(current)) {
      current = find_member_exact(current, token);
    } else if (is_array(current)) {
      if (token.empty() || token.size() > 9 || !std::all_of(token.begin(), token.end(), is_digit) ||
          (token.size() > 1 && token[0] == '0')) {
        return kNoNode;
      }
      current = element(current, std::stoul(token));
    } else {
      return kNoNode;
    }
    if (current == kNoNode) return kNoNode;
  }
  return current;
}

JsonPointer Document::pointer_to(NodeId id) const {
  std::vector<std::string> tokens;
  for (NodeId n = id; nodes_[n].parent != kNoNode; n = nodes_[n].parent) {
    NodeId parent = nodes_[n].parent;
    if (nodes_[parent].kind == NodeKind::Object) {
      tokens.push_back(key(n));
    } else {
      std::size_t index = 0;
      for (NodeId e = nodes_[parent].first_child; e != n; e = nodes_[e].next_sibling)
        ++index;
      tokens.push_back(std::to_string(index));
    }
  }
  std::reverse(tokens.begin(), tokens.end());
  return JsonPointer(std::move(tokens));
}

Position Document::position(std::size_t offset) const {
  return line_cursor_.position_of(text_, offset);
}

std::vector<DuplicateKey> Document::duplicate_keys() const {
  std::vector<DuplicateKey> duplicates;
  for (NodeId id = 0; id < nodes_.size(); ++id)
    append_duplicate_keys(id, duplicates);
  return duplicates;
}

void Document::append_duplicate_keys(NodeId object, std::vector<DuplicateKey>& duplicates) const {
  if (!is_object(object) || nodes_[object].child_count < 2) return;
  std::unordered_map<std::string, NodeId> seen;
  for (NodeId m = nodes_[object].first_child; m != kNoNode; m = nodes_[m].next_sibling) {
    std::string folded = key(m);
    std::transform(folded.begin(), folded.end(), folded.begin(), ascii_lower);
    auto [it, inserted] = seen.emplace(std::move(folded), m);
    if (!inserted) duplicates.push_back(DuplicateKey{it->second, m});
  }
}

}  // namespace armfix
