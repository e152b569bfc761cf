// A three-valued evaluator of ARM template expressions: a parser of the expression language
// (calls, string and integer literals, property access and indexing) and the functions whose
// result the template itself decides. What depends on the deployment is unknown, with a reason.
#include "json/arm_evaluator.hpp"

#include "json/arm_functions.hpp"

#include <cstdint>
#include <exception>
#include <limits>
#include <utility>
#include <vector>

namespace armfix {

namespace {

// Hostile input (10,000 nested calls, variables that refer to each other 10,000 deep) must
// neither overflow the stack nor hang: the parser and the evaluation each stop at a depth.
constexpr int kMaxSyntaxDepth = 200;
constexpr int kMaxEvaluationDepth = 400;
// Variables that double each other (`concat(variables('v1'), variables('v1'))`) grow
// exponentially: results past these sizes are unknown.
constexpr std::size_t kMaxTextLength = std::size_t{1} << 20;
constexpr std::size_t kMaxNodes = std::size_t{1} << 20;

// Depth of evaluation on this thread, across scopes (a variable's value evaluates through the
// ArmScope interface, so a counter passed along could not follow it).
thread_local int evaluation_depth = 0;

class DepthGuard {
 public:
  DepthGuard() { ++evaluation_depth; }
  ~DepthGuard() { --evaluation_depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  static bool exceeded() { return evaluation_depth > kMaxEvaluationDepth; }
};

Evaluated too_deep() {
  return Evaluated::unknown("evaluation nested deeper than " + std::to_string(kMaxEvaluationDepth) +
                            " levels");
}

Evaluated too_large() {
  return Evaluated::unknown("the value is too large to evaluate");
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equals_no_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_name_char(char c) {
  return is_letter(c) || is_digit(c) || c == '_' || c == '$';
}

const char* type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    default:
      return "number";
  }
}

// .NET's string length: UTF-16 code units, two for a code point beyond the BMP.
std::size_t utf16_length(std::string_view text) {
  std::size_t length = 0;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    length += byte >= 0xF0 ? 2 : 1;
  }
  return length;
}

// Spends `budget` on the nodes and text of a value; false when it runs out. The depth of the
// values measured is bounded: the evaluation's own, and json() refuses deep text.
bool within_budget(const nlohmann::json& value, std::size_t& budget) {
  const std::size_t cost = 1 + (value.is_string() ? value.get_ref<const std::string&>().size() : 0);
  if (cost > budget) return false;
  budget -= cost;
  if (!value.is_object() && !value.is_array()) return true;
  for (const auto& member : value) {
    if (!within_budget(member, budget)) return false;
  }
  return true;
}

// Whether a value holds an integer past the signed 64-bit range (nlohmann reads those as
// unsigned): the functions here treat every integer as signed, and would wrap it.
bool holds_integer_beyond_int64(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    return value.get<std::uint64_t>() >
           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  }
  if (!value.is_object() && !value.is_array()) return false;
  for (const auto& member : value) {
    if (holds_integer_beyond_int64(member)) return true;
  }
  return false;
}

Evaluated integer_beyond_int64() {
  return Evaluated::unknown("an integer beyond 64 bits is not evaluated");
}

