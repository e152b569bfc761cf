// A three-valued evaluator of Bicep expressions: symbols resolve to parameter defaults and
// variable values, operators and functions apply the ARM functions they compile to, and what
// depends on the deployment is unknown, with a reason.
#include "bicep/bicep_evaluator.hpp"

#include <charconv>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "core/ascii.hpp"
#include "json/arm_functions.hpp"

namespace armfix {

namespace {

// As the ARM evaluator: hostile files (10,000 nested arrays, variables that refer to each
// other 10,000 deep) must neither overflow the stack nor hang.
constexpr int kMaxEvaluationDepth = 400;
// Values cached along a chain of variables (`var v2 = [v1]`) could nest past any evaluation
// depth; nlohmann copies and compares recursively, so deeper values are not kept.
constexpr int kMaxValueDepth = 400;

Evaluated too_deep() {
  return Evaluated::unknown("evaluation nested deeper than " + std::to_string(kMaxEvaluationDepth) +
                            " levels");
}

// An argument list evaluated as the ARM function asks for each argument.
class LazyArguments final : public ArmArguments {
 public:
  LazyArguments(std::vector<NodeId> nodes, std::function<Evaluated(NodeId)> eval)
      : nodes_(std::move(nodes)), eval_(std::move(eval)) {}
  std::size_t size() const override { return nodes_.size(); }
  Evaluated at(std::size_t index) const override { return eval_(nodes_[index]); }

 private:
  std::vector<NodeId> nodes_;
  std::function<Evaluated(NodeId)> eval_;
};

// Whether a value nests no deeper than `limit`; stops as soon as it does, so that the check
// itself stays shallow.
bool nests_within(const nlohmann::json& value, int limit) {
  if (!value.is_structured()) return true;
  if (limit == 0) return false;
  for (const auto& member : value) {
    if (!nests_within(member, limit - 1)) return false;
  }
  return true;
}

Evaluated bounded(Evaluated value) {
  if (!value.known()) return value;
  if (!nests_within(*value.value, kMaxValueDepth) || !within_arm_size_limits(*value.value)) {
    return Evaluated::unknown("the value is too large to evaluate");
  }
  return value;
}

// The member of an object named `name`, exact spelling first, then ignoring case, as ARM
// looks properties up.
const nlohmann::json* find_member(const nlohmann::json& object, std::string_view name) {
  auto exact = object.find(std::string(name));
  if (exact != object.end()) return &*exact;
  for (const auto& [key, member] : object.items()) {
    if (equals_ignore_case(key, name)) return &member;
  }
  return nullptr;
}

// Functions ARM has and Bicep does not: Bicep writes them as operators (`==`, `&&`, `? :`),
// keywords (`true`, `null`) or symbols (parameters and variables by name).
bool arm_only_function(const std::string& name) {
  static const std::set<std::string> kNames = {
      "parameters",  "variables",       "if",          "not",  "and",   "or",
      "equals",      "greater",         "less",        "true", "false", "null",
      "createarray", "greaterorequals", "lessorequals"};
  return kNames.count(name) != 0;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_blank(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back()))
    text.remove_suffix(1);
  return text;
}

// .NET composite format text for a literal piece: braces doubled.
std::string format_literal(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '{' || c == '}') out += c;
  }
  return out;
}

std::optional<std::int64_t> checked(std::int64_t a, std::int64_t b, std::string_view op) {
  std::int64_t result = 0;
  if (op == "+" && !__builtin_add_overflow(a, b, &result)) return result;
  if (op == "-" && !__builtin_sub_overflow(a, b, &result)) return result;
  if (op == "*" && !__builtin_mul_overflow(a, b, &result)) return result;
  const bool overflows = a == std::numeric_limits<std::int64_t>::min() && b == -1;
  if (op == "/" && b != 0 && !overflows) return a / b;
  if (op == "%" && b != 0 && !overflows) return a % b;
  return std::nullopt;
}

}  // namespace

