// The Bicep reader's grammar: tokens into the lossless tree of BicepDocument.
//
// A recursive-descent parser with precedence climbing for operators. Newlines separate
// declarations, object properties and array items, so they are significant except inside
// parentheses, brackets of an index, and the multi-line ternaries the Bicep formatter writes.
// Recursion is bounded by BicepParseLimits::max_depth: hostile input ends in an error.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>

#include "bicep/bicep_document.hpp"
#include "bicep/bicep_lexer.hpp"
#include "io/text_encoding.hpp"

namespace armfix {

namespace {

using Kind = BicepTokenKind;

struct Failure {
  std::size_t offset;
  std::string message;
};

struct Keyword {
  std::string_view word;
  BicepDeclarationKind kind;
};

constexpr Keyword kDeclarationKeywords[] = {
    {"param", BicepDeclarationKind::Parameter},
    {"var", BicepDeclarationKind::Variable},
    {"resource", BicepDeclarationKind::Resource},
    {"module", BicepDeclarationKind::Module},
    {"output", BicepDeclarationKind::Output},
    {"type", BicepDeclarationKind::TypeAlias},
    {"func", BicepDeclarationKind::Function},
    {"metadata", BicepDeclarationKind::Metadata},
    {"targetScope", BicepDeclarationKind::TargetScope},
    {"import", BicepDeclarationKind::Import},
    {"extension", BicepDeclarationKind::Import},
    {"provider", BicepDeclarationKind::Import},
    {"using", BicepDeclarationKind::Import},
    {"assert", BicepDeclarationKind::Assert},
};

// Binding strength of a binary operator; 0 for tokens that are not one.
int precedence(Kind kind) {
  switch (kind) {
    case Kind::DoubleQuestion:
      return 1;
    case Kind::Or:
      return 2;
    case Kind::And:
      return 3;
    case Kind::Equals:
    case Kind::NotEquals:
    case Kind::EqualsIgnoreCase:
    case Kind::NotEqualsIgnoreCase:
      return 4;
    case Kind::Less:
    case Kind::LessOrEqual:
    case Kind::Greater:
    case Kind::GreaterOrEqual:
      return 5;
    case Kind::Plus:
    case Kind::Minus:
      return 6;
    case Kind::Star:
    case Kind::Slash:
    case Kind::Percent:
      return 7;
    default:
      return 0;
  }
}

// Tokens that may start a line and still continue the expression on the line before: the
// multi-line ternaries and boolean chains of the Bicep formatter.
bool continues_across_lines(Kind kind) {
  return kind == Kind::Question || kind == Kind::Colon || kind == Kind::DoubleQuestion ||
         kind == Kind::And || kind == Kind::Or;
}

bool is_open(Kind kind) {
  return kind == Kind::LeftBrace || kind == Kind::LeftBracket || kind == Kind::LeftParen ||
         kind == Kind::StringLeft;
}

bool is_close(Kind kind) {
  return kind == Kind::RightBrace || kind == Kind::RightBracket || kind == Kind::RightParen ||
         kind == Kind::StringRight;
}

}  // namespace

class BicepParser {
 public:
  BicepParser(BicepDocument& document, std::vector<BicepToken> tokens, BicepParseLimits limits)
      : doc_(document), text_(document.text_), tokens_(std::move(tokens)), limits_(limits) {}

  void run() {
    doc_.root_ = make(BicepNodeKind::File, 0, static_cast<std::uint32_t>(text_.size()));
    for (;;) {
      skip_newlines();
      if (kind() == Kind::EndOfFile) break;
      adopt(doc_.root_, statement());
      if (kind() != Kind::Newline && kind() != Kind::EndOfFile) {
        fail_here("expected a new line after the declaration, found " + describe());
      }
    }
  }

 private:
  // ---- tokens

  // Inside parentheses newlines are white space; inside objects and arrays they separate.
  class NewlineMode {
   public:
    NewlineMode(BicepParser& parser, bool ignored)
        : parser_(parser), saved_(parser.newlines_ignored_) {
      parser_.newlines_ignored_ = ignored ? saved_ + 1 : 0;
    }
    ~NewlineMode() { parser_.newlines_ignored_ = saved_; }
    NewlineMode(const NewlineMode&) = delete;
    NewlineMode& operator=(const NewlineMode&) = delete;