// Whether JSON text nests deeper than `limit`: nlohmann compares and writes values
// recursively, so json() must not build deep ones.
bool nests_deeper(std::string_view text, int limit) {
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\') ++i;
      if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Parsing

struct Node {
  enum class Kind { String, Integer, Call, Property, Index } kind = Kind::String;
  std::string text;  // String: the decoded value; Call: the function; Property: the name
  std::int64_t integer = 0;
  std::vector<Node> children;  // Call: the arguments; Property: {target}; Index: {target, index}
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  // The expression, or nullopt with error() saying why not.
  std::optional<Node> parse() {
    skip_space();
    if (pos_ == text_.size()) return fail("empty expression");
    auto node = expression(0);
    if (!node) return std::nullopt;
    skip_space();
    if (pos_ != text_.size()) return fail(unexpected());
    return node;
  }
  const std::string& error() const { return error_; }

 private:
  std::nullopt_t fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return std::nullopt;
  }

  std::string unexpected() const {
    if (pos_ >= text_.size()) return "unexpected end of text";
    return "unexpected '" + std::string(1, text_[pos_]) + "' at position " + std::to_string(pos_);
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }

  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  // A primary term followed by any number of `.name` and `[index]` accessors; each accessor is
  // a level of depth, as it nests the term once more.
  std::optional<Node> expression(int depth) {
    if (depth > kMaxSyntaxDepth) {
      return fail("nested deeper than " + std::to_string(kMaxSyntaxDepth) + " levels");
    }
    auto node = primary(depth);
    while (node) {
      skip_space();
      if (at('.')) {
        ++pos_;
        node = property(std::move(*node));
      } else if (at('[')) {
        ++pos_;
        node = index(std::move(*node), depth + 1);
      } else {
        break;
      }
      if (++depth > kMaxSyntaxDepth) {
        return fail("nested deeper than " + std::to_string(kMaxSyntaxDepth) + " levels");
      }
    }
    return node;
  }

  std::optional<Node> property(Node target) {
    skip_space();
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_]))
      ++pos_;
    if (pos_ == begin) return fail("expected a property name after '.', " + unexpected());
    Node node{Node::Kind::Property, std::string(text_.substr(begin, pos_ - begin)), 0, {}};
    node.children.push_back(std::move(target));
    return node;
  }

  std::optional<Node> index(Node target, int depth) {
    auto key = expression(depth);
    if (!key) return std::nullopt;
    skip_space();
    if (!at(']')) return fail("expected ']', " + unexpected());
    ++pos_;
    Node node{Node::Kind::Index, "", 0, {}};
    node.children.push_back(std::move(target));
    node.children.push_back(std::move(*key));
    return node;
  }

  std::optional<Node> primary(int depth) {
    skip_space();
    if (pos_ >= text_.size()) return fail(unexpected());
    const char c = text_[pos_];
    if (c == '\'') return string_literal();
    if (is_digit(c) || (c == '-' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      return integer_literal();
    }
    if (is_letter(c) || c == '_') return call(depth);
    return fail(unexpected());
  }

  // 'text', a doubled quote standing for one.
  std::optional<Node> string_literal() {
    Node node{Node::Kind::String, "", 0, {}};
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] != '\'') {
        node.text += text_[pos_];
      } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
        node.text += '\'';
        ++pos_;
      } else {
        ++pos_;
        return node;
      }
    }
    return fail("unterminated string literal");
  }

  std::optional<Node> integer_literal() {
    const bool negative = text_[pos_] == '-';
    if (negative) ++pos_;
    // Accumulated negatively, so that the most negative 64-bit integer fits.
    std::int64_t value = 0;
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    for (; pos_ < text_.size() && is_digit(text_[pos_]); ++pos_) {
      const int digit = text_[pos_] - '0';
      if (value < (kMin + digit) / 10) return fail("integer literal out of range");
      value = value * 10 - digit;
    }
    if (pos_ < text_.size() && (is_name_char(text_[pos_]) || text_[pos_] == '.')) {
      return fail("malformed number, " + unexpected());
    }
    if (!negative && value == kMin) return fail("integer literal out of range");
    return Node{Node::Kind::Integer, "", negative ? value : -value, {}};
  }

  std::string name() {
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_]))
      ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  // name(arguments), or namespace.name(arguments) for user-defined functions.
  std::optional<Node> call(int depth) {
    Node node{Node::Kind::Call, name(), 0, {}};
    if (at('.')) {
      const std::size_t dot = pos_++;
      const std::string member = name();
      if (member.empty() || !at('(')) {
        pos_ = dot;
        return fail("expected '(' after '" + node.text + "'");
      }
      node.text += "." + member;
    }
    skip_space();
    if (!at('(')) return fail("expected '(' after '" + node.text + "'");
    ++pos_;
    skip_space();
    if (at(')')) {
      ++pos_;
      return node;
    }
    while (true) {
      auto argument = expression(depth + 1);
      if (!argument) return std::nullopt;
      node.children.push_back(std::move(*argument));
      skip_space();
      if (at(',')) {
        ++pos_;
        continue;
      }
      if (!at(')')) return fail("expected ',' or ')', " + unexpected());
      ++pos_;
      return node;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Helpers for values

Evaluated invalid(const std::string& function, const std::string& what) {
  return Evaluated::unknown("invalid call: " + function + "() " + what);
}

// How .NET writes a value into text (concat(), format(), string()): booleans as True/False.
std::optional<std::string> scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  return std::nullopt;
}

// The member of an object named `name`: exact spelling first, then ignoring case.
const nlohmann::json* find_member(const nlohmann::json& object, std::string_view name) {
  auto exact = object.find(std::string(name));
  if (exact != object.end()) return &*exact;
  for (const auto& [key, member] : object.items()) {
    if (equals_no_case(key, name)) return &member;
  }
  return nullptr;
}

// union() of objects: later arguments win, objects on both sides merge (keys ignoring case,
// the first spelling kept); arrays and other values are replaced, not merged.
void merge_into(nlohmann::json& target, const nlohmann::json& source) {
  for (const auto& [key, member] : source.items()) {
    std::string existing = key;
    for (const auto& [target_key, unused] : target.items()) {
      if (equals_no_case(target_key, key)) existing = target_key;
    }
    auto found = target.find(existing);
    if (found != target.end() && found->is_object() && member.is_object()) {
      merge_into(*found, member);
    } else {
      target[existing] = member;
    }
  }
}

// Whether text() of a value spells it as ARM would: nlohmann's objects sort their keys, so an
// object with several properties has lost the order ARM would write them in.
bool order_is_kept(const nlohmann::json& value) {
  if (value.is_object() && value.size() > 1) return false;
  for (const auto& member : value) {
    if ((member.is_object() || member.is_array()) && !order_is_kept(member)) return false;
  }
  return true;
}

// A culture-aware comparison (as .NET's invariant culture orders strings), for text of ASCII
// letters and digits only, where it is simple: letters ignoring case first, then lower case
// before upper case at the first difference. nullopt for any other text.
std::optional<int> compare_text(const std::string& a, const std::string& b) {
  for (const std::string* text : {&a, &b}) {
    for (char c : *text) {
      if (!is_letter(c) && !is_digit(c)) return std::nullopt;
    }
  }
  const std::string la = lower(a);
  const std::string lb = lower(b);
  if (la != lb) return la < lb ? -1 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return (a[i] >= 'a' && a[i] <= 'z') ? -1 : 1;
  }
  return 0;
}

// The first or last code point of a string, as one UTF-8 sequence; nullopt beyond the BMP,
// where .NET would return half a surrogate pair.
std::optional<std::string> end_character(const std::string& text, bool first) {
  std::size_t begin = 0;
  if (!first) {
    begin = text.size() - 1;
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80)
      --begin;
  }
  std::size_t end = begin + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    ++end;
  if (static_cast<unsigned char>(text[begin]) >= 0xF0) return std::nullopt;
  return text.substr(begin, end - begin);
}

// ---------------------------------------------------------------------------------------------
// .NET composite format strings: {index[,alignment][:formatString]}, {{ and }} escapes.

struct FormatItem {
  std::size_t index = 0;
  long alignment = 0;
  std::string spec;
};

struct FormatPiece {
  std::string literal;             // text before the item (all of it for the last piece)
  std::optional<FormatItem> item;  // nullopt for the trailing text
};

// Reads digits at `pos` into `number`; false when there are none or too many.
bool read_count(const std::string& text, std::size_t& pos, long& number) {
  if (pos >= text.size() || !is_digit(text[pos])) return false;
  number = 0;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    number = number * 10 + (text[pos] - '0');
    if (number > 1000000) return false;  // .NET's own limit on indexes and widths
  }
  return true;
}

void skip_blanks(const std::string& text, std::size_t& pos) {
  while (pos < text.size() && text[pos] == ' ')
    ++pos;
}

