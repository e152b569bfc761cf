// A small reader of ARM call expressions: function calls, string and number literals. Enough
// to follow union(), createObject(), json(), true() and false(); anything else is opaque.
#include "json/arm_union.hpp"

#include <cctype>
#include <memory>
#include <vector>

#include "json/arm_expression.hpp"

namespace armfix {

namespace {

// Moves `pos` past one argument of a call to the `,` or `)` that ends it, through balanced
// brackets and quoted strings; false when the text ends first.
bool skip_one_argument(std::string_view text, std::size_t& pos) {
  int depth = 0;
  bool quoted = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (quoted) {
      if (c == '\'') quoted = false;  // a doubled quote reopens on the next character
    } else if (c == '\'') {
      quoted = true;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (depth == 0) return c == ')';
      --depth;
    } else if (c == ',' && depth == 0) {
      return true;
    }
  }
  return false;
}

// A parsed argument: a string, a number, or a call; `opaque` for what is not read.
struct Term {
  enum class Kind { String, Number, Call, Opaque } kind = Kind::Opaque;
  std::string text;  // String: the decoded value; Number: its spelling; Call: the function
  std::vector<Term> arguments;
};

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  std::optional<Term> read_all() {
    auto term = read();
    skip_space();
    if (!term || pos_ != text_.size()) return std::nullopt;
    return term;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }

  std::optional<Term> read() {
    if (++depth_ > kMaxDepth) return std::nullopt;
    skip_space();
    if (pos_ >= text_.size()) return std::nullopt;
    char c = text_[pos_];
    std::optional<Term> term;
    if (c == '\'') {
      term = read_string();
    } else if ((c >= '0' && c <= '9') || c == '-') {
      term = read_number();
    } else {
      term = read_call();
    }
    --depth_;
    return term;
  }

  std::optional<Term> read_string() {
    Term term{Term::Kind::String, "", {}};
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\'') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
          term.text += '\'';
          ++pos_;
          continue;
        }
        ++pos_;
        return term;
      }
      term.text += text_[pos_];
    }
    return std::nullopt;
  }

  std::optional<Term> read_number() {
    std::size_t begin = pos_++;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
      ++pos_;
    return Term{Term::Kind::Number, std::string(text_.substr(begin, pos_ - begin)), {}};
  }

  std::optional<Term> read_call() {
    std::size_t begin = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '_' || text_[pos_] == '.')) {
      ++pos_;
    }
    if (pos_ == begin) return std::nullopt;
    Term term{Term::Kind::Call, std::string(text_.substr(begin, pos_ - begin)), {}};
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '(') return std::nullopt;
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ')') {
      ++pos_;
      return finish_call(std::move(term));
    }
    while (true) {
      const std::size_t start = pos_;
      auto argument = read();
      if (!argument) {
        // An argument this reader cannot follow is opaque; the arguments after it still count
        // (a union() whose last argument forces a value forces it whatever comes before).
        pos_ = start;
        if (!skip_argument()) return std::nullopt;
        argument = Term{Term::Kind::Opaque, "", {}};
      }
      term.arguments.push_back(std::move(*argument));
      skip_space();
      if (pos_ >= text_.size()) return std::nullopt;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] != ')') return std::nullopt;
      ++pos_;
      return finish_call(std::move(term));
    }
  }

  // A property access or index after a call makes its value something this reader does not
  // follow: the call is opaque.
  std::optional<Term> finish_call(Term term) {
    skip_space();
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == '[')) {
      skip_accessors();
      return Term{Term::Kind::Opaque, "", {}};
    }
    return term;
  }

  void skip_accessors() {
    int brackets = 0;
    bool quoted = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (quoted) {
        if (c == '\'') quoted = false;
      } else if (c == '\'') {
        quoted = true;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (brackets == 0 && (c == ',' || c == ')')) {
        return;
      }
      ++pos_;
    }
  }

  bool skip_argument() { return skip_one_argument(text_, pos_); }

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

bool is_call(const Term& term, std::string_view name) {
  return term.kind == Term::Kind::Call && equals_ignore_case(term.text, name);
}

std::optional<nlohmann::json> value_of(const Term& term) {
  if (term.kind == Term::Kind::String) return nlohmann::json(term.text);
  if (term.kind == Term::Kind::Number) return nlohmann::json::parse(term.text, nullptr, false);
  if (is_call(term, "true") && term.arguments.empty()) return true;
  if (is_call(term, "false") && term.arguments.empty()) return false;
  if (is_call(term, "null") && term.arguments.empty()) return nullptr;
  return std::nullopt;
}

// What an argument of union() says about a path: it sets it, it leaves it as the arguments
// before it have it, or it is an expression that may do either.
struct Verdict {
  enum class Kind { Sets, LeavesIt, Unknown } kind = Kind::Unknown;
  nlohmann::json value;  // Sets
};