   private:
    BicepParser& parser_;
    int saved_;
  };

  class DepthGuard {
   public:
    explicit DepthGuard(BicepParser& parser) : parser_(parser) {
      if (++parser_.depth_ > parser_.limits_.max_depth) {
        parser_.fail_here("nesting deeper than " + std::to_string(parser_.limits_.max_depth) +
                          " levels");
      }
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    BicepParser& parser_;
  };

  const BicepToken& token() {
    if (newlines_ignored_ > 0) skip_newlines();
    return tokens_[at_];
  }
  Kind kind() { return token().kind; }
  std::string_view spelling(const BicepToken& t) const {
    return text_.substr(t.span.begin, t.span.size());
  }
  bool at_word(std::string_view word) {
    return kind() == Kind::Identifier && spelling(token()) == word;
  }
  // The token after the current one, newlines skipped.
  const BicepToken& lookahead() {
    token();
    std::size_t i = at_ + 1;
    while (i < tokens_.size() && tokens_[i].kind == Kind::Newline)
      ++i;
    return tokens_[std::min(i, tokens_.size() - 1)];
  }
  Kind kind_after_newlines() const {
    std::size_t i = at_;
    while (tokens_[i].kind == Kind::Newline)
      ++i;
    return tokens_[i].kind;
  }
  void skip_newlines() {
    while (tokens_[at_].kind == Kind::Newline)
      ++at_;
  }
  BicepToken take() {
    BicepToken t = token();
    if (t.kind != Kind::EndOfFile) ++at_;
    last_end_ = t.span.end;
    return t;
  }
  BicepToken expect(Kind expected, const std::string& what) {
    if (kind() != expected) fail_here("expected " + what + ", found " + describe());
    return take();
  }
  void expect_word(std::string_view word) {
    if (!at_word(word)) fail_here("expected '" + std::string(word) + "', found " + describe());
    take();
  }
  // True when the current token, or the first one on a following line that may continue an
  // expression, is `expected`; the newlines before it are then consumed.
  bool continues_with(Kind expected) {
    if (kind() == expected) return true;
    if (tokens_[at_].kind == Kind::Newline && continues_across_lines(expected) &&
        kind_after_newlines() == expected) {
      skip_newlines();
      return true;
    }
    return false;
  }

  std::string describe() { return describe_token(text_, token()); }
  std::string where(std::uint32_t offset) const {
    Position p = position_of(text_, offset);
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
  }
  [[noreturn]] void fail_here(std::string message) {
    throw Failure{token().span.begin, std::move(message)};
  }

  // ---- nodes

  NodeId make(BicepNodeKind kind, std::uint32_t begin, std::uint32_t end) {
    BicepNode node;
    node.kind = kind;
    node.span = Span{begin, end};
    doc_.nodes_.push_back(node);
    return static_cast<NodeId>(doc_.nodes_.size() - 1);
  }
  NodeId make_token_node(BicepNodeKind kind) {
    BicepToken t = take();
    return make(kind, t.span.begin, t.span.end);
  }
  BicepNode& at(NodeId id) { return doc_.nodes_[id]; }
  void adopt(NodeId parent, NodeId child) {
    at(child).parent = parent;
    if (at(parent).last_child == kNoNode) {
      at(parent).first_child = child;
    } else {
      at(at(parent).last_child).next_sibling = child;
    }
    at(parent).last_child = child;
    ++at(parent).child_count;
  }
  void adopt_all(NodeId parent, const std::vector<NodeId>& children) {
    for (NodeId child : children)
      adopt(parent, child);
  }
  void close(NodeId id) { at(id).span.end = last_end_; }

  // ---- declarations