// The inside of a format item, "0,-5:D3"; nullopt when .NET would reject it.
std::optional<FormatItem> parse_item(const std::string& inside) {
  FormatItem item;
  std::size_t pos = 0;
  long index = 0;
  if (!read_count(inside, pos, index)) return std::nullopt;
  item.index = static_cast<std::size_t>(index);
  skip_blanks(inside, pos);
  if (pos < inside.size() && inside[pos] == ',') {
    ++pos;
    skip_blanks(inside, pos);
    const bool negative = pos < inside.size() && inside[pos] == '-';
    if (negative) ++pos;
    if (!read_count(inside, pos, item.alignment)) return std::nullopt;
    if (negative) item.alignment = -item.alignment;
    skip_blanks(inside, pos);
  }
  if (pos < inside.size() && inside[pos] == ':') {
    item.spec = inside.substr(pos + 1);
  } else if (pos != inside.size()) {
    return std::nullopt;
  }
  return item;
}

// The pieces of a format string; nullopt with `error` set when .NET would reject it.
std::optional<std::vector<FormatPiece>> parse_format(const std::string& format,
                                                     std::string& error) {
  std::vector<FormatPiece> pieces;
  FormatPiece piece;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    const bool doubled = i + 1 < format.size() && format[i + 1] == c;
    if (c != '{' && c != '}') {
      piece.literal += c;
      continue;
    }
    if (doubled) {  // `{{` and `}}` stand for one brace
      piece.literal += c;
      ++i;
      continue;
    }
    const std::size_t close = format.find('}', i);
    if (c == '}' || close == std::string::npos) {
      error = std::string("has an unmatched '") + c + "'";
      return std::nullopt;
    }
    const std::string inside = format.substr(i + 1, close - i - 1);
    piece.item = parse_item(inside);
    if (!piece.item) {
      error = "has a malformed item {" + inside + "}";
      return std::nullopt;
    }
    pieces.push_back(std::move(piece));
    piece = FormatPiece{};
    i = close;
  }
  pieces.push_back(std::move(piece));
  return pieces;
}

// An integer under a .NET standard format specifier: D (digits, zero-padded) and X/x
// (hexadecimal, two's complement for negatives); nullopt for any other specifier.
std::optional<std::string> format_integer(std::int64_t value, const std::string& spec) {
  if (spec.empty()) return std::to_string(value);
  const char kind = spec[0];
  std::size_t precision = 0;
  for (std::size_t i = 1; i < spec.size(); ++i) {
    if (!is_digit(spec[i]) || precision > 99) return std::nullopt;
    precision = precision * 10 + static_cast<std::size_t>(spec[i] - '0');
  }
  std::string digits;
  bool negative = false;
  if (kind == 'D' || kind == 'd') {
    negative = value < 0;
    const std::string text = std::to_string(value);
    digits = negative ? text.substr(1) : text;
  } else if (kind == 'X' || kind == 'x') {
    const char* alphabet = kind == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    auto bits = static_cast<std::uint64_t>(value);
    do {
      digits.insert(digits.begin(), alphabet[bits % 16]);
      bits /= 16;
    } while (bits != 0);
  } else {
    return std::nullopt;
  }
  if (digits.size() < precision) digits.insert(0, precision - digits.size(), '0');
  return negative ? "-" + digits : digits;
}

std::string align(std::string text, long alignment) {
  const auto width = static_cast<std::size_t>(alignment < 0 ? -alignment : alignment);
  const std::size_t length = utf16_length(text);
  if (length >= width) return text;
  if (alignment > 0) return std::string(width - length, ' ') + text;
  return text + std::string(width - length, ' ');
}

// ---------------------------------------------------------------------------------------------
// Evaluation

// Functions whose result the deployment decides.
bool known_only_at_deployment(const std::string& name) {
  static const std::set<std::string> kNames = {
      "resourcegroup", "subscription", "tenant",  "deployment",      "environment", "reference",
      "copyindex",     "utcnow",       "newguid", "managementgroup", "pickzones"};
  return kNames.count(name) != 0 || name.rfind("list", 0) == 0;
}

// Functions that return an identifier or hash the deployment decides: never an empty string.
bool non_empty_at_deployment(const std::string& name) {
  static const std::set<std::string> kNames = {"resourceid",
                                               "subscriptionresourceid",
                                               "tenantresourceid",
                                               "extensionresourceid",
                                               "uniquestring",
                                               "managementgroupresourceid",
                                               "guid"};
  return kNames.count(name) != 0;
}

Evaluated property(const Evaluated& target, const std::string& name) {
  if (!target.known()) return Evaluated::unknown(target.unknown_reason);
  const nlohmann::json& value = *target.value;
  if (!value.is_object()) {
    return Evaluated::unknown("invalid property access: '" + name + "' of a " + type_name(value));
  }
  const nlohmann::json* member = find_member(value, name);
  if (!member) {
    return Evaluated::unknown("invalid property access: the object has no property '" + name + "'");
  }
  return Evaluated::of(*member);
}

Evaluated index(const Evaluated& target, const Evaluated& key) {
  if (!target.known()) return Evaluated::unknown(target.unknown_reason);
  if (!key.known()) return Evaluated::unknown(key.unknown_reason);
  const nlohmann::json& value = *target.value;
  if (value.is_object() && key.value->is_string()) {
    return property(target, key.value->get<std::string>());
  }
  if (!value.is_array() || !key.value->is_number_integer()) {
    return Evaluated::unknown(std::string("invalid index: a ") + type_name(value) +
                              " indexed by a " + type_name(*key.value));
  }
  const auto position = key.value->get<std::int64_t>();
  if (position < 0 || static_cast<std::uint64_t>(position) >= value.size()) {
    return Evaluated::unknown("invalid index: " + std::to_string(position) +
                              " is out of range for an array of " + std::to_string(value.size()));
  }
  return Evaluated::of(value[static_cast<std::size_t>(position)]);
}

// The functions whose result the template itself decides, on arguments evaluated when asked.
class Functions {
 public:
  static Evaluated apply(const std::string& name, const ArmArguments& args) {
    const std::string key = lower(name);
    if (known_only_at_deployment(key)) {
      return Evaluated::unknown(name + "() is known only at deployment");
    }
    if (non_empty_at_deployment(key)) {
      return Evaluated::unknown(name + "() is known only at deployment", true);
    }
    const auto& table = handlers();
    auto found = table.find(key);
    if (found == table.end()) {
      return Evaluated::unknown("function '" + name + "' is not evaluated");
    }
    return found->second(args, name);
  }

