// The workspace strategies of Azure.AKS.DefenderProfile: reuse what the file already has
// before adding anything, and say which source was used.
#include "workspace_wiring.hpp"

#include "aks/defender_facts.hpp"

namespace armfix {

namespace {

constexpr const char* kWorkspaceType = "Microsoft.OperationalInsights/workspaces";

WorkspaceChoice choice(nlohmann::ordered_json value, std::string strategy,
                       std::string description) {
  WorkspaceChoice chosen;
  chosen.value = std::move(value);
  chosen.strategy = std::move(strategy);
  chosen.description = std::move(description);
  return chosen;
}

// A workspace ID another block already holds, copied as written: a non-empty literal string,
// or an expression.
std::optional<nlohmann::ordered_json> reusable(const ResourceModel& model, ValueRef value) {
  if (value.is(Shape::Literal)) {
    auto literal = model.literal(value);
    if (!literal || !literal->is_string() || literal->get_ref<const std::string&>().empty()) {
      return std::nullopt;
    }
  } else if (!value.is(Shape::Expression)) {
    return std::nullopt;
  }
  return model.copy_of(value);
}

// b. --workspace-param names a parameter the cluster's template already declares.
std::optional<WorkspaceChoice> from_named_parameter(const WorkspaceContext& c) {
  if (!c.options.workspace_param_given) return std::nullopt;
  auto parameter = c.model.find_parameter(c.cluster, c.options.workspace_param);
  if (!parameter) return std::nullopt;
  return choice(c.model.parameter_reference(parameter->name), "workspace-param",
                "the parameter '" + parameter->name + "' named by --workspace-param");
}

// c. Container insights on the same cluster already names a workspace.
std::optional<WorkspaceChoice> from_container_insights(const WorkspaceContext& c) {
  ValueRef addons = c.model.member(c.properties, "addonProfiles");
  ValueRef config = c.model.member(c.model.member(addons, "omsagent"), "config");
  auto value = reusable(c.model, c.model.member(config, "logAnalyticsWorkspaceResourceID"));
  if (!value) return std::nullopt;
  return choice(*value, "container-insights", "the Container insights (omsagent) workspace");
}

// d. The legacy azureDefender block being migrated names one.
std::optional<WorkspaceChoice> from_azure_defender(const WorkspaceContext& c) {
  auto value =
      reusable(c.model, c.model.member(c.azure_defender, "logAnalyticsWorkspaceResourceId"));
  if (!value) return std::nullopt;
  return choice(*value, "azure-defender", "the workspace of the legacy azureDefender block");
}

// e. Exactly one workspace resource declared beside the cluster, deployed or `existing`.
std::optional<WorkspaceChoice> from_workspace_resource(const WorkspaceContext& c) {
  auto workspaces = c.model.declared_beside(c.cluster, kWorkspaceType);
  // None, or several: which one is meant is not clear.
  if (workspaces.size() != 1) return std::nullopt;
  const ResourceRef& workspace = workspaces.front();
  auto id = c.model.resource_id(workspace);
  if (!id) return std::nullopt;
  std::string unit(c.model.unit_name());
  WorkspaceChoice chosen = choice(
      *id, "workspace-resource",
      workspace.label.empty() ? "the workspace resource in this " + unit
                              : "the workspace resource '" + workspace.label + "' in this " + unit);
  if (!workspace.existing) chosen.intents.push_back(Intent::depend_on(workspace.index));
  return chosen;
}

// f. One string parameter whose name says it holds a workspace resource ID.
std::optional<WorkspaceChoice> from_existing_parameter(const WorkspaceContext& c) {
  std::vector<ParameterRef> candidates;
  for (const auto& parameter : c.model.parameters(c.cluster)) {
    if (parameter.is_string && names_a_workspace_id(parameter.name))
      candidates.push_back(parameter);
  }
  if (candidates.size() > 1) {
    // Several look right: only the one named like the parameter armfix would add is certain.
    auto preferred = c.model.find_parameter(c.cluster, c.options.workspace_param);
    if (!preferred || !preferred->is_string) return std::nullopt;
    candidates.assign(1, *preferred);
  }
  if (candidates.empty()) return std::nullopt;
  const std::string& name = candidates.front().name;
  return choice(c.model.parameter_reference(name), "parameter",
                "the existing parameter '" + name + "'");
}

// g. A new parameter, declared where the cluster's expressions look for it.
WorkspaceChoice with_new_parameter(const WorkspaceContext& c) {
  const std::string& name = c.options.workspace_param;
  if (auto taken = c.model.find_parameter(c.cluster, name); taken && taken->is_string) {
    return choice(c.model.parameter_reference(taken->name), "parameter",
                  "the existing parameter '" + taken->name + "'");
  }
  if (auto reason = c.model.cannot_add_parameter(c.cluster, name)) {
    WorkspaceChoice chosen;
    chosen.manual_reason = *reason + ": name a workspace parameter with --workspace-param";
    return chosen;
  }
  WorkspaceChoice chosen = choice(c.model.parameter_reference(name), "new-parameter",
                                  "the new parameter '" + name + "'");
  chosen.intents.push_back(
      Intent::add_parameter(name, kWorkspaceParameterDescription, c.options.workspace_id));
  if (!c.options.workspace_id) {
    chosen.required_parameters.push_back(RequiredParameter{name, kWorkspaceParameterDescription});
  }
  return chosen;
}

}  // namespace

WorkspaceChoice choose_workspace(const WorkspaceContext& context) {
  for (auto strategy : {from_named_parameter, from_container_insights, from_azure_defender,
                        from_workspace_resource, from_existing_parameter}) {
    if (auto chosen = strategy(context)) return *chosen;
  }
  return with_new_parameter(context);
}

}  // namespace armfix