BicepEvaluator::BicepEvaluator(const BicepDocument& document) : doc_(document) {
  if (doc_.root() == kNoNode) return;
  for (NodeId child : doc_.children(doc_.root())) {
    const BicepNode& node = doc_.node(child);
    if (node.kind != BicepNodeKind::Declaration || node.name.size() == 0) continue;
    symbols_.emplace(doc_.source(node.name), child);  // the first declaration of a name wins
  }
}

Evaluated BicepEvaluator::evaluate(NodeId expression) const {
  try {
    return bounded(eval(expression));
  } catch (const std::exception& error) {
    return Evaluated::unknown(std::string("evaluation failed: ") + error.what());
  } catch (...) {
    return Evaluated::unknown("evaluation failed");
  }
}

Evaluated BicepEvaluator::eval(NodeId node) const {
  if (node == kNoNode) return Evaluated::unknown("the value is missing");
  struct Depth {
    int& depth;
    explicit Depth(int& d) : depth(d) { ++depth; }
    ~Depth() { --depth; }
  } guard(depth_);
  if (depth_ > kMaxEvaluationDepth) return too_deep();
  return eval_kind(node);
}

Evaluated BicepEvaluator::eval_kind(NodeId node) const {
  const BicepNode& n = doc_.node(node);
  switch (n.kind) {
    case BicepNodeKind::Null:
      return Evaluated::of(nullptr);
    case BicepNodeKind::True:
      return Evaluated::of(true);
    case BicepNodeKind::False:
      return Evaluated::of(false);
    case BicepNodeKind::Number:
      return number(node);
    case BicepNodeKind::String:
    case BicepNodeKind::MultilineString:
      return string_literal(node);
    case BicepNodeKind::InterpolatedString:
      return interpolated(node);
    case BicepNodeKind::Object:
      return object(node);
    case BicepNodeKind::Array:
      return array(node);
    case BicepNodeKind::Identifier:
      return symbol(node);
    case BicepNodeKind::Parenthesized:
    case BicepNodeKind::NonNullAssert:
      return eval(n.first_child);
    case BicepNodeKind::Access:
      return access(node);
    case BicepNodeKind::Index:
      return index(node);
    case BicepNodeKind::Unary:
      return unary(node);
    case BicepNodeKind::Binary:
      return binary(node);
    case BicepNodeKind::Ternary:
      return ternary(node);
    case BicepNodeKind::Call:
      return call(node);
    case BicepNodeKind::ForLoop:
      return Evaluated::unknown("a loop ([for ...]) is not evaluated");
    case BicepNodeKind::Lambda:
      return Evaluated::unknown("a lambda is not evaluated");
    default:
      return Evaluated::unknown("not an expression");
  }
}

// ---------------------------------------------------------------------------------------------
// Symbols

Evaluated BicepEvaluator::symbol_value(std::string_view name) const {
  auto found = symbols_.find(name);
  if (found == symbols_.end()) {
    return Evaluated::unknown("'" + std::string(name) + "' is not a parameter or variable");
  }
  return declared_value(found->second);
}

Evaluated BicepEvaluator::symbol(NodeId identifier) const {
  const std::string_view name = doc_.source(doc_.node(identifier).span);
  auto found = symbols_.find(name);
  if (found == symbols_.end()) {
    return Evaluated::unknown("'" + std::string(name) + "' is not a parameter or variable");
  }
  const BicepNode& declaration = doc_.node(found->second);
  switch (declaration.declaration) {
    case BicepDeclarationKind::Parameter:
    case BicepDeclarationKind::Variable:
      return declared_value(found->second);
    case BicepDeclarationKind::Resource:
    case BicepDeclarationKind::Module:
      return Evaluated::unknown("'" + std::string(name) + "' is known only at deployment");
    default:
      return Evaluated::unknown("'" + std::string(name) + "' is not a parameter or variable");
  }
}