 private:
  using Handler = Evaluated (*)(const ArmArguments& args, const std::string& name);

  static const std::map<std::string, Handler>& handlers() {
    static const std::map<std::string, Handler> kHandlers = {
        {"bool", &Functions::bool_call},
        {"int", &Functions::int_call},
        {"string", &Functions::string_call},
        {"json", &Functions::json_call},
        {"if", &Functions::if_call},
        {"equals", &Functions::equals_call},
        {"not", &Functions::not_call},
        {"and", &Functions::and_call},
        {"or", &Functions::or_call},
        {"empty", &Functions::empty_call},
        {"coalesce", &Functions::coalesce_call},
        {"contains", &Functions::contains_call},
        {"union", &Functions::union_call},
        {"createobject", &Functions::create_object_call},
        {"createarray", &Functions::create_array_call},
        {"concat", &Functions::concat_call},
        {"format", &Functions::format_call},
        {"tolower", &Functions::to_lower_call},
        {"toupper", &Functions::to_upper_call},
        {"length", &Functions::length_call},
        {"first", &Functions::first_call},
        {"last", &Functions::last_call},
        {"greater", &Functions::greater_call},
        {"less", &Functions::less_call},
        {"greaterorequals", &Functions::greater_or_equals_call},
        {"lessorequals", &Functions::less_or_equals_call},
        {"true", &Functions::true_call},
        {"false", &Functions::false_call},
        {"null", &Functions::null_call},
    };
    return kHandlers;
  }

  // An unknown for a call with the wrong number of arguments, nullopt when it has a right one.
  static std::optional<Evaluated> arity(const ArmArguments& args, const std::string& name,
                                        std::size_t min, std::size_t max) {
    const std::size_t count = args.size();
    if (count >= min && count <= max) return std::nullopt;
    std::string expected = std::to_string(min);
    if (max == std::numeric_limits<std::size_t>::max()) {
      expected = "at least " + expected;
    } else if (max != min) {
      expected += " to " + std::to_string(max);
    }
    return invalid(name, "takes " + expected + " arguments, not " + std::to_string(count));
  }
  static constexpr std::size_t kAny = std::numeric_limits<std::size_t>::max();

  static std::vector<Evaluated> all(const ArmArguments& args) {
    std::vector<Evaluated> values;
    values.reserve(args.size());
    for (std::size_t i = 0; i < args.size(); ++i)
      values.push_back(args.at(i));
    return values;
  }

  // --- conversions

