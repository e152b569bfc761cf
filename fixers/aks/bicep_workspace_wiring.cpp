// The workspace strategies of Azure.AKS.DefenderProfile for Bicep: reuse what the file already
// has before adding anything, and say which source was used.
#include "bicep_workspace_wiring.hpp"

#include <algorithm>

#include "aks/defender_facts.hpp"
#include "bicep/bicep_style.hpp"
#include "json/arm_expression.hpp"

namespace armfix {

namespace {

constexpr std::string_view kWorkspaceType = "Microsoft.OperationalInsights/workspaces@";

bool is_string_parameter(const BicepDocument& doc, NodeId declaration) {
  if (!doc.is(declaration, BicepNodeKind::Declaration)) return false;
  const BicepNode& node = doc.node(declaration);
  return node.declaration == BicepDeclarationKind::Parameter && node.type != kNoNode &&
         doc.source(doc.node(node.type).span) == "string";
}

BicepWorkspaceChoice choice(std::string expression, std::string strategy, std::string description) {
  BicepWorkspaceChoice chosen;
  chosen.expression = std::move(expression);
  chosen.strategy = std::move(strategy);
  chosen.description = std::move(description);
  return chosen;
}

// b. --workspace-param names a parameter the file already declares.
std::optional<BicepWorkspaceChoice> from_named_parameter(const BicepClusterContext& c) {
  if (!c.options.workspace_param_given) return std::nullopt;
  NodeId declaration = c.doc.find_declaration(c.options.workspace_param);
  if (declaration == kNoNode ||
      c.doc.node(declaration).declaration != BicepDeclarationKind::Parameter) {
    return std::nullopt;
  }
  return choice(c.options.workspace_param, "workspace-param",
                "the parameter '" + c.options.workspace_param + "' named by --workspace-param");
}

NodeId property_value(const BicepDocument& doc, NodeId object, std::string_view key) {
  NodeId property = doc.find_property(object, key);
  return property == kNoNode ? kNoNode : doc.node(property).value;
}

// c. Container insights on the same cluster already names a workspace.
std::optional<BicepWorkspaceChoice> from_container_insights(const BicepClusterContext& c) {
  NodeId addons = property_value(c.doc, c.properties, "addonProfiles");
  NodeId oms = property_value(c.doc, addons, "omsagent");
  NodeId config = property_value(c.doc, oms, "config");
  NodeId workspace = property_value(c.doc, config, "logAnalyticsWorkspaceResourceID");
  if (workspace == kNoNode || c.doc.is(workspace, BicepNodeKind::Null)) return std::nullopt;
  auto literal = c.doc.string_value(workspace);
  if (literal && literal->empty()) return std::nullopt;
  // A value over several lines would need re-indenting where it is copied to.
  if (spans_lines(c.doc, workspace)) return std::nullopt;
  return choice(std::string(c.doc.source(c.doc.node(workspace).span)), "container-insights",
                "the Container insights (omsagent) workspace");
}

// e. Exactly one workspace resource declared in the file, deployed or `existing`.
std::optional<BicepWorkspaceChoice> from_workspace_resource(const BicepClusterContext& c) {
  NodeId workspace = kNoNode;
  for (NodeId resource : c.doc.declarations(BicepDeclarationKind::Resource)) {
    auto type = c.doc.string_value(c.doc.node(resource).type);
    if (!type || !starts_with_ignore_case(*type, kWorkspaceType)) continue;
    if (workspace != kNoNode) return std::nullopt;  // several: which one is meant is not clear
    workspace = resource;
  }
  // A conditional or looped workspace has no single `.id` that always exists.
  if (workspace == kNoNode || !c.doc.is(c.doc.node(workspace).value, BicepNodeKind::Object)) {
    return std::nullopt;
  }
  std::string symbol(c.doc.symbol(workspace));
  return choice(symbol + ".id", "workspace-resource",
                "the workspace resource '" + symbol + "' in this file");
}

// f. One string parameter whose name says it holds a workspace resource ID.
std::optional<BicepWorkspaceChoice> from_existing_parameter(const BicepClusterContext& c) {
  std::vector<NodeId> candidates;
  for (NodeId parameter : c.doc.declarations(BicepDeclarationKind::Parameter)) {
    if (is_string_parameter(c.doc, parameter) && names_a_workspace_id(c.doc.symbol(parameter))) {
      candidates.push_back(parameter);
    }
  }
  if (candidates.size() > 1) {
    // Several look right: only the one named like the parameter armfix would add is certain.
    NodeId preferred = c.doc.find_declaration(c.options.workspace_param);
    candidates.assign(1, is_string_parameter(c.doc, preferred) ? preferred : kNoNode);
  }
  if (candidates.empty() || candidates.front() == kNoNode) return std::nullopt;
  std::string name(c.doc.symbol(candidates.front()));
  return choice(name, "parameter", "the existing parameter '" + name + "'");
}

bool is_bicep_identifier(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  });
}

// g. A new parameter, declared with the other parameters.
BicepWorkspaceChoice with_new_parameter(const BicepClusterContext& c) {
  const std::string& name = c.options.workspace_param;
  if (!is_bicep_identifier(name)) {
    BicepWorkspaceChoice chosen;
    chosen.manual_reason = "'" + name +
                           "' cannot name a Bicep parameter (letters, digits and '_' only): "
                           "name a workspace parameter with --workspace-param";
    return chosen;
  }
  NodeId taken = c.doc.find_declaration(name);
  if (is_string_parameter(c.doc, taken)) {
    return choice(name, "parameter", "the existing parameter '" + name + "'");
  }
  BicepWorkspaceChoice chosen = choice(name, "new-parameter", "the new parameter '" + name + "'");
  if (taken != kNoNode) {
    chosen.manual_reason = "the name '" + name +
                           "' is already declared and is not a string parameter: name a "
                           "workspace parameter with --workspace-param";
    return chosen;
  }
  chosen.changes.push_back(
      BicepChange::add_parameter(name, kWorkspaceParameterDescription, c.options.workspace_id));
  if (!c.options.workspace_id) {
    chosen.required_parameters.push_back(RequiredParameter{name, kWorkspaceParameterDescription});
  }
  return chosen;
}

}  // namespace

BicepWorkspaceChoice choose_bicep_workspace(const BicepClusterContext& context) {
  for (auto strategy : {from_named_parameter, from_container_insights, from_workspace_resource,
                        from_existing_parameter}) {
    if (auto chosen = strategy(context)) return *chosen;
  }
  return with_new_parameter(context);
}

}  // namespace armfix