Verdict sets(nlohmann::json value) {
  return {Verdict::Kind::Sets, std::move(value)};
}
Verdict leaves_it() {
  return {Verdict::Kind::LeavesIt, {}};
}
Verdict unknown() {
  return {};
}

Verdict json_path(const nlohmann::json& value, const PropertyPath& path, std::size_t depth) {
  if (depth == path.size()) return sets(value);
  if (!value.is_object()) return sets(nullptr);  // a value that is no object replaces the path
  for (const auto& [key, member] : value.items()) {
    if (equals_ignore_case(key, path[depth])) return json_path(member, path, depth + 1);
  }
  return leaves_it();
}

Verdict forced(const Term& term, const PropertyPath& path, std::size_t depth,
               const ReferenceResolver* resolver);

// union() merges objects deeply and the last argument wins: the path holds what the last
// argument that says anything about it sets, unless an expression comes after it.
Verdict forced_by_arguments(const std::vector<Term>& arguments, const PropertyPath& path,
                            std::size_t depth, const ReferenceResolver* resolver) {
  for (auto it = arguments.rbegin(); it != arguments.rend(); ++it) {
    Verdict verdict = forced(*it, path, depth, resolver);
    if (verdict.kind != Verdict::Kind::LeavesIt) return verdict;
  }
  return leaves_it();
}

// `parameters('x')` or `variables('y')` read through the resolver.
std::optional<nlohmann::json> referenced(const Term& term, const ReferenceResolver* resolver) {
  if (resolver == nullptr || term.arguments.size() != 1 ||
      term.arguments[0].kind != Term::Kind::String ||
      !(is_call(term, "parameters") || is_call(term, "variables"))) {
    return std::nullopt;
  }
  return (*resolver)("[" + term.text + "(" + quote_literal(term.arguments[0].text) + ")]");
}

Verdict forced(const Term& term, const PropertyPath& path, std::size_t depth,
               const ReferenceResolver* resolver) {
  if (is_call(term, "union")) return forced_by_arguments(term.arguments, path, depth, resolver);
  if (auto value = referenced(term, resolver)) return json_path(*value, path, depth);
  // armfix's wrap of a value that may be null: coalesce(x, createObject()) is x, or nothing.
  if (is_call(term, "coalesce") && term.arguments.size() == 2 &&
      is_call(term.arguments[1], "createObject") && term.arguments[1].arguments.empty()) {
    if (auto value = referenced(term.arguments[0], resolver)) {
      if (value->is_null()) return leaves_it();
      return json_path(*value, path, depth);
    }
  }
  if (depth == path.size()) {
    auto value = value_of(term);
    return value ? sets(*value) : unknown();
  }
  if (is_call(term, "createObject")) {
    const auto& args = term.arguments;
    // Later keys win, as in the object createObject() builds.
    for (std::size_t i = args.size() & ~std::size_t{1}; i >= 2; i -= 2) {
      const Term& key = args[i - 2];
      if (key.kind != Term::Kind::String) return unknown();
      if (equals_ignore_case(key.text, path[depth])) {
        return forced(args[i - 1], path, depth + 1, resolver);
      }
    }
    return leaves_it();
  }
  if (is_call(term, "json") && term.arguments.size() == 1 &&
      term.arguments[0].kind == Term::Kind::String) {
    auto parsed = nlohmann::json::parse(term.arguments[0].text, nullptr, false);
    if (parsed.is_discarded()) return unknown();
    return json_path(parsed, path, depth);
  }
  return unknown();
}

// The arguments of `union(...)` read from the end, for a body the reader cannot follow as a
// whole (a quote or bracket out of place in an early argument): armfix's own wraps put what
// they force last, in arguments it wrote itself. What cannot be read is one opaque argument.
std::optional<Term> trailing_arguments(std::string_view body) {
  constexpr std::string_view kHead = "union(";
  if (body.size() < kHead.size() + 1 || !equals_ignore_case(body.substr(0, kHead.size()), kHead) ||
      body.back() != ')') {
    return std::nullopt;
  }
  const std::string_view inner = body.substr(kHead.size(), body.size() - kHead.size() - 1);
  std::vector<Term> reversed;
  std::size_t end = inner.size();
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = inner.size(); i-- > 0;) {
    const char c = inner[i];
    if (quoted) {
      if (c == '\'') quoted = false;
    } else if (c == '\'') {
      quoted = true;
    } else if (c == ')' || c == ']') {
      ++depth;
    } else if (c == '(' || c == '[') {
      if (--depth < 0) break;
    } else if (c == ',' && depth == 0) {
      auto argument = Reader(inner.substr(i + 1, end - i - 1)).read_all();
      if (!argument) break;
      reversed.push_back(std::move(*argument));
      end = i;
    }
  }
  if (reversed.empty()) return std::nullopt;
  Term term{Term::Kind::Call, "union", {Term{Term::Kind::Opaque, "", {}}}};
  term.arguments.insert(term.arguments.end(), std::make_move_iterator(reversed.rbegin()),
                        std::make_move_iterator(reversed.rend()));
  return term;
}