  static Evaluated bool_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    const nlohmann::json& v = *value.value;
    if (v.is_boolean()) return value;
    // Documented: "true" in any case is true, any other string false; 0 is false.
    if (v.is_string()) return Evaluated::of(equals_no_case(v.get<std::string>(), "true"));
    if (v.is_number_integer()) return Evaluated::of(v.get<std::int64_t>() != 0);
    return invalid(name, std::string("cannot convert a ") + type_name(v));
  }

  static Evaluated int_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    const nlohmann::json& v = *value.value;
    if (v.is_number_integer()) return value;
    if (!v.is_string()) return invalid(name, std::string("cannot convert a ") + type_name(v));
    Parser parser(v.get_ref<const std::string&>());
    auto number = parser.parse();
    if (!number || number->kind != Node::Kind::Integer) {
      return invalid(name, "cannot convert '" + v.get<std::string>() + "' to an integer");
    }
    return Evaluated::of(number->integer);
  }

  static Evaluated string_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) {
      // string() of a string is that string: a non-empty one stays non-empty.
      return Evaluated::unknown(value.unknown_reason, value.non_empty_string);
    }
    const nlohmann::json& v = *value.value;
    if (auto text = scalar_text(v)) return Evaluated::of(*text);
    if (v.is_null()) return Evaluated::unknown(name + "(null) is not evaluated");
    if (!order_is_kept(v)) {
      return Evaluated::unknown(name + "() of an object with several properties is not evaluated");
    }
    return Evaluated::of(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  static Evaluated json_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    if (!value.value->is_string()) return invalid(name, "takes a string");
    if (nests_deeper(value.value->get_ref<const std::string&>(), kMaxSyntaxDepth)) {
      return Evaluated::unknown(name + "() of JSON nested deeper than " +
                                std::to_string(kMaxSyntaxDepth) + " levels is not evaluated");
    }
    auto parsed = nlohmann::json::parse(value.value->get_ref<const std::string&>(), nullptr, false);
    // ARM's reader is more lenient (single quotes, comments): what nlohmann rejects is unknown.
    if (parsed.is_discarded())
      return Evaluated::unknown(name + "() of text that is not strict JSON is not evaluated");
    if (holds_integer_beyond_int64(parsed)) return integer_beyond_int64();
    return Evaluated::of(std::move(parsed));
  }

  // --- logic

  // if() evaluates only the branch it takes; with an unknown condition, both branches agreeing
  // still decide the value.
  static Evaluated if_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 3, 3)) return *wrong;
    Evaluated condition = args.at(0);
    if (condition.known()) {
      if (!condition.value->is_boolean()) return invalid(name, "takes a boolean condition");
      return args.at(condition.value->get<bool>() ? 1 : 2);
    }
    Evaluated when_true = args.at(1);
    Evaluated when_false = args.at(2);
    if (when_true.known() && when_false.known() && *when_true.value == *when_false.value) {
      return when_true;
    }
    return Evaluated::unknown(condition.unknown_reason,
                              is_non_empty_string(when_true) && is_non_empty_string(when_false));
  }

  static Evaluated not_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    if (!value.value->is_boolean()) return invalid(name, "takes a boolean");
    return Evaluated::of(!value.value->get<bool>());
  }

  // and() and or(), three-valued: one argument equal to `decisive` decides, whatever the
  // others; otherwise any unknown argument makes the result unknown.
  static Evaluated logic(const ArmArguments& args, const std::string& name, bool decisive) {
    if (auto wrong = arity(args, name, 2, kAny)) return *wrong;
    std::optional<Evaluated> first_unknown;
    bool decided = false;
    for (const Evaluated& value : all(args)) {
      if (!value.known()) {
        if (!first_unknown) first_unknown = Evaluated::unknown(value.unknown_reason);
      } else if (!value.value->is_boolean()) {
        return invalid(name, "takes booleans");
      } else if (value.value->get<bool>() == decisive) {
        decided = true;
      }
    }
    if (decided) return Evaluated::of(decisive);
    if (first_unknown) return *first_unknown;
    return Evaluated::of(!decisive);
  }
  static Evaluated and_call(const ArmArguments& args, const std::string& name) {
    return logic(args, name, false);
  }
  static Evaluated or_call(const ArmArguments& args, const std::string& name) {
    return logic(args, name, true);
  }

  static Evaluated true_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 0, 0)) return *wrong;
    return Evaluated::of(true);
  }
  static Evaluated false_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 0, 0)) return *wrong;
    return Evaluated::of(false);
  }
  static Evaluated null_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 0, 0)) return *wrong;
    return Evaluated::of(nullptr);
  }

  // --- comparison

  // equals() compares deeply; an unknown that is certainly a non-empty string differs from
  // any known value that is not one.
  static Evaluated equals_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 2, 2)) return *wrong;
    Evaluated a = args.at(0);
    Evaluated b = args.at(1);
    if (a.known() && b.known()) return Evaluated::of(*a.value == *b.value);
    const Evaluated& unknown = a.known() ? b : a;
    const Evaluated& other = a.known() ? a : b;
    if (unknown.non_empty_string && other.known() && !is_non_empty_string(other)) {
      return Evaluated::of(false);
    }
    return Evaluated::unknown(unknown.unknown_reason);
  }

  // greater(), less() and the rest: `accept` says whether a comparison result holds.
  static Evaluated compare(const ArmArguments& args, const std::string& name, bool (*accept)(int)) {
    if (auto wrong = arity(args, name, 2, 2)) return *wrong;
    Evaluated a = args.at(0);
    Evaluated b = args.at(1);
    if (!a.known()) return Evaluated::unknown(a.unknown_reason);
    if (!b.known()) return Evaluated::unknown(b.unknown_reason);
    const nlohmann::json& x = *a.value;
    const nlohmann::json& y = *b.value;
    if (x.is_number_integer() && y.is_number_integer()) {
      const auto i = x.get<std::int64_t>();
      const auto j = y.get<std::int64_t>();
      return Evaluated::of(accept(i < j ? -1 : (i > j ? 1 : 0)));
    }
    if (x.is_string() && y.is_string()) {
      auto order = compare_text(x.get<std::string>(), y.get<std::string>());
      if (!order) {
        return Evaluated::unknown(name +
                                  "() of text other than ASCII letters and digits is "
                                  "not evaluated");
      }
      return Evaluated::of(accept(*order));
    }
    return invalid(name,
                   std::string("cannot compare a ") + type_name(x) + " with a " + type_name(y));
  }
  static Evaluated greater_call(const ArmArguments& args, const std::string& name) {
    return compare(args, name, [](int order) { return order > 0; });
  }
  static Evaluated less_call(const ArmArguments& args, const std::string& name) {
    return compare(args, name, [](int order) { return order < 0; });
  }
  static Evaluated greater_or_equals_call(const ArmArguments& args, const std::string& name) {
    return compare(args, name, [](int order) { return order >= 0; });
  }
  static Evaluated less_or_equals_call(const ArmArguments& args, const std::string& name) {
    return compare(args, name, [](int order) { return order <= 0; });
  }

  // --- collections

  static Evaluated empty_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) {
      if (value.non_empty_string) return Evaluated::of(false);
      return Evaluated::unknown(value.unknown_reason);
    }
    const nlohmann::json& v = *value.value;
    if (v.is_null()) return Evaluated::of(true);
    if (v.is_string()) return Evaluated::of(v.get_ref<const std::string&>().empty());
    if (v.is_array() || v.is_object()) return Evaluated::of(v.empty());
    return invalid(name, std::string("cannot test a ") + type_name(v));
  }

  // The first non-null argument; an unknown before it could be that argument.
  static Evaluated coalesce_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, kAny)) return *wrong;
    for (std::size_t i = 0; i < args.size(); ++i) {
      Evaluated value = args.at(i);
      if (!value.known()) return value;
      if (!value.value->is_null()) return value;
    }
    return Evaluated::of(nullptr);
  }

  static Evaluated contains_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 2, 2)) return *wrong;
    Evaluated container = args.at(0);
    if (!container.known()) return Evaluated::unknown(container.unknown_reason);
    const nlohmann::json& c = *container.value;
    if (!c.is_string() && !c.is_array() && !c.is_object()) {
      return invalid(name, std::string("cannot search a ") + type_name(c));
    }
    Evaluated item = args.at(1);
    if (!item.known()) {
      if ((c.is_array() || c.is_object()) && c.empty()) return Evaluated::of(false);
      return Evaluated::unknown(item.unknown_reason);
    }
    const nlohmann::json& i = *item.value;
    if (c.is_array()) {
      for (const auto& element : c) {
        if (element == i) return Evaluated::of(true);
      }
      return Evaluated::of(false);
    }
    if (!i.is_string()) return invalid(name, std::string("cannot look for a ") + type_name(i));
    const auto& text = i.get_ref<const std::string&>();
    // Substrings are case-sensitive, object keys are not (as documented).
    if (c.is_string())
      return Evaluated::of(c.get_ref<const std::string&>().find(text) != std::string::npos);
    return Evaluated::of(find_member(c, text) != nullptr);
  }

  // All arguments known, or the first unknown.
  static std::optional<Evaluated> first_unknown(const std::vector<Evaluated>& values) {
    for (const Evaluated& value : values) {
      if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    }
    return std::nullopt;
  }

  static Evaluated union_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, kAny)) return *wrong;
    const std::vector<Evaluated> values = all(args);
    if (auto unknown = first_unknown(values)) return *unknown;
    const bool objects = values[0].value->is_object();
    nlohmann::json result = objects ? nlohmann::json::object() : nlohmann::json::array();
    for (const Evaluated& value : values) {
      const nlohmann::json& v = *value.value;
      if (objects ? !v.is_object() : !v.is_array()) {
        return invalid(name, "takes only objects or only arrays");
      }
      if (objects) {
        merge_into(result, v);
        continue;
      }
      for (const auto& element : v) {
        bool present = false;
        for (const auto& kept : result)
          present = present || kept == element;
        if (!present) result.push_back(element);
      }
    }
    return Evaluated::of(std::move(result));
  }

  static Evaluated create_object_call(const ArmArguments& args, const std::string& name) {
    if (args.size() % 2 != 0) return invalid(name, "takes pairs of key and value");
    const std::vector<Evaluated> values = all(args);
    if (auto unknown = first_unknown(values)) return *unknown;
    nlohmann::json result = nlohmann::json::object();
    for (std::size_t i = 0; i < values.size(); i += 2) {
      if (!values[i].value->is_string()) return invalid(name, "takes string keys");
      const auto& key = values[i].value->get_ref<const std::string&>();
      // A key repeated in another case names the same property: the later value wins.
      std::string existing = key;
      for (const auto& [kept, unused] : result.items()) {
        if (equals_no_case(kept, key)) existing = kept;
      }
      result[existing] = *values[i + 1].value;
    }
    return Evaluated::of(std::move(result));
  }

  static Evaluated create_array_call(const ArmArguments& args, const std::string& /*name*/) {
    const std::vector<Evaluated> values = all(args);
    if (auto unknown = first_unknown(values)) return *unknown;
    nlohmann::json result = nlohmann::json::array();
    for (const Evaluated& value : values)
      result.push_back(*value.value);
    return Evaluated::of(std::move(result));
  }

  // concat() of arrays, or of text (integers and booleans written as .NET writes them).
  static Evaluated concat_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, kAny)) return *wrong;
    const std::vector<Evaluated> values = all(args);
    bool arrays = false;
    bool texts = false;
    for (const Evaluated& value : values) {
      if (!value.known()) continue;
      arrays = arrays || value.value->is_array();
      texts = texts || !value.value->is_array();
    }
    if (arrays && texts) return invalid(name, "takes only arrays or only strings");
    if (arrays) {
      if (auto unknown = first_unknown(values)) return *unknown;
      nlohmann::json result = nlohmann::json::array();
      for (const Evaluated& value : values) {
        if (result.size() + value.value->size() > kMaxNodes) return too_large();
        for (const auto& element : *value.value)
          result.push_back(element);
      }
      return Evaluated::of(std::move(result));
    }
    std::string result;
    std::optional<Evaluated> unknown;
    bool non_empty = false;
    for (const Evaluated& value : values) {
      non_empty = non_empty || is_non_empty_string(value);
      if (!value.known()) {
        if (!unknown) unknown = value;
        continue;
      }
      auto text = scalar_text(*value.value);
      if (!text) {
        return Evaluated::unknown(name + "() of a " + type_name(*value.value) +
                                  " is not evaluated");
      }
      non_empty = non_empty || !text->empty();
      result += *text;
      if (result.size() > kMaxTextLength) return too_large();
    }
    if (unknown) return Evaluated::unknown(unknown->unknown_reason, non_empty);
    return Evaluated::of(std::move(result));
  }

  // format(): .NET composite formatting; only the arguments its items name are evaluated.
  static Evaluated format_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, kAny)) return *wrong;
    Evaluated format = args.at(0);
    if (!format.known()) return Evaluated::unknown(format.unknown_reason);
    if (!format.value->is_string()) return invalid(name, "takes a format string");
    std::string error;
    const auto pieces = parse_format(format.value->get<std::string>(), error);
    if (!pieces) return invalid(name, "format string " + error);
    std::map<std::size_t, Evaluated> argument_values;
    std::string result;
    std::optional<Evaluated> unknown;
    bool non_empty = false;
    for (const FormatPiece& piece : *pieces) {
      result += piece.literal;
      non_empty = non_empty || !piece.literal.empty();
      if (!piece.item) continue;
      const FormatItem& item = *piece.item;
      if (item.index + 1 >= args.size()) {
        return invalid(name, "format item {" + std::to_string(item.index) + "} has no argument");
      }
      auto found = argument_values.find(item.index);
      if (found == argument_values.end()) {
        found = argument_values.emplace(item.index, args.at(item.index + 1)).first;
      }
      const Evaluated& value = found->second;
      non_empty = non_empty || is_non_empty_string(value) || item.alignment != 0;
      if (!value.known()) {
        if (!unknown) unknown = value;
        continue;
      }
      auto text = format_value(*value.value, item);
      if (!text.known()) {
        if (!unknown) unknown = text;
        continue;
      }
      non_empty = non_empty || !text.value->get_ref<const std::string&>().empty();
      result += align(text.value->get<std::string>(), item.alignment);
      if (result.size() > kMaxTextLength) return too_large();
    }
    if (unknown) return Evaluated::unknown(unknown->unknown_reason, non_empty);
    return Evaluated::of(std::move(result));
  }

  // One format item's text; strings and booleans ignore a format specifier, as in .NET.
  static Evaluated format_value(const nlohmann::json& value, const FormatItem& item) {
    if (value.is_number_integer()) {
      auto text = format_integer(value.get<std::int64_t>(), item.spec);
      if (!text)
        return Evaluated::unknown("format specifier ':" + item.spec + "' is not evaluated");
      return Evaluated::of(*text);
    }
    if (auto text = scalar_text(value)) return Evaluated::of(*text);
    return Evaluated::unknown(std::string("format() of a ") + type_name(value) +
                              " is not evaluated");
  }

  // --- strings

  static Evaluated change_case(const ArmArguments& args, const std::string& name, bool upper) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason, value.non_empty_string);
    if (!value.value->is_string()) return invalid(name, "takes a string");
    std::string text = value.value->get<std::string>();
    // Case outside ASCII follows Unicode tables this evaluator does not carry.
    if (!is_ascii(text))
      return Evaluated::unknown(name + "() of non-ASCII text is not evaluated", !text.empty());
    for (char& c : text) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return Evaluated::of(std::move(text));
  }
  static Evaluated to_lower_call(const ArmArguments& args, const std::string& name) {
    return change_case(args, name, false);
  }
  static Evaluated to_upper_call(const ArmArguments& args, const std::string& name) {
    return change_case(args, name, true);
  }

  static Evaluated length_call(const ArmArguments& args, const std::string& name) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    const nlohmann::json& v = *value.value;
    if (v.is_string())
      return Evaluated::of(
          static_cast<std::int64_t>(utf16_length(v.get_ref<const std::string&>())));
    if (v.is_array() || v.is_object()) return Evaluated::of(static_cast<std::int64_t>(v.size()));
    return invalid(name, std::string("cannot measure a ") + type_name(v));
  }

  static Evaluated end_element(const ArmArguments& args, const std::string& name, bool first) {
    if (auto wrong = arity(args, name, 1, 1)) return *wrong;
    Evaluated value = args.at(0);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    const nlohmann::json& v = *value.value;
    if (!v.is_string() && !v.is_array()) return invalid(name, "takes a string or an array");
    if (v.is_string() ? v.get_ref<const std::string&>().empty() : v.empty())
      return Evaluated::unknown(name + "() of an empty " + type_name(v) + " is not evaluated");
    if (v.is_array()) return Evaluated::of(first ? v.front() : v.back());
    auto character = end_character(v.get<std::string>(), first);
    if (!character)
      return Evaluated::unknown(name + "() of a character beyond the BMP is not evaluated", true);
    return Evaluated::of(*character);
  }
  static Evaluated first_call(const ArmArguments& args, const std::string& name) {
    return end_element(args, name, true);
  }
  static Evaluated last_call(const ArmArguments& args, const std::string& name) {
    return end_element(args, name, false);
  }
};