  std::vector<NodeId> decorators() {
    std::vector<NodeId> found;
    while (kind() == Kind::At) {
      std::uint32_t begin = take().span.begin;
      if (kind() != Kind::Identifier) fail_here("expected a decorator name, found " + describe());
      NodeId expression = postfix(primary());
      NodeId decorator = make(BicepNodeKind::Decorator, begin, last_end_);
      NodeId callee = doc_.is(expression, BicepNodeKind::Call) ? at(expression).value : expression;
      at(decorator).name =
          doc_.is(callee, BicepNodeKind::Access) ? at(callee).name : at(callee).span;
      at(decorator).value = expression;
      adopt(decorator, expression);
      found.push_back(decorator);
      skip_newlines();
    }
    return found;
  }

  NodeId statement() {
    std::vector<NodeId> decorated = decorators();
    if (kind() != Kind::Identifier) {
      fail_here(
          "expected a declaration (param, var, resource, module, output, type, func, ...), "
          "found " +
          describe());
    }
    std::string_view word = spelling(token());
    for (const auto& keyword : kDeclarationKeywords) {
      if (word == keyword.word) return declaration(keyword.kind, decorated);
    }
    fail_here(
        "expected a declaration (param, var, resource, module, output, type, func, ...), "
        "found " +
        describe());
  }

  NodeId declaration(BicepDeclarationKind kind_of, const std::vector<NodeId>& decorated) {
    std::uint32_t begin = decorated.empty() ? token().span.begin : at(decorated[0]).span.begin;
    NodeId node = make(BicepNodeKind::Declaration, begin, begin);
    at(node).declaration = kind_of;
    adopt_all(node, decorated);
    take();  // the keyword
    switch (kind_of) {
      case BicepDeclarationKind::Parameter:
        symbol(node, "a parameter name");
        set_type(node, type());
        if (kind() == Kind::Assign) {
          take();
          set_value(node, expression());
        }
        break;
      case BicepDeclarationKind::Variable:
        symbol(node, "a variable name");
        if (kind() != Kind::Assign) set_type(node, type());
        assignment(node);
        break;
      case BicepDeclarationKind::Resource:
      case BicepDeclarationKind::Module:
        return resource_or_module(node, kind_of);
      case BicepDeclarationKind::Output:
        symbol(node, "an output name");
        set_type(node, type());
        assignment(node);
        break;
      case BicepDeclarationKind::TypeAlias:
        symbol(node, "a type name");
        expect(Kind::Assign, "'='");
        set_type(node, type());
        break;
      case BicepDeclarationKind::Function:
        symbol(node, "a function name");
        set_type(node, function_signature());
        expect(Kind::Arrow, "'=>'");
        set_value(node, expression());
        break;
      case BicepDeclarationKind::Metadata:
      case BicepDeclarationKind::Assert:
        symbol(node, "a name");
        assignment(node);
        break;
      case BicepDeclarationKind::TargetScope:
        assignment(node);
        break;
      case BicepDeclarationKind::Import:
        set_value(node, rest_of_statement());
        break;
    }
    close(node);
    return node;
  }

  void symbol(NodeId node, const std::string& what) {
    at(node).name = expect(Kind::Identifier, what).span;
  }
  void set_type(NodeId node, NodeId type_node) {
    adopt(node, type_node);
    at(node).type = type_node;
  }
  void set_value(NodeId node, NodeId value) {
    adopt(node, value);
    at(node).value = value;
  }
  void assignment(NodeId node) {
    expect(Kind::Assign, "'='");
    set_value(node, expression());
  }

  NodeId resource_or_module(NodeId node, BicepDeclarationKind kind_of) {
    bool resource = kind_of == BicepDeclarationKind::Resource;
    symbol(node, resource ? "a resource name" : "a module name");
    if (kind() != Kind::String && kind() != Kind::StringLeft) {
      fail_here(std::string(resource ? "expected the resource type string 'Type@apiVersion'"
                                     : "expected the module path string") +
                ", found " + describe());
    }
    NodeId type_string = primary();
    adopt(node, type_string);
    at(node).type = type_string;
    if (resource && at_word("existing")) {
      take();
      at(node).existing = true;
    }
    expect(Kind::Assign, "'='");
    set_value(node, at_word("if") ? condition() : expression());
    close(node);
    return node;
  }