// A parameter's or variable's value, evaluated once; one met again while it is being evaluated
// refers to itself.
Evaluated BicepEvaluator::declared_value(NodeId declaration) const {
  auto cached = cache_.find(declaration);
  if (cached != cache_.end()) return cached->second;
  const bool parameter = doc_.node(declaration).declaration == BicepDeclarationKind::Parameter;
  const std::string quoted = std::string(parameter ? "parameter '" : "variable '") +
                             std::string(doc_.symbol(declaration)) + "'";
  if (in_progress_.count(declaration) != 0) return Evaluated::unknown(quoted + " refers to itself");
  // Cleared however the evaluation ends, so that a later lookup does not take it for a cycle.
  struct Mark {
    std::set<NodeId>& marks;
    NodeId id;
    ~Mark() { marks.erase(id); }
  } mark{in_progress_, declaration};
  in_progress_.insert(declaration);
  Evaluated result = bounded(compute_declared(declaration));
  cache_.emplace(declaration, result);
  return result;
}

Evaluated BicepEvaluator::compute_declared(NodeId declaration) const {
  const BicepNode& node = doc_.node(declaration);
  if (node.declaration == BicepDeclarationKind::Parameter) return parameter_value(declaration);
  return eval(node.value);
}

Evaluated BicepEvaluator::parameter_value(NodeId declaration) const {
  const BicepNode& node = doc_.node(declaration);
  if (node.value != kNoNode) return eval(node.value);
  // `param x string?` left out is null.
  const std::string_view type = node.type == kNoNode ? "" : doc_.source(doc_.node(node.type).span);
  if (!trimmed(type).empty() && trimmed(type).back() == '?') return Evaluated::of(nullptr);
  return Evaluated::unknown("parameter '" + std::string(doc_.symbol(declaration)) +
                            "' has no default value");
}

// The resource or module declaration an expression names as a bare symbol; kNoNode otherwise.
NodeId BicepEvaluator::resource_symbol(NodeId expression) const {
  while (doc_.is(expression, BicepNodeKind::Parenthesized) ||
         doc_.is(expression, BicepNodeKind::NonNullAssert)) {
    expression = doc_.node(expression).first_child;
  }
  if (!doc_.is(expression, BicepNodeKind::Identifier)) return kNoNode;
  auto found = symbols_.find(doc_.source(doc_.node(expression).span));
  if (found == symbols_.end()) return kNoNode;
  const auto kind = doc_.node(found->second).declaration;
  const bool deploys =
      kind == BicepDeclarationKind::Resource || kind == BicepDeclarationKind::Module;
  return deploys ? found->second : kNoNode;
}

// `sym.id` is a resource ID, `sym.name`, `.type` and `.apiVersion` are what the declaration
// says; anything else (`sym.properties`, a module's outputs) is the deployment's.
Evaluated BicepEvaluator::resource_member(NodeId declaration, std::string_view member) const {
  const std::string symbol(doc_.symbol(declaration));
  const BicepNode& node = doc_.node(declaration);
  if (doc_.is(node.value, BicepNodeKind::ForLoop)) {
    return Evaluated::unknown("'" + symbol + "' is a loop ([for ...]), which is not evaluated");
  }
  if (member == "id") return Evaluated::unknown(symbol + ".id is known only at deployment", true);
  if (member == "name") {
    NodeId name = doc_.find_property(doc_.body_object(declaration), "name");
    if (name != kNoNode) return eval(doc_.node(name).value);
    // A module without a name gets one Bicep generates from the deployment.
    return Evaluated::unknown(symbol + ".name is known only at deployment", true);
  }
  const bool resource = node.declaration == BicepDeclarationKind::Resource;
  auto type = resource ? doc_.string_value(node.type) : std::nullopt;
  if (type && (member == "type" || member == "apiVersion")) {
    const std::size_t at = type->find('@');
    if (at != std::string::npos) {
      return Evaluated::of(member == "type" ? type->substr(0, at) : type->substr(at + 1));
    }
  }
  return Evaluated::unknown(symbol + "." + std::string(member) + " is known only at deployment");
}

