// What an ARM fix may wire a resource to: the parameters of the template whose expressions it
// sees, the resources declared beside it, and how expressions and dependsOn name them.
#include "armfix/intent.hpp"
#include "json/arm_expression.hpp"
#include "json/arm_resource_model.hpp"

namespace armfix {

namespace {

bool is_string_parameter(const Document& doc, NodeId parameter) {
  NodeId type = doc.find_member(parameter, "type");
  return doc.is_string(type) && equals_ignore_case(doc.string_value(type), "string");
}

}  // namespace

std::vector<ParameterRef> ArmResourceModel::parameters(const ResourceRef& resource) const {
  std::vector<ParameterRef> found;
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return found;
  NodeId holder = view_.parameters_of(view_.scopes()[declared->scope].expression_scope);
  if (!doc_.is_object(holder)) return found;
  for (NodeId p = doc_.node(holder).first_child; p != kNoNode; p = doc_.node(p).next_sibling) {
    found.push_back(parameter_ref(*declared, p));
  }
  return found;
}

std::optional<ParameterRef> ArmResourceModel::find_parameter(const ResourceRef& resource,
                                                             std::string_view name) const {
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return std::nullopt;
  NodeId holder = view_.parameters_of(view_.scopes()[declared->scope].expression_scope);
  NodeId parameter = doc_.find_member(holder, name);
  if (parameter == kNoNode) return std::nullopt;
  return parameter_ref(*declared, parameter);
}

std::optional<ParameterRef> ArmResourceModel::referenced_parameter(const ResourceRef& resource,
                                                                   ValueRef value) const {
  if (!value.is(Shape::Expression)) return std::nullopt;
  auto reference = simple_reference(doc_.string_value(value.node));
  if (!reference || !equals_ignore_case(reference->function, "parameters")) return std::nullopt;
  return find_parameter(resource, reference->name);
}

ParameterRef ArmResourceModel::parameter_ref(const Resource& resource, NodeId parameter) const {
  std::string name = doc_.key(parameter);
  Evaluated value = expression_scope(resource.scope).parameter(name);
  return ParameterRef{std::move(name), is_string_parameter(doc_, parameter), std::move(value)};
}

nlohmann::ordered_json ArmResourceModel::parameter_reference(std::string_view name) const {
  return verbatim("[parameters(" + quote_literal(name) + ")]");
}

// A new parameter is declared in the top-level template and passed down through every
// nested deployment with an inner scope: each must take parameters as an object.
std::optional<std::string> ArmResourceModel::cannot_add_parameter(const ResourceRef& resource,
                                                                  const std::string& name) const {
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return "the resource is not in the template view";
  if (auto taken = find_parameter(resource, name); taken && !taken->is_string) {
    return "the name '" + name + "' is already declared and is not a string parameter";
  }
  const auto& scopes = view_.scopes();
  std::size_t scope = scopes[declared->scope].expression_scope;
  while (scopes[scope].parent != kNoScope) {
    NodeId deployment_properties = doc_.find_member(scopes[scope].deployment, "properties");
    NodeId passed = doc_.find_member(deployment_properties, "parameters");
    if (passed != kNoNode && !doc_.is_object(passed)) {
      return "the nested deployment's parameters are an expression, so the parameter '" + name +
             "' cannot be passed through";
    }
    scope = scopes[scopes[scope].parent].expression_scope;
  }
  return std::nullopt;
}

std::vector<ResourceRef> ArmResourceModel::declared_beside(const ResourceRef& resource,
                                                           std::string_view type) const {
  std::vector<ResourceRef> found;
  const Resource* declared = resource_of(resource);
  if (declared == nullptr) return found;
  for (const auto& other : view_.resources()) {
    if (other.scope == declared->scope && equals_ignore_case(other.type, type)) {
      found.push_back(ref_of(other));
    }
  }
  return found;
}

std::optional<std::string> ArmResourceModel::dependency_entry(const Resource& target) const {
  if (view_.scopes()[target.scope].symbolic) return target.symbolic_name;
  NodeId name = doc_.find_member(target.node, "name");
  if (!doc_.is_string(name)) return std::nullopt;
  auto argument = as_argument(doc_.value(name));
  if (!argument) return std::nullopt;
  return "[resourceId(" + quote_literal(target.type) + ", " + *argument + ")]";
}

bool ArmResourceModel::already_depends(NodeId depends_on, const Resource& target) const {
  std::string name_argument;
  NodeId name = doc_.find_member(target.node, "name");
  if (!view_.scopes()[target.scope].symbolic && doc_.is_string(name)) {
    name_argument = as_argument(doc_.value(name)).value_or("");
  }
  for (NodeId e = doc_.node(depends_on).first_child; e != kNoNode; e = doc_.node(e).next_sibling) {
    if (!doc_.is_string(e)) continue;
    std::string entry = doc_.string_value(e);
    if (!target.symbolic_name.empty() && equals_ignore_case(entry, target.symbolic_name)) {
      return true;
    }
    if (!name_argument.empty() && entry.find(name_argument) != std::string::npos) return true;
  }
  return false;
}

std::optional<nlohmann::ordered_json> ArmResourceModel::resource_id(
    const ResourceRef& target) const {
  const Resource* declared = resource_of(target);
  // A copy loop deploys many: no one of them is the resource.
  if (declared == nullptr || doc_.find_member(declared->node, "copy") != kNoNode) {
    return std::nullopt;
  }
  if (view_.scopes()[declared->scope].symbolic) {
    return verbatim("[resourceInfo(" + quote_literal(declared->symbolic_name) + ").id]");
  }
  auto entry = dependency_entry(*declared);
  if (!entry) return std::nullopt;
  return verbatim(*entry);
}

std::optional<nlohmann::ordered_json> ArmResourceModel::copy_of(ValueRef value) const {
  if (value.node == kNoNode) return std::nullopt;
  // A string is copied as written: an expression stays one, a `[[` literal stays escaped.
  if (doc_.is_string(value.node)) return verbatim(doc_.string_value(value.node));
  return nlohmann::ordered_json(doc_.value(value.node));
}

}  // namespace armfix