  // `if (condition) body`, the body of a conditional resource or module.
  NodeId condition() {
    std::uint32_t begin = take().span.begin;
    NodeId test;
    {
      NewlineMode ignored(*this, true);
      expect(Kind::LeftParen, "'(' after 'if'");
      test = expression();
      expect(Kind::RightParen, "')' to close the condition");
    }
    NodeId body = expression();
    NodeId node = make(BicepNodeKind::Condition, begin, last_end_);
    adopt(node, test);
    adopt(node, body);
    at(node).value = body;
    return node;
  }

  // import/extension/using: read to the end of the line, brackets balanced.
  NodeId rest_of_statement() {
    const BicepToken& keyword = tokens_[at_ - 1];
    if (tokens_[at_].kind == Kind::Newline || tokens_[at_].kind == Kind::EndOfFile) {
      fail_here("expected the rest of the '" + std::string(spelling(keyword)) +
                "' statement, found " + describe());
    }
    std::uint32_t begin = tokens_[at_].span.begin;
    std::vector<BicepToken> open;
    for (;;) {
      const BicepToken& t = tokens_[at_];
      if (t.kind == Kind::EndOfFile) {
        if (!open.empty()) unclosed(open.back());
        break;
      }
      if (t.kind == Kind::Newline && open.empty()) break;
      if (is_open(t.kind)) open.push_back(t);
      if (is_close(t.kind)) {
        if (open.empty()) fail_here("unexpected " + describe());
        open.pop_back();
      }
      if (t.kind == Kind::StringMiddle && open.empty()) fail_here("unexpected " + describe());
      take_raw();
    }
    return make(BicepNodeKind::Other, begin, std::max(begin, last_end_));
  }
  void take_raw() {
    if (tokens_[at_].kind != Kind::Newline) last_end_ = tokens_[at_].span.end;
    ++at_;
  }
  [[noreturn]] void unclosed(const BicepToken& open) {
    throw Failure{text_.size(), "expected the closing bracket of " + describe_token(text_, open) +
                                    " at " + where(open.span.begin) +
                                    ", found the end of the file"};
  }

  // ---- types, read for their extent

  NodeId type() {
    std::size_t first_new = doc_.nodes_.size();
    std::uint32_t begin = token().span.begin;
    type_union();
    return type_node(begin, first_new);
  }
  // Nodes made inside a type (decorators of its properties, interpolations) hang below it.
  NodeId type_node(std::uint32_t begin, std::size_t first_new) {
    NodeId node = make(BicepNodeKind::Type, begin, last_end_);
    for (std::size_t id = first_new; id < node; ++id) {
      if (at(static_cast<NodeId>(id)).parent == kNoNode) adopt(node, static_cast<NodeId>(id));
    }
    return node;
  }

  void type_union() {
    DepthGuard guard(*this);
    if (kind() == Kind::Pipe) take();
    type_postfix();
    // A union may continue on the next line: `type t =\n  | 'a'\n  | 'b'`.
    while (kind() == Kind::Pipe ||
           (tokens_[at_].kind == Kind::Newline && kind_after_newlines() == Kind::Pipe)) {
      skip_newlines();
      take();
      skip_newlines();
      type_postfix();
    }
  }

  void type_postfix() {
    type_primary();
    for (;;) {
      if (kind() == Kind::LeftBracket) {
        take();
        NewlineMode ignored(*this, true);
        if (kind() == Kind::Star) take();
        if (kind() != Kind::RightBracket) expression();
        expect(Kind::RightBracket, "']'");
      } else if (kind() == Kind::Question) {
        take();
      } else if (kind() == Kind::Dot) {
        take();
        if (kind() == Kind::Star) {
          take();
        } else {
          expect(Kind::Identifier, "a property name after '.'");
        }
      } else {
        return;
      }
    }
  }