// ---------------------------------------------------------------------------------------------
// Literals

Evaluated BicepEvaluator::number(NodeId node) const {
  const std::string_view text = doc_.source(doc_.node(node).span);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) {
    return Evaluated::unknown("an integer beyond 64 bits is not evaluated");
  }
  if (error != std::errc() || end != text.data() + text.size()) {
    return Evaluated::unknown("malformed number '" + std::string(text) + "'");
  }
  return Evaluated::of(value);
}

Evaluated BicepEvaluator::string_literal(NodeId node) const {
  auto text = doc_.string_value(node);
  if (!text) return Evaluated::unknown("malformed string literal");
  return Evaluated::of(std::move(*text));
}

// `'a${x}b'` compiles to format('a{0}b', x): the same text, integers as digits, booleans as
// True/False, as .NET writes them.
Evaluated BicepEvaluator::interpolated(NodeId node) const {
  const BicepNode& n = doc_.node(node);
  const std::vector<NodeId> holes = doc_.children(node);
  std::string format;
  std::uint32_t from = n.span.begin + 1;  // after the opening quote
  for (std::size_t i = 0; i <= holes.size(); ++i) {
    const bool last = i == holes.size();
    const std::uint32_t to = last ? n.span.end - 1 : doc_.node(holes[i]).span.begin;
    std::string_view piece = doc_.source(Span{from, to});
    if (i > 0) {  // after the previous hole: its closing brace
      piece = trimmed(piece);
      if (piece.empty() || piece.front() != '}') {
        return Evaluated::unknown("interpolation with comments is not evaluated");
      }
      piece.remove_prefix(1);
    }
    if (!last) {  // before this hole: its opening `${`
      while (!piece.empty() && is_blank(piece.back()))
        piece.remove_suffix(1);
      if (piece.size() < 2 || piece.substr(piece.size() - 2) != "${") {
        return Evaluated::unknown("interpolation with comments is not evaluated");
      }
      piece.remove_suffix(2);
    }
    auto literal = decode_bicep_string("'" + std::string(piece) + "'");
    if (!literal) return Evaluated::unknown("malformed string literal");
    format += format_literal(*literal);
    if (!last) format += "{" + std::to_string(i) + "}";
    if (!last) from = doc_.node(holes[i]).span.end;
  }
  std::vector<NodeId> arguments = holes;
  arguments.insert(arguments.begin(), kNoNode);  // the format string, known
  return apply_arm_function("format", LazyArguments(arguments, [&](NodeId argument) {
                              return argument == kNoNode ? Evaluated::of(format) : eval(argument);
                            }));
}

// The key of an object's property: as written, or an interpolated key evaluated.
Evaluated BicepEvaluator::property_key(NodeId property, std::string& key) const {
  if (auto spelled = doc_.key(property)) {
    key = std::move(*spelled);
    return Evaluated::of(nullptr);
  }
  const BicepNode& n = doc_.node(property);
  for (NodeId child : doc_.children(property)) {
    if (doc_.node(child).span.begin != n.name.begin || child == n.value) continue;
    Evaluated evaluated = eval(child);
    if (!evaluated.known()) return Evaluated::unknown(evaluated.unknown_reason);
    if (!evaluated.value->is_string()) return Evaluated::unknown("invalid object key");
    key = evaluated.value->get<std::string>();
    return Evaluated::of(nullptr);
  }
  return Evaluated::unknown("invalid object key");
}

