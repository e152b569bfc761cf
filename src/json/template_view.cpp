// Finds every resource a template declares, through child resources and nested deployments,
// and the template context each one's expressions are evaluated in.
#include "armfix/template_view.hpp"

#include <algorithm>
#include <string>

namespace armfix {

namespace {

constexpr std::string_view kDeploymentsType = "Microsoft.Resources/deployments";

bool contains_ignore_case(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (equals_ignore_case(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

bool is_inner_scope(const Document& doc, NodeId scope) {
  return doc.is_string(scope) && equals_ignore_case(doc.string_value(scope), "inner");
}

bool is_true(const Document& doc, NodeId node) {
  return node != kNoNode && doc.node(node).kind == NodeKind::True;
}

// A child resource's type is either fully qualified or relative to its parent's.
std::string qualified_type(const std::string& type, const std::string& parent_type) {
  if (parent_type.empty() || type.find('/') != std::string::npos) return type;
  return parent_type + "/" + type;
}

}  // namespace

TemplateView::TemplateView(const Document& document) : doc_(document) {
  if (doc_.is_object(doc_.root())) visit_template(doc_.root(), kNoScope, kNoNode, false);
}

std::optional<SourceError> TemplateView::ambiguity() const {
  if (ambiguous_keys_.empty()) return std::nullopt;
  // The repetition first in the file, reported where it repeats.
  const DuplicateKey& first = *std::min_element(
      ambiguous_keys_.begin(), ambiguous_keys_.end(), [&](const auto& a, const auto& b) {
        return doc_.node(a.second).key.begin < doc_.node(b.second).key.begin;
      });
  const std::uint32_t offset = doc_.node(first.second).key.begin;
  const Position earlier = doc_.position(doc_.node(first.first).key.begin);
  const std::string key = doc_.key(first.second);
  const std::string earlier_key = doc_.key(first.first);
  std::string message = "key '" + key + "' given twice (also at " + std::to_string(earlier.line) +
                        ":" + std::to_string(earlier.column);
  if (earlier_key != key) message += ", as '" + earlier_key + "'";
  message += "); which one Azure Resource Manager uses is ambiguous";
  return SourceError{doc_.position(offset), offset, std::move(message)};
}

NodeId TemplateView::member(NodeId object, std::string_view name) {
  const NodeId first = doc_.find_member(object, name);
  if (first == kNoNode || doc_.count_members(object, name) < 2) return first;
  for (NodeId m = doc_.node(first).next_sibling; m != kNoNode; m = doc_.node(m).next_sibling) {
    if (equals_ignore_case(doc_.key(m), name)) {
      ambiguous_keys_.push_back(DuplicateKey{first, m});
      break;
    }
  }
  return first;
}

void TemplateView::visit_template(NodeId template_node, std::size_t parent, NodeId deployment,
                                  bool inner) {
  TemplateScope scope;
  scope.template_node = template_node;
  scope.deployment = deployment;
  scope.parent = parent;
  scope.inner = inner;
  for (const char* read_elsewhere :
       {"$schema", "contentVersion", "languageVersion", "parameters", "variables"}) {
    member(template_node, read_elsewhere);
  }
  NodeId resources = member(template_node, "resources");
  scope.symbolic = doc_.is_object(resources);
  // Two resources with one symbolic name are as ambiguous.
  if (scope.symbolic) doc_.append_duplicate_keys(resources, ambiguous_keys_);
  std::size_t index = scopes_.size();
  scope.expression_scope = (parent == kNoScope || inner) ? index : scopes_[parent].expression_scope;
  scopes_.push_back(scope);
  visit_resources(resources, index, kNoNode, "");
}

void TemplateView::visit_resources(NodeId resources, std::size_t scope, NodeId parent_resource,
                                   const std::string& parent_type) {
  if (doc_.is_array(resources)) {
    for (NodeId r = doc_.node(resources).first_child; r != kNoNode; r = doc_.node(r).next_sibling) {
      visit_resource(r, "", scope, parent_resource, parent_type);
    }
  } else if (doc_.is_object(resources)) {
    for (NodeId r = doc_.node(resources).first_child; r != kNoNode; r = doc_.node(r).next_sibling) {
      visit_resource(r, doc_.key(r), scope, parent_resource, parent_type);
    }
  }
}

void TemplateView::visit_resource(NodeId node, std::string symbolic_name, std::size_t scope,
                                  NodeId parent_resource, const std::string& parent_type) {
  if (!doc_.is_object(node)) return;
  NodeId type = member(node, "type");
  if (!doc_.is_string(type)) return;
  std::string type_text = doc_.string_value(type);
  if (type_text.empty() || type_text.front() == '[') return;  // not a literal type

  Resource resource;
  resource.node = node;
  resource.type = qualified_type(type_text, parent_type);
  resource.symbolic_name = std::move(symbolic_name);
  NodeId name = member(node, "name");
  resource.display_name = doc_.is_string(name) ? doc_.string_value(name) : resource.symbolic_name;
  resource.scope = scope;
  resource.parent_resource = parent_resource;
  resource.existing = is_true(doc_, member(node, "existing"));
  std::string qualified = resource.type;
  bool existing = resource.existing;
  resources_.push_back(std::move(resource));

  visit_resources(member(node, "resources"), scope, node, qualified);

  if (!existing && equals_ignore_case(qualified, kDeploymentsType)) {
    NodeId properties = member(node, "properties");
    NodeId nested = member(properties, "template");
    member(properties, "parameters");
    NodeId scope_of_nested = member(member(properties, "expressionEvaluationOptions"), "scope");
    if (doc_.is_object(nested))
      visit_template(nested, scope, node, is_inner_scope(doc_, scope_of_nested));
  }
}

std::vector<const Resource*> TemplateView::deployed(std::string_view type) const {
  std::vector<const Resource*> found;
  for (const auto& resource : resources_) {
    if (!resource.existing && equals_ignore_case(resource.type, type)) found.push_back(&resource);
  }
  return found;
}

NodeId TemplateView::parameters_of(std::size_t scope) const {
  return doc_.find_member(scopes_.at(scope).template_node, "parameters");
}

NodeId TemplateView::variables_of(std::size_t scope) const {
  return doc_.find_member(scopes_.at(scope).template_node, "variables");
}

bool is_deployment_template(const Document& document) {
  NodeId root = document.root();
  if (!document.is_object(root)) return false;
  // Any `$schema` counts, so that one given twice is reported rather than passed over.
  bool has_schema = false;
  for (NodeId m = document.node(root).first_child; m != kNoNode;
       m = document.node(m).next_sibling) {
    if (!equals_ignore_case(document.key(m), "$schema") || !document.is_string(m)) continue;
    if (contains_ignore_case(document.string_value(m), "deploymentTemplate.json")) return true;
    has_schema = true;
  }
  if (has_schema) return false;
  return document.find_member(root, "resources") != kNoNode &&
         document.find_member(root, "contentVersion") != kNoNode;
}

}  // namespace armfix