  void type_primary() {
    switch (kind()) {
      case Kind::Identifier: {
        bool legacy_resource = at_word("resource") && lookahead().kind == Kind::String;
        take();
        if (legacy_resource) take();
        if (kind() == Kind::Less) type_arguments();
        return;
      }
      case Kind::String:
      case Kind::MultilineString:
      case Kind::Number:
        take();
        return;
      case Kind::StringLeft:
        interpolated_string();
        return;
      case Kind::Minus:
        take();
        expect(Kind::Number, "a number");
        return;
      case Kind::LeftBrace:
        object_type();
        return;
      case Kind::LeftBracket:
        tuple_type();
        return;
      case Kind::LeftParen: {
        take();
        NewlineMode ignored(*this, true);
        type_union();
        expect(Kind::RightParen, "')'");
        return;
      }
      default:
        fail_here("expected a type, found " + describe());
    }
  }

  void type_arguments() {
    take();
    NewlineMode ignored(*this, true);
    type_union();
    while (kind() == Kind::Comma) {
      take();
      type_union();
    }
    expect(Kind::Greater, "'>' to close the type arguments");
  }

  void object_type() {
    BicepToken open = take();
    NewlineMode separated(*this, false);
    skip_newlines();
    while (kind() != Kind::RightBrace) {
      if (kind() == Kind::EndOfFile) unclosed(open);
      decorators();
      if (kind() == Kind::Identifier || kind() == Kind::String || kind() == Kind::Star) {
        take();
      } else {
        fail_here("expected a property name, found " + describe());
      }
      if (kind() == Kind::Question) take();
      expect(Kind::Colon, "':' after the property name");
      type_union();
      separator(open, Kind::RightBrace, "property");
    }
    take();
  }

  void tuple_type() {
    BicepToken open = take();
    NewlineMode separated(*this, false);
    skip_newlines();
    while (kind() != Kind::RightBracket) {
      if (kind() == Kind::EndOfFile) unclosed(open);
      decorators();
      type_union();
      separator(open, Kind::RightBracket, "item");
    }
    take();
  }

  // `(a string, b int) returnType` of a func declaration.
  NodeId function_signature() {
    std::size_t first_new = doc_.nodes_.size();
    std::uint32_t begin = token().span.begin;
    {
      BicepToken open = expect(Kind::LeftParen, "'(' to start the parameters");
      NewlineMode ignored(*this, true);
      while (kind() != Kind::RightParen) {
        if (kind() == Kind::EndOfFile) unclosed(open);
        expect(Kind::Identifier, "a parameter name");
        type_union();
        if (kind() != Kind::Comma) break;
        take();
      }
      expect(Kind::RightParen, "')' to close the parameters");
    }
    type_union();
    return type_node(begin, first_new);
  }

  // After an object property or array item: a comma, new lines, or the closing bracket.
  void separator(const BicepToken& open, Kind closing, const char* what) {
    if (kind() == Kind::Comma) {
      take();
      skip_newlines();
    } else if (kind() == Kind::Newline) {
      skip_newlines();
    } else if (kind() == Kind::EndOfFile) {
      unclosed(open);
    } else if (kind() != closing) {
      fail_here(std::string("expected a new line, ',' or ") +
                (closing == Kind::RightBrace ? "'}'" : "']'") + " after the " + what + ", found " +
                describe());
    }
  }

  // ---- expressions

  NodeId expression() {
    DepthGuard guard(*this);
    NodeId test = binary(1);
    if (!continues_with(Kind::Question)) return test;
    take();
    skip_newlines();
    NodeId then_value = expression();
    if (!continues_with(Kind::Colon)) {
      fail_here("expected ':' in the conditional expression, found " + describe());
    }
    take();
    skip_newlines();
    NodeId else_value = expression();
    NodeId node = make(BicepNodeKind::Ternary, at(test).span.begin, last_end_);
    adopt(node, test);
    adopt(node, then_value);
    adopt(node, else_value);
    return node;
  }

