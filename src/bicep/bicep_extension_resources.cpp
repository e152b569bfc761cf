// The extension resources of a Bicep file that it ties to a resource: `scope: <symbol>`, or a
// declaration nested in the resource's body (of the extension type or its child form
// `providers/<type>`).
#include <algorithm>

#include "bicep/bicep_resource_model.hpp"

namespace armfix {

namespace {

NodeId unwrapped(const BicepDocument& doc, NodeId node) {
  while (doc.is(node, BicepNodeKind::Parenthesized))
    node = doc.node(node).first_child;
  return node;
}

}  // namespace

std::vector<ResourceRef> BicepResourceModel::extensions_of(const ResourceRef& target,
                                                           std::string_view type) const {
  std::vector<ResourceRef> found;
  const std::size_t slash = type.find('/');
  auto declared = doc_.string_value(doc_.node(target.node).type);
  if (slash == std::string_view::npos || !declared) return found;
  const std::string target_type = declared->substr(0, declared->find('@'));
  const NodeId target_body = doc_.body_object(target.node);
  // A scope names a top-level declaration by its symbol.
  const bool top_level = doc_.find_declaration(doc_.symbol(target.node)) == target.node;

  std::vector<ResourceRef> candidates = deployed(type);
  if (target_type.find('/') != std::string::npos) {
    for (auto& child : deployed(target_type + "/providers/" + std::string(type.substr(slash + 1))))
      candidates.push_back(std::move(child));
  }
  // A nested `providers/<type>` declaration keeps its slash unqualified.
  for (auto& child : deployed("providers/" + std::string(type.substr(slash + 1))))
    candidates.push_back(std::move(child));
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const ResourceRef& a, const ResourceRef& b) { return a.offset < b.offset; });
  for (auto& candidate : candidates) {
    bool tied = target_body != kNoNode && doc_.node(candidate.node).parent == target_body;
    if (!tied && top_level) {
      NodeId body = doc_.body_object(candidate.node);
      NodeId scope = body == kNoNode ? kNoNode : doc_.find_property(body, "scope");
      NodeId value = scope == kNoNode ? kNoNode : unwrapped(doc_, doc_.node(scope).value);
      tied = doc_.is(value, BicepNodeKind::Identifier) &&
             doc_.source(doc_.node(value).span) == doc_.symbol(target.node);
    }
    if (tied) found.push_back(std::move(candidate));
  }
  return found;
}

}  // namespace armfix