// Member by member; `...x` spreads an object's members, later ones winning.
Evaluated BicepEvaluator::object(NodeId node) const {
  nlohmann::json result = nlohmann::json::object();
  for (NodeId child : doc_.children(node)) {
    const BicepNode& member = doc_.node(child);
    if (member.kind == BicepNodeKind::Declaration) continue;  // a nested resource
    Evaluated value = eval(member.value);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    if (member.kind == BicepNodeKind::Spread) {
      if (!value.value->is_object()) return Evaluated::unknown("invalid spread: not an object");
      for (auto& [key, spread] : value.value->items())
        result[key] = std::move(spread);
      continue;
    }
    std::string key;
    Evaluated checked = property_key(child, key);
    if (!checked.known()) return checked;
    result[key] = std::move(*value.value);
  }
  return Evaluated::of(std::move(result));
}

// Item by item; `...x` spreads an array's elements.
Evaluated BicepEvaluator::array(NodeId node) const {
  nlohmann::json result = nlohmann::json::array();
  for (NodeId child : doc_.children(node)) {
    const bool spread = doc_.is(child, BicepNodeKind::Spread);
    Evaluated value = eval(spread ? doc_.node(child).value : child);
    if (!value.known()) return Evaluated::unknown(value.unknown_reason);
    if (!spread) {
      result.push_back(std::move(*value.value));
      continue;
    }
    if (!value.value->is_array()) return Evaluated::unknown("invalid spread: not an array");
    for (auto& element : *value.value)
      result.push_back(std::move(element));
  }
  return Evaluated::of(std::move(result));
}

// ---------------------------------------------------------------------------------------------
// Operators and calls

// Whether a `?` (safe access `a.?b`, `a[?b]`) follows the target before `end`.
bool BicepEvaluator::safe_after(NodeId target, std::uint32_t end) const {
  const std::string_view between = doc_.source(Span{doc_.node(target).span.end, end});
  return between.find('?') != std::string_view::npos;
}

Evaluated BicepEvaluator::access(NodeId node) const {
  const BicepNode& n = doc_.node(node);
  const NodeId target = n.first_child;
  const std::string_view between = doc_.source(Span{doc_.node(target).span.end, n.name.begin});
  if (between.find("::") != std::string_view::npos) {
    return Evaluated::unknown("a nested resource (a::b) is not evaluated");
  }
  const std::string_view member = doc_.source(n.name);
  if (NodeId resource = resource_symbol(target); resource != kNoNode) {
    return resource_member(resource, member);
  }
  Evaluated value = eval(target);
  if (safe_after(target, n.name.begin) && value.known()) {
    // `a.?b`: null when a is null or has no member b.
    if (value.value->is_null()) return value;
    if (value.value->is_object() && !find_member(*value.value, member)) {
      return Evaluated::of(nullptr);
    }
  }
  return arm_property(value, member);
}

Evaluated BicepEvaluator::index(NodeId node) const {
  const std::vector<NodeId> parts = doc_.children(node);
  Evaluated target = eval(parts[0]);
  Evaluated key = eval(parts[1]);
  if (safe_after(parts[0], doc_.node(parts[1]).span.begin) && target.known() && key.known()) {
    // `a[?k]`: null when a is null, has no member k or no element k.
    const nlohmann::json& t = *target.value;
    const nlohmann::json& k = *key.value;
    if (t.is_null()) return target;
    if (t.is_object() && k.is_string() && !find_member(t, k.get<std::string>())) {
      return Evaluated::of(nullptr);
    }
    if (t.is_array() && k.is_number_integer() &&
        (k.get<std::int64_t>() < 0 ||
         static_cast<std::uint64_t>(k.get<std::int64_t>()) >= t.size())) {
      return Evaluated::of(nullptr);
    }
  }
  return arm_index(target, key);
}

// `!a` compiles to not(a), `-a` to the negated integer.
Evaluated BicepEvaluator::unary(NodeId node) const {
  const BicepNode& n = doc_.node(node);
  const char op = doc_.text()[n.span.begin];
  Evaluated operand = eval(n.first_child);
  if (op == '!') return apply_arm_function("not", {operand});
  if (!operand.known()) return Evaluated::unknown(operand.unknown_reason);
  if (!operand.value->is_number_integer()) return Evaluated::unknown("invalid operand of '-'");
  auto negated = checked(0, operand.value->get<std::int64_t>(), "-");
  if (!negated) return Evaluated::unknown("invalid operand of '-': the result overflows");
  return Evaluated::of(*negated);
}

