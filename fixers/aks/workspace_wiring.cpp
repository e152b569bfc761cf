// The workspace strategies of Azure.AKS.DefenderProfile: reuse what the template already has
// before adding anything, and say which source was used.
#include "workspace_wiring.hpp"

#include "aks/defender_facts.hpp"
#include "json/arm_expression.hpp"

namespace armfix {

namespace {

constexpr std::string_view kWorkspaceType = "Microsoft.OperationalInsights/workspaces";
constexpr const char* kParameterDescription =
    "Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends "
    "security data to.";

std::string parameter_reference(const std::string& name) {
  return "[parameters(" + quote_literal(name) + ")]";
}

// b. --workspace-param names a parameter the cluster's template already declares.
std::optional<WorkspaceChoice> from_named_parameter(const ClusterContext& c) {
  if (!c.options.workspace_param_given) return std::nullopt;
  std::size_t scope = c.view.scopes()[c.cluster.scope].expression_scope;
  NodeId parameter = c.doc.find_member(c.view.parameters_of(scope), c.options.workspace_param);
  if (parameter == kNoNode) return std::nullopt;
  std::string name = c.doc.key(parameter);
  return WorkspaceChoice{parameter_reference(name),
                         "workspace-param",
                         "the parameter '" + name + "' named by --workspace-param",
                         {},
                         {},
                         {}};
}

// c. Container insights on the same cluster already names a workspace.
std::optional<WorkspaceChoice> from_container_insights(const ClusterContext& c) {
  NodeId addons = c.doc.find_member(c.properties, "addonProfiles");
  NodeId oms = c.doc.find_member(addons, "omsagent");
  NodeId config = c.doc.find_member(oms, "config");
  NodeId workspace = c.doc.find_member(config, "logAnalyticsWorkspaceResourceID");
  if (!c.doc.is_string(workspace) || c.doc.string_value(workspace).empty()) return std::nullopt;
  return WorkspaceChoice{c.doc.value(workspace),
                         "container-insights",
                         "the Container insights (omsagent) workspace",
                         {},
                         {},
                         {}};
}

// d. The legacy azureDefender block being migrated names one.
std::optional<WorkspaceChoice> from_azure_defender(const ClusterContext& c) {
  NodeId workspace = c.doc.find_member(c.azure_defender, "logAnalyticsWorkspaceResourceId");
  if (!c.doc.is_string(workspace) || c.doc.string_value(workspace).empty()) return std::nullopt;
  return WorkspaceChoice{c.doc.value(workspace),
                         "azure-defender",
                         "the workspace of the legacy azureDefender block",
                         {},
                         {},
                         {}};
}

bool depends_on_already(const Document& doc, NodeId depends_on, const std::string& symbolic,
                        const std::string& name_argument) {
  for (NodeId e = doc.node(depends_on).first_child; e != kNoNode; e = doc.node(e).next_sibling) {
    if (!doc.is_string(e)) continue;
    std::string entry = doc.string_value(e);
    if (!symbolic.empty() && equals_ignore_case(entry, symbolic)) return true;
    if (!name_argument.empty() && entry.find(name_argument) != std::string::npos) return true;
  }
  return false;
}

// Names the workspace by what a reader recognises: its symbolic or literal name.
std::string describe_workspace(const Resource& workspace) {
  if (!workspace.symbolic_name.empty()) {
    return "the workspace resource '" + workspace.symbolic_name + "' in this template";
  }
  if (!workspace.display_name.empty() && workspace.display_name.front() != '[') {
    return "the workspace resource '" + workspace.display_name + "' in this template";
  }
  return "the workspace resource in this template";
}

// e. Exactly one workspace resource in the cluster's own template.
std::optional<WorkspaceChoice> from_workspace_resource(const ClusterContext& c) {
  const Resource* workspace = nullptr;
  for (const auto& resource : c.view.resources()) {
    if (resource.scope != c.cluster.scope || !equals_ignore_case(resource.type, kWorkspaceType)) {
      continue;
    }
    if (workspace != nullptr) return std::nullopt;  // several: which one is meant is not clear
    workspace = &resource;
  }
  if (workspace == nullptr || c.doc.find_member(workspace->node, "copy") != kNoNode) {
    return std::nullopt;
  }
  bool symbolic = c.view.scopes()[c.cluster.scope].symbolic;
  std::string id;
  std::string name_argument;
  if (symbolic) {
    id = "[resourceInfo(" + quote_literal(workspace->symbolic_name) + ").id]";
  } else {
    NodeId name = c.doc.find_member(workspace->node, "name");
    if (!c.doc.is_string(name)) return std::nullopt;
    auto argument = as_argument(c.doc.value(name));
    if (!argument) return std::nullopt;
    name_argument = *argument;
    id = "[resourceId('" + std::string(kWorkspaceType) + "', " + name_argument + ")]";
  }
  WorkspaceChoice choice{id, "workspace-resource", describe_workspace(*workspace), {}, {}, {}};
  if (!workspace->existing) {
    std::string entry =
        symbolic ? workspace->symbolic_name
                 : "[resourceId('" + std::string(kWorkspaceType) + "', " + name_argument + ")]";
    NodeId depends_on = c.doc.find_member(c.cluster.node, "dependsOn");
    JsonPointer cluster = c.doc.pointer_to(c.cluster.node);
    if (depends_on == kNoNode) {
      choice.operations.push_back(
          PatchOperation::add(cluster / "dependsOn", nlohmann::ordered_json::array({entry})));
    } else if (c.doc.is_array(depends_on) &&
               !depends_on_already(c.doc, depends_on, workspace->symbolic_name, name_argument)) {
      choice.operations.push_back(PatchOperation::add(c.doc.pointer_to(depends_on) / "-", entry));
    }
  }
  return choice;
}

bool is_string_parameter(const Document& doc, NodeId parameter) {
  NodeId type = doc.find_member(parameter, "type");
  return doc.is_string(type) && equals_ignore_case(doc.string_value(type), "string");
}

// f. One string parameter whose name says it holds a workspace resource ID.
std::optional<WorkspaceChoice> from_existing_parameter(const ClusterContext& c) {
  std::size_t scope = c.view.scopes()[c.cluster.scope].expression_scope;
  NodeId parameters = c.view.parameters_of(scope);
  if (!c.doc.is_object(parameters)) return std::nullopt;
  std::vector<NodeId> candidates;
  for (NodeId p = c.doc.node(parameters).first_child; p != kNoNode;
       p = c.doc.node(p).next_sibling) {
    if (is_string_parameter(c.doc, p) && names_a_workspace_id(c.doc.key(p)))
      candidates.push_back(p);
  }
  if (candidates.size() > 1) {
    // Several look right: only the one named like the parameter armfix would add is certain.
    NodeId preferred = c.doc.find_member(parameters, c.options.workspace_param);
    candidates.assign(1, preferred);
  }
  if (candidates.empty() || candidates.front() == kNoNode) return std::nullopt;
  std::string name = c.doc.key(candidates.front());
  return WorkspaceChoice{
      parameter_reference(name), "parameter", "the existing parameter '" + name + "'", {}, {}, {}};
}

nlohmann::ordered_json parameter_definition(const std::optional<std::string>& default_value) {
  nlohmann::ordered_json definition = {{"type", "string"}};
  if (default_value) definition["defaultValue"] = *default_value;
  definition["metadata"] = {{"description", kParameterDescription}};
  return definition;
}

// Declares the parameter in a template unless it is there already.
void declare_parameter(const ClusterContext& c, std::size_t scope, const std::string& name,
                       const std::optional<std::string>& default_value,
                       std::vector<PatchOperation>& operations) {
  NodeId template_node = c.view.scopes()[scope].template_node;
  NodeId parameters = c.view.parameters_of(scope);
  if (c.doc.find_member(parameters, name) != kNoNode) return;
  JsonPointer at = c.doc.pointer_to(template_node);
  if (parameters == kNoNode) {
    operations.push_back(PatchOperation::add(
        at / "parameters", nlohmann::ordered_json{{name, parameter_definition(default_value)}}));
  } else {
    operations.push_back(PatchOperation::add(c.doc.pointer_to(parameters) / name,
                                             parameter_definition(default_value)));
  }
}

// g. A new parameter, declared where the cluster's expressions look for it and passed down
// through every inner-scope nested deployment from the top-level template.
WorkspaceChoice with_new_parameter(const ClusterContext& c) {
  const std::string& name = c.options.workspace_param;
  WorkspaceChoice choice{
      parameter_reference(name), "new-parameter", "the new parameter '" + name + "'", {}, {}, {}};
  const auto& scopes = c.view.scopes();
  std::size_t scope = scopes[c.cluster.scope].expression_scope;
  while (scopes[scope].parent != kNoScope) {
    declare_parameter(c, scope, name, std::nullopt, choice.operations);
    NodeId deployment_properties = c.doc.find_member(scopes[scope].deployment, "properties");
    NodeId passed = c.doc.find_member(deployment_properties, "parameters");
    nlohmann::ordered_json pass_through = {{"value", parameter_reference(name)}};
    if (passed == kNoNode) {
      choice.operations.push_back(
          PatchOperation::add(c.doc.pointer_to(deployment_properties) / "parameters",
                              nlohmann::ordered_json{{name, pass_through}}));
    } else if (!c.doc.is_object(passed)) {
      choice.manual_reason =
          "the nested deployment's parameters are an expression, so a "
          "workspace parameter cannot be passed through";
      return choice;
    } else if (c.doc.find_member(passed, name) == kNoNode) {
      choice.operations.push_back(
          PatchOperation::add(c.doc.pointer_to(passed) / name, pass_through));
    }
    scope = scopes[scopes[scope].parent].expression_scope;
  }
  declare_parameter(c, scope, name, c.options.workspace_id, choice.operations);
  if (!c.options.workspace_id) {
    choice.required_parameters.push_back(RequiredParameter{name, kParameterDescription});
  }
  return choice;
}

}  // namespace

WorkspaceChoice choose_workspace(const ClusterContext& context) {
  for (auto strategy : {from_named_parameter, from_container_insights, from_azure_defender,
                        from_workspace_resource, from_existing_parameter}) {
    if (auto choice = strategy(context)) return *choice;
  }
  return with_new_parameter(context);
}

}  // namespace armfix
