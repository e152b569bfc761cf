// What a Bicep fix may wire a resource to: the file's parameters and resource declarations,
// referenced by name (`x`, `sym.id`); Bicep infers the dependencies such references make.
#include <algorithm>

#include "armfix/intent.hpp"
#include "bicep/bicep_resource_model.hpp"
#include "bicep/bicep_style.hpp"
#include "core/ascii.hpp"

namespace armfix {

namespace {

bool is_string_parameter(const BicepDocument& doc, NodeId declaration) {
  if (!doc.is(declaration, BicepNodeKind::Declaration)) return false;
  const BicepNode& node = doc.node(declaration);
  return node.declaration == BicepDeclarationKind::Parameter && node.type != kNoNode &&
         doc.source(doc.node(node.type).span) == "string";
}

bool is_bicep_identifier(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  });
}

}  // namespace

// Spreads and interpolated keys name no member a path can follow: left out.
std::vector<std::pair<std::string, ValueRef>> BicepResourceModel::members(ValueRef object) const {
  std::vector<std::pair<std::string, ValueRef>> found;
  if (!object.is(Shape::Object)) return found;
  for (NodeId child : doc_.children(object.node)) {
    if (!doc_.is(child, BicepNodeKind::Property)) continue;
    if (auto key = doc_.key(child)) found.emplace_back(*key, value_at(doc_.node(child).value));
  }
  return found;
}

std::vector<ParameterRef> BicepResourceModel::parameters(const ResourceRef& /*resource*/) const {
  std::vector<ParameterRef> found;
  for (NodeId parameter : doc_.declarations(BicepDeclarationKind::Parameter)) {
    found.push_back(parameter_ref(parameter));
  }
  return found;
}

std::optional<ParameterRef> BicepResourceModel::find_parameter(const ResourceRef& /*resource*/,
                                                               std::string_view name) const {
  NodeId declaration = doc_.find_declaration(name);
  if (declaration == kNoNode ||
      doc_.node(declaration).declaration != BicepDeclarationKind::Parameter) {
    return std::nullopt;
  }
  return parameter_ref(declaration);
}

std::optional<ParameterRef> BicepResourceModel::referenced_parameter(
    const ResourceRef& /*resource*/, ValueRef value) const {
  if (!doc_.is(value.node, BicepNodeKind::Identifier)) return std::nullopt;
  NodeId declaration = doc_.find_declaration(doc_.source(doc_.node(value.node).span));
  if (declaration == kNoNode ||
      doc_.node(declaration).declaration != BicepDeclarationKind::Parameter) {
    return std::nullopt;
  }
  return parameter_ref(declaration);
}

ParameterRef BicepResourceModel::parameter_ref(NodeId declaration) const {
  std::string name(doc_.symbol(declaration));
  Evaluated value = evaluator_.symbol_value(name);
  return ParameterRef{std::move(name), is_string_parameter(doc_, declaration), std::move(value)};
}

nlohmann::ordered_json BicepResourceModel::parameter_reference(std::string_view name) const {
  return verbatim(name);
}

std::optional<std::string> BicepResourceModel::cannot_add_parameter(const ResourceRef& /*resource*/,
                                                                    const std::string& name) const {
  if (!is_bicep_identifier(name)) {
    return "'" + name + "' cannot name a Bicep parameter (letters, digits and '_' only)";
  }
  NodeId taken = doc_.find_declaration(name);
  if (taken != kNoNode && !is_string_parameter(doc_, taken)) {
    return "the name '" + name + "' is already declared and is not a string parameter";
  }
  return std::nullopt;
}

std::vector<ResourceRef> BicepResourceModel::declared_beside(const ResourceRef& /*resource*/,
                                                             std::string_view type) const {
  std::vector<ResourceRef> found;
  std::string prefix = std::string(type) + "@";
  for (NodeId declaration : doc_.declarations(BicepDeclarationKind::Resource)) {
    auto declared = doc_.string_value(doc_.node(declaration).type);
    if (declared && starts_with_ignore_case(*declared, prefix)) {
      found.push_back(ref_of(declaration));
    }
  }
  return found;
}

std::optional<nlohmann::ordered_json> BicepResourceModel::resource_id(
    const ResourceRef& target) const {
  // A conditional or looped resource has no single `.id` that always exists.
  if (!doc_.is(doc_.node(target.node).value, BicepNodeKind::Object)) return std::nullopt;
  return verbatim(std::string(doc_.symbol(target.node)) + ".id");
}

std::optional<nlohmann::ordered_json> BicepResourceModel::copy_of(ValueRef value) const {
  if (value.node == kNoNode) return std::nullopt;
  // A value over several lines would need re-indenting where it is copied to.
  if (spans_lines(doc_, value.node)) return std::nullopt;
  return verbatim(doc_.source(doc_.node(value.node).span));
}

}  // namespace armfix