// Expressions parsed into nodes, in a scope: parameters() and variables() ask the scope, every
// other function is one of Functions, its arguments evaluated as it asks for them.
class Evaluator {
 public:
  explicit Evaluator(const ArmScope& scope) : scope_(scope) {}

  Evaluated eval(const Node& node) {
    DepthGuard guard;
    if (DepthGuard::exceeded()) return too_deep();
    switch (node.kind) {
      case Node::Kind::String:
        return Evaluated::of(node.text);
      case Node::Kind::Integer:
        return Evaluated::of(node.integer);
      case Node::Kind::Property:
        return property(eval(node.children[0]), node.text);
      case Node::Kind::Index:
        return index(eval(node.children[0]), eval(node.children[1]));
      case Node::Kind::Call:
        break;
    }
    return call(node);
  }

 private:
  class NodeArguments final : public ArmArguments {
   public:
    NodeArguments(Evaluator& evaluator, const Node& call) : evaluator_(evaluator), call_(call) {}
    std::size_t size() const override { return call_.children.size(); }
    Evaluated at(std::size_t index) const override {
      return evaluator_.eval(call_.children[index]);
    }

   private:
    Evaluator& evaluator_;
    const Node& call_;
  };

  Evaluated call(const Node& node) {
    const NodeArguments args(*this, node);
    const std::string key = lower(node.text);
    if (key == "parameters" || key == "variables") {
      std::string name;
      Evaluated checked = name_argument(args, node.text, name);
      if (!checked.known()) return checked;
      return key == "parameters" ? scope_.parameter(name) : scope_.variable(name);
    }
    return Functions::apply(node.text, args);
  }