// A createObject() of literals as the template value it builds (a string starting with `[`
// escaped as the template writes it); nullopt when any part is not a literal.
std::optional<nlohmann::ordered_json> literal_value(const Term& term) {
  if (term.kind == Term::Kind::String) {
    return nlohmann::ordered_json(!term.text.empty() && term.text.front() == '[' ? "[" + term.text
                                                                                 : term.text);
  }
  if (!is_call(term, "createObject")) {
    auto value = value_of(term);
    if (!value) return std::nullopt;
    return nlohmann::ordered_json(*value);
  }
  if (term.arguments.size() % 2 != 0) return std::nullopt;
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < term.arguments.size(); i += 2) {
    if (term.arguments[i].kind != Term::Kind::String) return std::nullopt;
    auto member = literal_value(term.arguments[i + 1]);
    if (!member) return std::nullopt;
    object[term.arguments[i].text] = std::move(*member);
  }
  return object;
}

// `from` merged over `into` as union() merges: objects deeply, anything else replaced. Keys
// compare ignoring case, as Azure compares them; the first spelling stays.
void merge_over(nlohmann::ordered_json& into, const nlohmann::ordered_json& from) {
  for (const auto& [key, value] : from.items()) {
    nlohmann::ordered_json* existing = nullptr;
    for (auto& [name, member] : into.items()) {
      if (equals_ignore_case(name, key)) existing = &member;
    }
    if (existing == nullptr) {
      into[key] = value;
    } else if (existing->is_object() && value.is_object()) {
      merge_over(*existing, value);
    } else {
      *existing = value;
    }
  }
}

// Where the last top-level argument of `union(...)` starts (just after its comma); npos when
// the body is not one union() call of several arguments.
std::size_t last_union_argument(std::string_view body) {
  constexpr std::string_view kHead = "union(";
  if (body.size() < kHead.size() + 1 || !equals_ignore_case(body.substr(0, kHead.size()), kHead))
    return std::string_view::npos;
  std::size_t last = std::string_view::npos;
  for (std::size_t pos = kHead.size(); skip_one_argument(body, pos); last = ++pos) {
    if (body[pos] == ')') return pos + 1 == body.size() ? last : std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> extend_union_wrap(std::string_view expression,
                                             const nlohmann::ordered_json& forced) {
  if (!is_expression(expression) || !forced.is_object()) return std::nullopt;
  const std::string_view body = expression_body(expression);
  const std::size_t start = last_union_argument(body);
  if (start == std::string_view::npos) return std::nullopt;
  const std::string_view argument = body.substr(start, body.size() - 1 - start);
  auto term = Reader(argument).read_all();
  if (!term || !is_call(*term, "createObject")) return std::nullopt;
  auto object = literal_value(*term);
  if (!object) return std::nullopt;
  merge_over(*object, forced);
  auto merged = create_object_argument(*object);
  if (!merged) return std::nullopt;
  const std::size_t space = argument.find_first_not_of(" \t\r\n");
  return "[" + std::string(body.substr(0, start)) + std::string(argument.substr(0, space)) +
         *merged + ")]";
}

std::optional<nlohmann::json> arm_union_forced(std::string_view expression,
                                               const PropertyPath& path,
                                               const ReferenceResolver* resolver) {
  if (!is_expression(expression)) return std::nullopt;
  auto term = Reader(expression_body(expression)).read_all();
  if (!term) term = trailing_arguments(expression_body(expression));
  if (!term || !is_call(*term, "union")) return std::nullopt;
  Verdict verdict = forced(*term, path, 0, resolver);
  if (verdict.kind != Verdict::Kind::Sets) return std::nullopt;
  return verdict.value;
}

bool is_union_call(std::string_view expression) {
  if (!is_expression(expression)) return false;
  auto term = Reader(expression_body(expression)).read_all();
  return term && is_call(*term, "union");
}

std::optional<std::string> create_object_argument(const nlohmann::ordered_json& value) {
  if (!value.is_object()) return as_argument(nlohmann::json(value));
  std::string text = "createObject(";
  const char* separator = "";
  for (const auto& [key, member] : value.items()) {
    auto argument = create_object_argument(member);
    if (!argument) return std::nullopt;
    text += separator + quote_literal(key) + ", " + *argument;
    separator = ", ";
  }
  return text + ")";
}

}  // namespace armfix
