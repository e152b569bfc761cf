// The template view: which resources a template deploys, and in which template's context.
//
// Second stage of the pipeline. It walks `resources` (arrays and languageVersion 2.0 symbolic
// objects), child resources and inline nested deployments at any depth, and records for each
// resource the template whose parameters and variables its expressions see.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/document.hpp"

namespace armfix {

inline constexpr std::size_t kNoScope = static_cast<std::size_t>(-1);

// One template in the file: the top-level one or an inline nested deployment's.
struct TemplateScope {
  NodeId template_node = kNoNode;  // the template object
  NodeId deployment = kNoNode;     // the Microsoft.Resources/deployments resource holding it
  std::size_t parent = kNoScope;   // the enclosing template
  bool inner = false;              // expressionEvaluationOptions.scope is `inner`
  bool symbolic = false;           // languageVersion 2.0: `resources` is an object
  // The template whose parameters and variables this template's expressions see: itself when
  // top-level or inner, else its parent's expression scope (outer scope is ARM's default).
  std::size_t expression_scope = kNoScope;
};

struct Resource {
  NodeId node = kNoNode;
  std::string type;           // fully qualified: child types are prefixed by their parents'
  std::string display_name;   // the `name` value, or the symbolic name when there is none
  std::string symbolic_name;  // languageVersion 2.0 only
  std::size_t scope = 0;      // the template that declares it
  NodeId parent_resource = kNoNode;
  bool existing = false;  // a reference (`existing: true`), not a deployment
};

class TemplateView {
 public:
  explicit TemplateView(const Document& document);

  const std::vector<TemplateScope>& scopes() const { return scopes_; }
  // Every resource with a literal type, in document order.
  const std::vector<Resource>& resources() const { return resources_; }
  // Resources of `type` (compared ignoring case) that the template deploys.
  std::vector<const Resource*> deployed(std::string_view type) const;

  // The `parameters` / `variables` object of a scope's template, or kNoNode.
  NodeId parameters_of(std::size_t scope) const;
  NodeId variables_of(std::size_t scope) const;

  // A key the view reads given twice in one object (ignoring case, as ARM compares keys): in a
  // template, `$schema`, `contentVersion`, `languageVersion`, `parameters`, `variables` or
  // `resources` (or a symbolic resource name); in a resource, `type`, `name`, `existing` or
  // `resources`; in a nested deployment, `properties`, its `template`, `parameters` and
  // `expressionEvaluationOptions.scope`. Which one ARM uses is not armfix's to guess, so such
  // a file is not fixed: the error names the first repetition and its pair. (Keys inside a
  // cluster, its `apiVersion` among them, are the rule's: it reports them as manual findings.)
  std::optional<SourceError> ambiguity() const;

 private:
  // The member `name` of `object`, as find_member; a repetition of it is noted.
  NodeId member(NodeId object, std::string_view name);
  void visit_template(NodeId template_node, std::size_t parent, NodeId deployment, bool inner);
  void visit_resources(NodeId resources, std::size_t scope, NodeId parent_resource,
                       const std::string& parent_type);
  void visit_resource(NodeId node, std::string symbolic_name, std::size_t scope,
                      NodeId parent_resource, const std::string& parent_type);

  const Document& doc_;
  std::vector<TemplateScope> scopes_;
  std::vector<Resource> resources_;
  std::vector<DuplicateKey> ambiguous_keys_;
};

// True when the root is an ARM deployment template: a `$schema` naming a deployment template
// of any scope and version, or no `$schema` but both `resources` and `contentVersion`.
bool is_deployment_template(const Document& document);

}  // namespace armfix