  NodeId binary(int min_precedence) {
    NodeId left = unary();
    for (;;) {
      Kind op = kind();
      if (tokens_[at_].kind == Kind::Newline && continues_across_lines(kind_after_newlines()) &&
          precedence(kind_after_newlines()) > 0) {
        op = kind_after_newlines();
      }
      int strength = precedence(op);
      if (strength == 0 || strength < min_precedence) return left;
      skip_newlines();
      Span op_span = take().span;
      skip_newlines();
      // `??` groups to the right, the others to the left.
      NodeId right;
      {
        DepthGuard guard(*this);
        right = binary(op == Kind::DoubleQuestion ? strength : strength + 1);
      }
      NodeId node = make(BicepNodeKind::Binary, at(left).span.begin, last_end_);
      at(node).name = op_span;
      adopt(node, left);
      adopt(node, right);
      left = node;
    }
  }

  NodeId unary() {
    if (kind() == Kind::Exclamation || kind() == Kind::Minus) {
      DepthGuard guard(*this);
      std::uint32_t begin = take().span.begin;
      NodeId operand = unary();
      NodeId node = make(BicepNodeKind::Unary, begin, last_end_);
      adopt(node, operand);
      return node;
    }
    return postfix(primary());
  }

  NodeId postfix(NodeId base) {
    for (;;) {
      std::uint32_t begin = at(base).span.begin;
      Kind k = kind();
      if (k == Kind::Dot || k == Kind::DoubleColon) {
        take();
        if (k == Kind::Dot && kind() == Kind::Question) take();
        Span name = expect(Kind::Identifier, "a property name").span;
        NodeId node = make(BicepNodeKind::Access, begin, last_end_);
        at(node).name = name;
        adopt(node, base);
        base = node;
      } else if (k == Kind::LeftBracket) {
        take();
        NewlineMode ignored(*this, true);
        if (kind() == Kind::Question) take();
        NodeId index = expression();
        expect(Kind::RightBracket, "']' to close the index");
        NodeId node = make(BicepNodeKind::Index, begin, last_end_);
        adopt(node, base);
        adopt(node, index);
        base = node;
      } else if (k == Kind::LeftParen) {
        base = call(base);
      } else if (k == Kind::Exclamation) {
        take();
        NodeId node = make(BicepNodeKind::NonNullAssert, begin, last_end_);
        adopt(node, base);
        base = node;
      } else {
        return base;
      }
    }
  }

  NodeId call(NodeId callee) {
    BicepToken open = take();
    NewlineMode ignored(*this, true);
    std::vector<NodeId> arguments;
    while (kind() != Kind::RightParen) {
      if (kind() == Kind::EndOfFile) unclosed(open);
      arguments.push_back(expression());
      if (kind() != Kind::Comma) break;
      take();
    }
    expect(Kind::RightParen, "',' or ')' in the argument list");
    NodeId node = make(BicepNodeKind::Call, at(callee).span.begin, last_end_);
    at(node).value = callee;
    adopt(node, callee);
    adopt_all(node, arguments);
    return node;
  }

  NodeId primary() {
    switch (kind()) {
      case Kind::Identifier:
        return identifier();
      case Kind::Number:
        return make_token_node(BicepNodeKind::Number);
      case Kind::String:
        return make_token_node(BicepNodeKind::String);
      case Kind::MultilineString:
        return make_token_node(BicepNodeKind::MultilineString);
      case Kind::StringLeft:
        return interpolated_string();
      case Kind::LeftBrace:
        return object();
      case Kind::LeftBracket:
        return array();
      case Kind::LeftParen:
        return is_lambda_list() ? lambda() : parenthesized();
      default:
        fail_here("expected a value, found " + describe());
    }
  }

  NodeId identifier() {
    std::string_view word = spelling(token());
    if (lookahead().kind == Kind::Arrow) return lambda();
    if (word == "true") return make_token_node(BicepNodeKind::True);
    if (word == "false") return make_token_node(BicepNodeKind::False);
    if (word == "null") return make_token_node(BicepNodeKind::Null);
    return make_token_node(BicepNodeKind::Identifier);
  }