  static Evaluated name_argument(const ArmArguments& args, const std::string& function,
                                 std::string& out) {
    if (args.size() != 1) {
      return invalid(function, "takes 1 arguments, not " + std::to_string(args.size()));
    }
    Evaluated argument = args.at(0);
    if (!argument.known()) return argument;
    if (!argument.value->is_string()) return invalid(function, "takes a string name");
    out = argument.value->get<std::string>();
    return Evaluated::of(nullptr);
  }

  const ArmScope& scope_;
};

Evaluated evaluate_expression(std::string_view body, const ArmScope& scope) {
  Parser parser(body);
  auto node = parser.parse();
  if (!node) return Evaluated::unknown("malformed expression: " + parser.error());
  return Evaluator(scope).eval(*node);
}

Evaluated evaluate_string(std::string_view text, const ArmScope& scope) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') {
    return Evaluated::of(std::string(text));
  }
  if (text[1] == '[') return Evaluated::of(std::string(text.substr(1)));  // `[[` escapes
  return evaluate_expression(text.substr(1, text.size() - 2), scope);
}

Evaluated evaluate_value(const nlohmann::json& value, const ArmScope& scope) {
  DepthGuard guard;
  if (DepthGuard::exceeded()) return too_deep();
  if (value.is_string()) return evaluate_string(value.get_ref<const std::string&>(), scope);
  if (!value.is_structured()) {
    return holds_integer_beyond_int64(value) ? integer_beyond_int64() : Evaluated::of(value);
  }
  nlohmann::json result = value.is_object() ? nlohmann::json::object() : nlohmann::json::array();
  for (const auto& [key, member] : value.items()) {
    Evaluated evaluated = evaluate_value(member, scope);
    if (!evaluated.known()) return Evaluated::unknown(evaluated.unknown_reason);
    if (value.is_object()) {
      result[key] = std::move(*evaluated.value);
    } else {
      result.push_back(std::move(*evaluated.value));
    }
  }
  return Evaluated::of(std::move(result));
}

// The public entry points never throw: what fails inside (memory, a JSON type error this
// evaluator did not foresee) is an unknown.
template <typename Function>
Evaluated guarded(Function&& function) {
  try {
    return function();
  } catch (const std::exception& error) {
    return Evaluated::unknown(std::string("evaluation failed: ") + error.what());
  } catch (...) {
    return Evaluated::unknown("evaluation failed");
  }
}

}  // namespace