// Each operator as the ARM function it compiles to: `&&` and(), `||` or(), `==` equals(),
// `=~` equals() of toLower(), `<` less(), `??` coalesce(); arithmetic on integers.
Evaluated BicepEvaluator::binary(NodeId node) const {
  const BicepNode& n = doc_.node(node);
  const std::string_view op = doc_.source(n.name);
  const NodeId left = n.first_child;
  const NodeId right = doc_.node(left).next_sibling;
  auto lazy = [&](std::vector<NodeId> nodes) {
    return LazyArguments(std::move(nodes), [this](NodeId id) { return eval(id); });
  };
  static const std::map<std::string_view, const char*> kFunctions = {
      {"&&", "and"},          {"||", "or"},     {"==", "equals"},          {"<", "less"},
      {"<=", "lessOrEquals"}, {">", "greater"}, {">=", "greaterOrEquals"}, {"??", "coalesce"}};
  if (auto function = kFunctions.find(op); function != kFunctions.end()) {
    return apply_arm_function(function->second, lazy({left, right}));
  }
  if (op == "!=")
    return apply_arm_function("not", {apply_arm_function("equals", lazy({left, right}))});
  if (op == "=~" || op == "!~") {
    Evaluated a = apply_arm_function("toLower", lazy({left}));
    Evaluated b = apply_arm_function("toLower", lazy({right}));
    Evaluated same = apply_arm_function("equals", {a, b});
    return op == "=~" ? same : apply_arm_function("not", {same});
  }
  return arithmetic(op, left, right);
}

Evaluated BicepEvaluator::arithmetic(std::string_view op, NodeId left, NodeId right) const {
  Evaluated a = eval(left);
  Evaluated b = eval(right);
  if (!a.known()) return Evaluated::unknown(a.unknown_reason);
  if (!b.known()) return Evaluated::unknown(b.unknown_reason);
  const std::string quoted = "'" + std::string(op) + "'";
  if (!a.value->is_number_integer() || !b.value->is_number_integer()) {
    return Evaluated::unknown("invalid operands of " + quoted + ": it takes integers");
  }
  const auto x = a.value->get<std::int64_t>();
  const auto y = b.value->get<std::int64_t>();
  if ((op == "/" || op == "%") && y == 0) {
    return Evaluated::unknown("invalid operands of " + quoted + ": division by zero");
  }
  auto result = checked(x, y, op);
  if (!result)
    return Evaluated::unknown("invalid operands of " + quoted + ": the result overflows");
  return Evaluated::of(*result);
}

// `c ? a : b` compiles to if(c, a, b): only the branch taken is evaluated.
Evaluated BicepEvaluator::ternary(NodeId node) const {
  return apply_arm_function(
      "if", LazyArguments(doc_.children(node), [this](NodeId id) { return eval(id); }));
}

// A function of the `sys` or `az` namespace, which may be named without it.
Evaluated BicepEvaluator::call(NodeId node) const {
  std::string name(doc_.call_name(node));
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos) {
    const std::string space = name.substr(0, dot);
    if (space != "sys" && space != "az") {
      return Evaluated::unknown("function '" + name + "' is not evaluated");
    }
    name = name.substr(dot + 1);
  }
  auto declared = symbols_.find(name);
  const bool user_defined =
      dot == std::string::npos && declared != symbols_.end() &&
      doc_.node(declared->second).declaration == BicepDeclarationKind::Function;
  if (user_defined || arm_only_function(to_lower_ascii(name))) {
    return Evaluated::unknown("function '" + name + "' is not evaluated");
  }
  return apply_arm_function(
      name, LazyArguments(doc_.call_arguments(node), [this](NodeId id) { return eval(id); }));
}

}  // namespace armfix