  // `(a, b) =>` rather than `(expression)`: the parenthesis is followed by an arrow.
  bool is_lambda_list() {
    token();
    int depth = 0;
    for (std::size_t i = at_; i < tokens_.size(); ++i) {
      Kind k = tokens_[i].kind;
      if (k == Kind::EndOfFile) return false;
      if (is_open(k)) ++depth;
      if (is_close(k) && --depth == 0) {
        std::size_t next = i + 1;
        while (tokens_[next].kind == Kind::Newline)
          ++next;
        return tokens_[next].kind == Kind::Arrow;
      }
    }
    return false;
  }

  NodeId lambda() {
    std::uint32_t begin = token().span.begin;
    std::vector<NodeId> parameters;
    if (kind() == Kind::LeftParen) {
      BicepToken open = take();
      NewlineMode ignored(*this, true);
      while (kind() != Kind::RightParen) {
        if (kind() == Kind::EndOfFile) unclosed(open);
        if (kind() != Kind::Identifier) fail_here("expected a parameter name, found " + describe());
        parameters.push_back(make_token_node(BicepNodeKind::Identifier));
        if (kind() != Kind::Comma) break;
        take();
      }
      expect(Kind::RightParen, "')' to close the lambda's parameters");
    } else {
      parameters.push_back(make_token_node(BicepNodeKind::Identifier));
    }
    expect(Kind::Arrow, "'=>'");
    skip_newlines();
    NodeId body = expression();
    NodeId node = make(BicepNodeKind::Lambda, begin, last_end_);
    adopt_all(node, parameters);
    adopt(node, body);
    at(node).value = body;
    return node;
  }

  NodeId parenthesized() {
    std::uint32_t begin = take().span.begin;
    NewlineMode ignored(*this, true);
    NodeId inner = expression();
    expect(Kind::RightParen, "')'");
    NodeId node = make(BicepNodeKind::Parenthesized, begin, last_end_);
    adopt(node, inner);
    return node;
  }

  NodeId interpolated_string() {
    BicepToken open = take();
    NodeId node = make(BicepNodeKind::InterpolatedString, open.span.begin, open.span.end);
    for (;;) {
      NewlineMode ignored(*this, true);
      adopt(node, expression());
      if (kind() == Kind::StringMiddle) {
        take();
        continue;
      }
      if (kind() != Kind::StringRight) {
        fail_here("expected '}' to close the interpolation '${', found " + describe());
      }
      take();
      break;
    }
    close(node);
    return node;
  }

  NodeId object() {
    NewlineMode separated(*this, false);
    BicepToken open = take();
    NodeId node = make(BicepNodeKind::Object, open.span.begin, open.span.end);
    skip_newlines();
    std::unordered_map<std::string, std::uint32_t> keys;  // each key's offset
    while (kind() != Kind::RightBrace) {
      if (kind() == Kind::EndOfFile) unclosed(open);
      NodeId member = object_member();
      adopt(node, member);
      reject_repeated_key(member, keys);
      separator(open, Kind::RightBrace, "property");
    }
    take();
    close(node);
    return node;
  }

  NodeId object_member() {
    std::vector<NodeId> decorated = decorators();
    std::uint32_t begin = decorated.empty() ? token().span.begin : at(decorated[0]).span.begin;
    if (kind() == Kind::Ellipsis) {
      if (!decorated.empty()) fail_here("a spread cannot have decorators");
      return spread();
    }
    if (at_word("resource") && lookahead().kind == Kind::Identifier) {
      return declaration(BicepDeclarationKind::Resource, decorated);
    }
    NodeId key;
    if (kind() == Kind::Identifier) {
      key = make_token_node(BicepNodeKind::Identifier);
    } else if (kind() == Kind::String) {
      key = make_token_node(BicepNodeKind::String);
    } else if (kind() == Kind::StringLeft) {
      key = interpolated_string();
    } else {
      fail_here("expected a property name, found " + describe());
    }
    expect(Kind::Colon, "':' after the property name");
    NodeId value = expression();
    NodeId node = make(BicepNodeKind::Property, begin, last_end_);
    at(node).name = at(key).span;
    adopt_all(node, decorated);
    adopt(node, key);
    adopt(node, value);
    at(node).value = value;
    return node;
  }