Evaluated EmptyScope::parameter(std::string_view name) const {
  return Evaluated::unknown("parameter '" + std::string(name) + "' is not known: " + reason_);
}

Evaluated EmptyScope::variable(std::string_view name) const {
  return Evaluated::unknown("variable '" + std::string(name) + "' is not known: " + reason_);
}

TemplateExpressionScope::TemplateExpressionScope(const nlohmann::json& template_json,
                                                 const nlohmann::json* passed_parameters,
                                                 const ArmScope* passed_in)
    : passed_in_(passed_in), no_outer_scope_("the deployment's own scope is not given") {
  if (!template_json.is_object()) return;
  auto parameters = template_json.find("parameters");
  if (parameters != template_json.end() && parameters->is_object()) {
    for (const auto& [name, definition] : parameters->items()) {
      parameters_[lower(name)] = &definition;
    }
  }
  auto variables = template_json.find("variables");
  if (variables != template_json.end() && variables->is_object()) {
    for (const auto& [name, value] : variables->items()) {
      if (equals_no_case(name, "copy") && value.is_array()) {
        for (const auto& loop : value) {
          if (loop.is_object() && loop.contains("name") && loop["name"].is_string()) {
            copy_variables_.insert(lower(loop["name"].get<std::string>()));
          }
        }
        continue;
      }
      variables_[lower(name)] = &value;
    }
  }
  if (passed_parameters && passed_parameters->is_object()) {
    for (const auto& [name, value] : passed_parameters->items())
      passed_[lower(name)] = &value;
  }
}

Evaluated TemplateExpressionScope::parameter(std::string_view name) const {
  return guarded([&] { return lookup(Kind::Parameter, name); });
}

Evaluated TemplateExpressionScope::variable(std::string_view name) const {
  return guarded([&] { return lookup(Kind::Variable, name); });
}

// Each parameter and variable is evaluated once; one met again while it is being evaluated
// refers to itself.
Evaluated TemplateExpressionScope::lookup(Kind kind, std::string_view name) const {
  DepthGuard guard;
  if (DepthGuard::exceeded()) return too_deep();
  auto key = std::make_pair(kind, lower(name));
  auto cached = cache_.find(key);
  if (cached != cache_.end()) return cached->second;
  const char* what = kind == Kind::Parameter ? "parameter '" : "variable '";
  if (in_progress_.count(key) != 0) {
    return Evaluated::unknown(std::string(what) + std::string(name) + "' refers to itself");
  }
  in_progress_.insert(key);
  // Guarded here, not only by the caller, so that a failure still clears the mark above: a
  // later lookup must not take it for a cycle.
  Evaluated result = guarded([&] { return compute(kind, key.second, name); });
  std::size_t budget = kMaxNodes;
  if (result.known() && !within_budget(*result.value, budget)) result = too_large();
  in_progress_.erase(key);
  cache_.emplace(std::move(key), result);
  return result;
}

Evaluated TemplateExpressionScope::compute(Kind kind, const std::string& key,
                                           std::string_view name) const {
  return kind == Kind::Parameter ? compute_parameter(key, name) : compute_variable(key, name);
}

Evaluated TemplateExpressionScope::compute_parameter(const std::string& key,
                                                     std::string_view name) const {
  const std::string quoted = "parameter '" + std::string(name) + "'";
  auto definition = parameters_.find(key);
  if (definition == parameters_.end()) return Evaluated::unknown(quoted + " is not declared");
  auto passed = passed_.find(key);
  if (passed != passed_.end()) {
    const nlohmann::json& entry = *passed->second;
    auto value = entry.is_object() ? entry.find("value") : entry.end();
    if (value != entry.end()) {
      return evaluate_value(*value, passed_in_ ? *passed_in_ : no_outer_scope_);
    }
    if (entry.is_object() && entry.contains("reference")) {
      return Evaluated::unknown(quoted + " is a Key Vault reference, known only at deployment");
    }
    return Evaluated::unknown(quoted + " is passed without a value");
  }
  const nlohmann::json& declared = *definition->second;
  if (!declared.is_object()) return Evaluated::unknown(quoted + " is malformed");
  auto default_value = declared.find("defaultValue");
  if (default_value != declared.end()) return evaluate_value(*default_value, *this);
  // languageVersion 2.0: a nullable parameter left out is null.
  auto nullable = declared.find("nullable");
  if (nullable != declared.end() && *nullable == true) return Evaluated::of(nullptr);
  return Evaluated::unknown(quoted + " has no default value");
}

Evaluated TemplateExpressionScope::compute_variable(const std::string& key,
                                                    std::string_view name) const {
  const std::string quoted = "variable '" + std::string(name) + "'";
  if (copy_variables_.count(key) != 0) {
    return Evaluated::unknown(quoted + " is built by a copy loop, which is not evaluated");
  }
  auto definition = variables_.find(key);
  if (definition == variables_.end()) return Evaluated::unknown(quoted + " is not declared");
  return evaluate_value(*definition->second, *this);
}

Evaluated evaluate_arm_string(std::string_view text, const ArmScope& scope) {
  return guarded([&] {
    DepthGuard guard;
    if (DepthGuard::exceeded()) return too_deep();
    return evaluate_string(text, scope);
  });
}

Evaluated evaluate_arm_value(const nlohmann::json& value, const ArmScope& scope) {
  return guarded([&] { return evaluate_value(value, scope); });
}

Evaluated apply_arm_function(std::string_view name, const ArmArguments& arguments) {
  return guarded([&] { return Functions::apply(std::string(name), arguments); });
}

Evaluated apply_arm_function(std::string_view name, const std::vector<Evaluated>& arguments) {
  return apply_arm_function(name, EvaluatedArguments(arguments));
}

Evaluated arm_property(const Evaluated& target, std::string_view name) {
  return guarded([&] { return property(target, std::string(name)); });
}

Evaluated arm_index(const Evaluated& target, const Evaluated& key) {
  return guarded([&] { return index(target, key); });
}

bool within_arm_size_limits(const nlohmann::json& value) {
  std::size_t budget = kMaxNodes;
  return within_budget(value, budget);
}

}  // namespace armfix
