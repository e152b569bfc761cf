// ARM values as the resource model's shapes: `[...]` strings are expressions, `[[` strings
// literals, and expressions resolve through the parameters and variables of the template
// whose expressions the resource sees (outer or inner scope of nested deployments).
#include "json/arm_resource_model.hpp"

#include "json/arm_expression.hpp"
#include "json/arm_union.hpp"

namespace armfix {

ArmResourceModel::ArmResourceModel(const Document& document, const TemplateView& view)
    : doc_(document), view_(view) {}

std::vector<ResourceRef> ArmResourceModel::deployed(std::string_view type) const {
  std::vector<ResourceRef> resources;
  for (const Resource* resource : view_.deployed(type))
    resources.push_back(ref_of(*resource));
  return resources;
}

ResourceRef ArmResourceModel::ref_of(const Resource& resource) const {
  const Node& node = doc_.node(resource.node);
  ResourceRef ref;
  ref.node = resource.node;
  ref.index = static_cast<std::size_t>(&resource - view_.resources().data());
  ref.name = resource.display_name;
  ref.pointer = doc_.pointer_to(resource.node);
  ref.offset = node.key.size() > 0 ? node.key.begin : node.value.begin;
  if (!resource.symbolic_name.empty()) {
    ref.label = resource.symbolic_name;
  } else if (!resource.display_name.empty() && resource.display_name.front() != '[') {
    ref.label = resource.display_name;
  }
  ref.existing = resource.existing;
  return ref;
}

const Resource* ArmResourceModel::resource_of(const ResourceRef& resource) const {
  const auto& resources = view_.resources();
  if (resource.index >= resources.size() || resources[resource.index].node != resource.node) {
    return nullptr;
  }
  return &resources[resource.index];
}

ValueRef ArmResourceModel::value_at(NodeId node) const {
  if (node == kNoNode) return {};
  switch (doc_.node(node).kind) {
    case NodeKind::Object:
      return {node, Shape::Object};
    case NodeKind::Array:
      return {node, Shape::Array};
    case NodeKind::Null:
      return {node, Shape::Null};
    case NodeKind::String:
      return {node, is_expression(doc_.string_value(node)) ? Shape::Expression : Shape::Literal};
    default:
      return {node, Shape::Literal};
  }
}

ValueRef ArmResourceModel::body(const ResourceRef& resource) const {
  return value_at(resource.node);
}

ValueRef ArmResourceModel::member(ValueRef object, std::string_view key) const {
  if (!object.is(Shape::Object)) return {};
  return value_at(doc_.find_member(object.node, key));
}

std::size_t ArmResourceModel::member_count(ValueRef object, std::string_view key) const {
  return object.is(Shape::Object) ? doc_.count_members(object.node, key) : 0;
}

std::vector<std::pair<std::string, ValueRef>> ArmResourceModel::members(ValueRef object) const {
  std::vector<std::pair<std::string, ValueRef>> found;
  if (!object.is(Shape::Object)) return found;
  for (NodeId m = doc_.node(object.node).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    found.emplace_back(doc_.key(m), value_at(m));
  }
  return found;
}

std::vector<ValueRef> ArmResourceModel::elements(ValueRef array) const {
  std::vector<ValueRef> values;
  if (!array.is(Shape::Array)) return values;
  for (NodeId e = doc_.node(array.node).first_child; e != kNoNode; e = doc_.node(e).next_sibling) {
    values.push_back(value_at(e));
  }
  return values;
}

std::optional<nlohmann::json> ArmResourceModel::literal(ValueRef value) const {
  if (value.is(Shape::Null)) return nlohmann::json(nullptr);
  if (!value.is(Shape::Literal)) return std::nullopt;
  nlohmann::json decoded = doc_.value(value.node);
  // `[[` starts a literal string that begins with `[`.
  if (decoded.is_string() && decoded.get_ref<const std::string&>().rfind("[[", 0) == 0) {
    return nlohmann::json(decoded.get<std::string>().substr(1));
  }
  return decoded;
}

std::optional<nlohmann::json> ArmResourceModel::resolve(const ResourceRef& resource,
                                                        ValueRef expression) const {
  if (!expression.is(Shape::Expression)) return literal(expression);
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return std::nullopt;
  return resolve_text(*declared, doc_.string_value(expression.node));
}

Evaluated ArmResourceModel::evaluate(const ResourceRef& resource, ValueRef value) const {
  if (value.is(Shape::Missing)) return Evaluated::unknown("the value is missing");
  if (!value.is(Shape::Expression) && !value.is(Shape::Object) && !value.is(Shape::Array)) {
    auto known = literal(value);
    if (known) return Evaluated::of(std::move(*known));
  }
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return Evaluated::unknown("the resource is not in the template");
  return evaluate_arm_value(doc_.value(value.node), expression_scope(declared->scope));
}

std::optional<nlohmann::json> ArmResourceModel::forced_by_union(const ResourceRef& resource,
                                                                ValueRef expression,
                                                                const PropertyPath& path) const {
  if (!expression.is(Shape::Expression)) return std::nullopt;
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return arm_union_forced(doc_.string_value(expression.node), path);
  const ReferenceResolver resolver = [&](const std::string& reference) {
    return resolve_text(*declared, reference);
  };
  return arm_union_forced(doc_.string_value(expression.node), path, &resolver);
}

std::string ArmResourceModel::excerpt(ValueRef value) const {
  if (value.node == kNoNode) return "";
  if (doc_.is_string(value.node)) return shorten_source(doc_.string_value(value.node));
  return shorten_source(doc_.source(doc_.node(value.node).value));
}

// On one line, as a reader would type it: `{ "enabled": true }`.
std::string ArmResourceModel::spell(const nlohmann::json& value) const {
  if (!value.is_object() || value.empty()) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string text = "{ ";
  const char* separator = "";
  for (const auto& [key, member] : value.items()) {
    text += separator + spell(nlohmann::json(key)) + ": " + spell(member);
    separator = ", ";
  }
  return text + " }";
}

ApiVersion ArmResourceModel::api_version(const ResourceRef& resource) const {
  ApiVersion version;
  NodeId api = doc_.find_member(resource.node, "apiVersion");
  if (!doc_.is_string(api)) return version;
  version.text = doc_.string_value(api);
  version.is_expression = is_expression(version.text);
  if (!version.is_expression) {
    version.resolved = version.text;
    return version;
  }
  if (const Resource* declared = resource_of(resource)) {
    auto resolved = resolve_text(*declared, version.text);
    if (resolved && resolved->is_string()) version.resolved = resolved->get<std::string>();
  }
  return version;
}

}  // namespace armfix