  // Bicep compares property names exactly, and refuses an object that repeats one (BCP025).
  void reject_repeated_key(NodeId member, std::unordered_map<std::string, std::uint32_t>& keys) {
    std::optional<std::string> key = doc_.key(member);  // none for a spread or interpolation
    if (!key) return;
    const std::uint32_t offset = at(member).name.begin;
    auto [earlier, inserted] = keys.emplace(*key, offset);
    if (inserted) return;
    const Position first = position_of(text_, earlier->second);
    throw Failure{offset, "property '" + *key + "' given twice in one object (also at " +
                              std::to_string(first.line) + ":" + std::to_string(first.column) +
                              "); Bicep does not compile it"};
  }

  NodeId spread() {
    std::uint32_t begin = take().span.begin;
    NodeId inner = expression();
    NodeId node = make(BicepNodeKind::Spread, begin, last_end_);
    adopt(node, inner);
    at(node).value = inner;
    return node;
  }

  NodeId array() {
    NewlineMode separated(*this, false);
    BicepToken open = take();
    skip_newlines();
    if (at_word("for")) return for_loop(open);
    NodeId node = make(BicepNodeKind::Array, open.span.begin, open.span.end);
    while (kind() != Kind::RightBracket) {
      if (kind() == Kind::EndOfFile) unclosed(open);
      adopt(node, kind() == Kind::Ellipsis ? spread() : expression());
      separator(open, Kind::RightBracket, "item");
    }
    take();
    close(node);
    return node;
  }

  // `[for item in items: body]`, `[for (item, i) in items: if (c) body]`.
  NodeId for_loop(const BicepToken& open) {
    NodeId node = make(BicepNodeKind::ForLoop, open.span.begin, open.span.begin);
    NewlineMode ignored(*this, true);
    take();  // for
    if (kind() == Kind::LeftParen) {
      take();
      adopt(node, make_token_node_expecting("a loop variable"));
      expect(Kind::Comma, "',' between the loop variables");
      adopt(node, make_token_node_expecting("an index variable"));
      expect(Kind::RightParen, "')' after the loop variables");
    } else {
      adopt(node, make_token_node_expecting("a loop variable"));
    }
    expect_word("in");
    adopt(node, expression());
    expect(Kind::Colon, "':' after the loop's collection");
    NodeId body = at_word("if") ? condition() : expression();
    adopt(node, body);
    at(node).value = body;
    if (kind() == Kind::EndOfFile) unclosed(open);
    expect(Kind::RightBracket, "']' to close the loop");
    close(node);
    return node;
  }

  NodeId make_token_node_expecting(const std::string& what) {
    if (kind() != Kind::Identifier) fail_here("expected " + what + ", found " + describe());
    return make_token_node(BicepNodeKind::Identifier);
  }

  BicepDocument& doc_;
  std::string_view text_;
  std::vector<BicepToken> tokens_;
  BicepParseLimits limits_;
  std::size_t at_ = 0;
  std::uint32_t last_end_ = 0;
  int newlines_ignored_ = 0;
  std::uint32_t depth_ = 0;
};

Result<BicepDocument, SourceError> BicepDocument::parse(std::string text, BicepParseLimits limits) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    return SourceError{Position{}, 0, "file too large: at most 4 GiB"};
  }
  if (auto refusal = unsupported_encoding(text)) return SourceError{Position{}, 0, *refusal};
  BicepTokens lexed = lex_bicep(text);
  BicepDocument document;
  document.text_ = std::move(text);
  document.has_bom_ = lexed.has_bom;
  document.comments_ = std::move(lexed.comments);
  try {
    BicepParser(document, std::move(lexed.tokens), limits).run();
  } catch (const Failure& failure) {
    // The tokens stop at a lexical error: a grammar error before it is the file's first.
    if (!lexed.error || failure.offset < lexed.error->offset) {
      return SourceError{position_of(document.text_, failure.offset), failure.offset,
                         failure.message};
    }
  }
  if (lexed.error) return *lexed.error;
  return document;
}

}  // namespace armfix
