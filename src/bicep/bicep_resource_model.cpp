// Bicep values as the resource model's shapes: literals, objects and arrays are what they
// look like; a symbol, a call, an operator or an interpolated string is an expression, which
// the Bicep evaluator evaluates under the parameters' defaults.
#include "bicep/bicep_resource_model.hpp"

#include "bicep/bicep_editor.hpp"
#include "core/ascii.hpp"

namespace armfix {

namespace {

NodeId unparenthesized(const BicepDocument& doc, NodeId node) {
  while (doc.is(node, BicepNodeKind::Parenthesized))
    node = doc.node(node).first_child;
  return node;
}

}  // namespace

namespace {

// A declaration's type without its apiVersion; a nested declaration's short type (`agentPools`)
// is qualified by its parent's.
std::optional<std::string> type_of(const BicepDocument& doc, NodeId declaration,
                                   const std::string& parent_type) {
  auto declared = doc.string_value(doc.node(declaration).type);
  if (!declared) return std::nullopt;
  std::string type = declared->substr(0, declared->find('@'));
  if (!parent_type.empty() && type.find('/') == std::string::npos) type = parent_type + "/" + type;
  return type;
}

}  // namespace

// Top-level declarations, and the resource declarations nested in a deployed resource's body.
void BicepResourceModel::collect_deployed(NodeId declaration, const std::string& parent_type,
                                          const JsonPointer& parent, std::string_view type,
                                          std::vector<ResourceRef>& out) const {
  auto declared = type_of(doc_, declaration, parent_type);
  if (!declared) return;
  // A child declared in an `existing` parent is deployed.
  if (!doc_.node(declaration).existing && equals_ignore_case(*declared, type)) {
    ResourceRef ref = ref_of(declaration);
    if (!parent.is_root()) ref.pointer = parent / "resources" / ref.name;
    out.push_back(std::move(ref));
  }
  NodeId body = doc_.body_object(declaration);
  if (body == kNoNode) return;
  const JsonPointer here = (parent.is_root() ? JsonPointer({"resources"}) : parent / "resources") /
                           std::string(doc_.symbol(declaration));
  for (NodeId child : doc_.children(body)) {
    if (doc_.is(child, BicepNodeKind::Declaration) &&
        doc_.node(child).declaration == BicepDeclarationKind::Resource) {
      collect_deployed(child, *declared, here, type, out);
    }
  }
}

std::vector<ResourceRef> BicepResourceModel::deployed(std::string_view type) const {
  std::vector<ResourceRef> resources;
  for (NodeId declaration : doc_.declarations(BicepDeclarationKind::Resource))
    collect_deployed(declaration, "", JsonPointer(), type, resources);
  return resources;
}

ResourceRef BicepResourceModel::ref_of(NodeId declaration) const {
  ResourceRef ref;
  ref.node = declaration;
  ref.index = declaration;
  ref.name = std::string(doc_.symbol(declaration));
  ref.pointer = JsonPointer({"resources", ref.name});
  ref.offset = doc_.node(declaration).name.begin;
  ref.label = ref.name;
  ref.existing = doc_.node(declaration).existing;
  return ref;
}

ValueRef BicepResourceModel::value_at(NodeId node) const {
  if (node == kNoNode) return {};
  switch (doc_.node(node).kind) {
    case BicepNodeKind::Object:
      return {node, Shape::Object};
    case BicepNodeKind::Array:
      return {node, Shape::Array};
    case BicepNodeKind::Null:
      return {node, Shape::Null};
    case BicepNodeKind::String:
    case BicepNodeKind::MultilineString:
    case BicepNodeKind::Number:
    case BicepNodeKind::True:
    case BicepNodeKind::False:
      return {node, Shape::Literal};
    default:
      return {node, Shape::Expression};
  }
}

ValueRef BicepResourceModel::body(const ResourceRef& resource) const {
  return value_at(doc_.body_object(resource.node));
}

ValueRef BicepResourceModel::member(ValueRef object, std::string_view key) const {
  if (!object.is(Shape::Object)) return {};
  NodeId property = doc_.find_property(object.node, key);
  return property == kNoNode ? ValueRef{} : value_at(doc_.node(property).value);
}

std::size_t BicepResourceModel::member_count(ValueRef object, std::string_view key) const {
  if (!object.is(Shape::Object)) return 0;
  std::size_t count = 0;
  for (NodeId child : doc_.children(object.node)) {
    if (!doc_.is(child, BicepNodeKind::Property)) continue;
    auto name = doc_.key(child);
    if (name && equals_ignore_case(*name, key)) ++count;
  }
  return count;
}

std::vector<ValueRef> BicepResourceModel::elements(ValueRef array) const {
  std::vector<ValueRef> values;
  if (!array.is(Shape::Array)) return values;
  for (NodeId child : doc_.children(array.node))
    values.push_back(value_at(child));
  return values;
}

std::optional<nlohmann::json> BicepResourceModel::literal(ValueRef value) const {
  if (value.node == kNoNode) return std::nullopt;
  switch (doc_.node(value.node).kind) {
    case BicepNodeKind::Null:
      return nlohmann::json(nullptr);
    case BicepNodeKind::True:
      return true;
    case BicepNodeKind::False:
      return false;
    case BicepNodeKind::Number: {
      auto number = nlohmann::json::parse(doc_.source(doc_.node(value.node).span), nullptr, false);
      if (number.is_discarded()) return std::nullopt;
      return number;
    }
    case BicepNodeKind::String:
    case BicepNodeKind::MultilineString: {
      auto text = doc_.string_value(value.node);
      if (!text) return std::nullopt;
      return nlohmann::json(*text);
    }
    default:
      return std::nullopt;
  }
}

// What the value holds under the parameters' defaults: what PSRule sees once the file is
// compiled and deployed with them.
std::optional<nlohmann::json> BicepResourceModel::resolve(const ResourceRef& resource,
                                                          ValueRef expression) const {
  Evaluated evaluated = evaluate(resource, expression);
  if (evaluated.known()) return std::move(*evaluated.value);
  // A variable or a parameter's default that is an object with members known only at
  // deployment (`dnsPrefix: clusterName`) still tells which paths it does not set, as in ARM.
  NodeId node = unparenthesized(doc_, expression.node);
  if (!doc_.is(node, BicepNodeKind::Identifier)) return std::nullopt;
  NodeId declaration = doc_.find_declaration(doc_.source(doc_.node(node).span));
  if (declaration == kNoNode) return std::nullopt;
  auto kind = doc_.node(declaration).declaration;
  if (kind != BicepDeclarationKind::Parameter && kind != BicepDeclarationKind::Variable) {
    return std::nullopt;
  }
  NodeId value = unparenthesized(doc_, doc_.node(declaration).value);
  if (!doc_.is(value, BicepNodeKind::Object) && !doc_.is(value, BicepNodeKind::Array)) {
    return std::nullopt;
  }
  return evaluated_members(value);
}

// An object or array evaluated member by member: a member that stays unknown keeps its source
// text. nullopt when a spread or computed key makes the members themselves unknown.
std::optional<nlohmann::json> BicepResourceModel::evaluated_members(NodeId node) const {
  node = unparenthesized(doc_, node);
  const bool is_object = doc_.is(node, BicepNodeKind::Object);
  if (!is_object && !doc_.is(node, BicepNodeKind::Array)) {
    Evaluated evaluated = evaluator_.evaluate(node);
    if (evaluated.known()) return std::move(*evaluated.value);
    return nlohmann::json(std::string(doc_.source(doc_.node(node).span)));
  }
  nlohmann::json out = is_object ? nlohmann::json::object() : nlohmann::json::array();
  for (NodeId child : doc_.children(node)) {
    if (is_object) {
      if (!doc_.is(child, BicepNodeKind::Property)) {
        if (doc_.is(child, BicepNodeKind::Declaration)) continue;  // a nested resource
        return std::nullopt;
      }
      auto key = doc_.key(child);
      auto member = key ? evaluated_members(doc_.node(child).value) : std::nullopt;
      if (!member) return std::nullopt;
      out[*key] = std::move(*member);
    } else {
      if (doc_.is(child, BicepNodeKind::Spread)) return std::nullopt;
      auto element = evaluated_members(child);
      if (!element) return std::nullopt;
      out.push_back(std::move(*element));
    }
  }
  return out;
}

Evaluated BicepResourceModel::evaluate(const ResourceRef& /*resource*/, ValueRef value) const {
  if (value.is(Shape::Missing) || value.node == kNoNode) {
    return Evaluated::unknown("the value is missing");
  }
  return evaluator_.evaluate(value.node);
}

// What a value says about a path inside it: it sets it, it leaves it as the arguments before
// it in a union() have it, or it is an expression that may do either. union() merges objects
// deeply and its last argument wins.
BicepResourceModel::Verdict BicepResourceModel::forced(NodeId value, const PropertyPath& path,
                                                       std::size_t depth) const {
  value = unparenthesized(doc_, value);
  if (doc_.is(value, BicepNodeKind::Call) && equals_ignore_case(doc_.call_name(value), "union")) {
    auto arguments = doc_.call_arguments(value);
    for (auto it = arguments.rbegin(); it != arguments.rend(); ++it) {
      Verdict verdict = forced(*it, path, depth);
      if (verdict.kind != Verdict::Kind::LeavesIt) return verdict;
    }
    return {Verdict::Kind::LeavesIt, {}};
  }
  if (doc_.is(value, BicepNodeKind::Identifier)) {
    // A variable or parameter, read member by member under the defaults.
    auto known = resolve(ResourceRef{}, value_at(value));
    return known ? in_json(*known, path, depth) : Verdict{};
  }
  // armfix's wrap of a value that may be null: coalesce(x, {}) is x, or nothing.
  if (doc_.is(value, BicepNodeKind::Call) &&
      equals_ignore_case(doc_.call_name(value), "coalesce")) {
    auto arguments = doc_.call_arguments(value);
    if (arguments.size() == 2 && doc_.is(arguments[1], BicepNodeKind::Object) &&
        doc_.children(arguments[1]).empty() &&
        doc_.is(unparenthesized(doc_, arguments[0]), BicepNodeKind::Identifier)) {
      auto known = resolve(ResourceRef{}, value_at(unparenthesized(doc_, arguments[0])));
      if (!known) return {};
      if (known->is_null()) return {Verdict::Kind::LeavesIt, {}};
      return in_json(*known, path, depth);
    }
  }
  if (depth == path.size()) {
    auto known = literal(value_at(value));
    if (!known) return {};
    return {Verdict::Kind::Sets, *known};
  }
  if (!doc_.is(value, BicepNodeKind::Object)) return {};
  for (NodeId child : doc_.children(value)) {
    if (!doc_.is(child, BicepNodeKind::Property)) return {};  // a spread may set anything
  }
  NodeId property = doc_.find_property(value, path[depth]);
  if (property == kNoNode) return {Verdict::Kind::LeavesIt, {}};
  return forced(doc_.node(property).value, path, depth + 1);
}

BicepResourceModel::Verdict BicepResourceModel::in_json(const nlohmann::json& value,
                                                        const PropertyPath& path,
                                                        std::size_t depth) {
  if (depth == path.size()) return {Verdict::Kind::Sets, value};
  if (!value.is_object()) return {Verdict::Kind::Sets, nullptr};  // it replaces the path
  for (const auto& [key, member] : value.items()) {
    if (equals_ignore_case(key, path[depth])) return in_json(member, path, depth + 1);
  }
  return {Verdict::Kind::LeavesIt, {}};
}

std::optional<nlohmann::json> BicepResourceModel::forced_by_union(const ResourceRef& /*resource*/,
                                                                  ValueRef expression,
                                                                  const PropertyPath& path) const {
  NodeId node = unparenthesized(doc_, expression.node);
  if (!doc_.is(node, BicepNodeKind::Call) || !equals_ignore_case(doc_.call_name(node), "union")) {
    return std::nullopt;
  }
  Verdict verdict = forced(node, path, 0);
  if (verdict.kind != Verdict::Kind::Sets) return std::nullopt;
  return verdict.value;
}

std::string BicepResourceModel::excerpt(ValueRef value) const {
  if (value.node == kNoNode) return "";
  return shorten_source(doc_.source(doc_.node(value.node).span));
}

// On one line, as a reader would type it: `{ enabled: true }`.
std::string BicepResourceModel::spell(const nlohmann::json& value) const {
  if (value.is_string()) return quote_bicep_string(value.get_ref<const std::string&>());
  if (value.is_object() && !value.empty()) {
    std::string text = "{ ";
    const char* separator = "";
    for (const auto& [key, member] : value.items()) {
      text += separator + bicep_key(key) + ": " + spell(member);
      separator = ", ";
    }
    return text + " }";
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ApiVersion BicepResourceModel::api_version(const ResourceRef& resource) const {
  ApiVersion version;
  auto type = doc_.string_value(doc_.node(resource.node).type);
  if (!type) return version;
  std::size_t at = type->find('@');
  version.text = at == std::string::npos ? std::string() : type->substr(at + 1);
  version.resolved = version.text;
  return version;
}

}  // namespace armfix
