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

// Candidates the chain did not take, each "what: why", for the finding's message.
using PassedOver = std::vector<std::string>;

// Why `value` cannot be the workspace ID: the API refuses Defender with a null or empty one.
// Usable are a non-empty string under the parameter defaults, an expression certain to give
// one (resourceId(), a resource's .id), and a parameter deployments must pass.
std::optional<std::string> unusable(const WorkspaceContext& c, ValueRef value) {
  Evaluated evaluated = c.model.evaluate(c.cluster, value);
  if (evaluated.known()) {
    const nlohmann::json& known = *evaluated.value;
    if (known.is_string() && !known.get_ref<const std::string&>().empty()) return std::nullopt;
    if (known.is_null()) return "it is null under the parameter defaults";
    if (known.is_string()) return "it is an empty string under the parameter defaults";
    return "it is " + c.model.spell(known) + ", not a resource ID";
  }
  if (evaluated.non_empty_string) return std::nullopt;
  auto parameter = c.model.referenced_parameter(c.cluster, value);
  if (parameter && !parameter->value.known()) return std::nullopt;
  return "it may be null or empty (" + evaluated.unknown_reason + ")";
}

// A workspace ID another block already holds, copied as written; nullopt (and why, in
// `passed_over`) when it cannot serve.
std::optional<nlohmann::ordered_json> reusable(const WorkspaceContext& c, ValueRef value,
                                               const std::string& what, PassedOver& passed_over) {
  if (!value.is(Shape::Literal) && !value.is(Shape::Expression)) return std::nullopt;
  if (auto reason = unusable(c, value)) {
    passed_over.push_back(what + ": " + *reason);
    return std::nullopt;
  }
  return c.model.copy_of(value);
}

// Why an add-on is not on under the parameter defaults; nullopt when it is.
std::optional<std::string> add_on_off(const WorkspaceContext& c, ValueRef add_on) {
  ValueRef enabled = c.model.member(add_on, "enabled");
  if (enabled.absent()) return "the add-on has no enabled flag";
  Evaluated evaluated = c.model.evaluate(c.cluster, enabled);
  if (!evaluated.known()) {
    return "whether the add-on is enabled is not known (" + evaluated.unknown_reason + ")";
  }
  if (*evaluated.value != true) return "the add-on is disabled under the parameter defaults";
  return std::nullopt;
}

// What a workspace parameter added or required for this use says it holds.
const char* parameter_description(const WorkspaceContext& c) {
  return c.use == WorkspaceUse::Defender
             ? kWorkspaceParameterDescription
             : "Resource ID of the Log Analytics workspace that Container insights sends the "
               "cluster's logs and metrics to.";
}

// A parameter whose default is empty: deployments must pass the workspace.
bool empty_default(const ParameterRef& parameter) {
  const auto& value = parameter.value.value;
  return value &&
         (value->is_null() || (value->is_string() && value->get_ref<const std::string&>().empty()));
}

constexpr const char* kEmptyDefaultNote =
    " (it defaults to an empty string: deployments must pass a workspace ID)";

// A parameter the team chose or armfix would add, reused even with an empty default: the
// workspace becomes a value every deployment passes.
WorkspaceChoice reuse_parameter(const WorkspaceContext& c, const ParameterRef& parameter,
                                std::string strategy, std::string description) {
  const bool empty = empty_default(parameter);
  WorkspaceChoice chosen = choice(c.model.parameter_reference(parameter.name), std::move(strategy),
                                  std::move(description) + (empty ? kEmptyDefaultNote : ""));
  if (empty) {
    chosen.required_parameters.push_back(
        RequiredParameter{parameter.name, parameter_description(c)});
  }
  return chosen;
}

// b. --workspace-param names a parameter the cluster's template already declares.
std::optional<WorkspaceChoice> from_named_parameter(const WorkspaceContext& c, PassedOver&) {
  if (!c.options.workspace_param_given) return std::nullopt;
  auto parameter = c.model.find_parameter(c.cluster, c.options.workspace_param);
  if (!parameter) return std::nullopt;
  return reuse_parameter(c, *parameter, "workspace-param",
                         "the parameter '" + parameter->name + "' named by --workspace-param");
}

// c. Container insights on the same cluster already names a workspace.
std::optional<WorkspaceChoice> from_container_insights(const WorkspaceContext& c,
                                                       PassedOver& passed_over) {
  const std::string what = "the Container insights (omsagent) workspace";
  ValueRef addons = c.model.member(c.properties, "addonProfiles");
  ValueRef oms_agent = c.model.member(addons, "omsagent");
  ValueRef id =
      c.model.member(c.model.member(oms_agent, "config"), "logAnalyticsWorkspaceResourceID");
  if (id.absent()) return std::nullopt;
  if (auto off = add_on_off(c, oms_agent)) {
    passed_over.push_back(what + ": " + *off);
    return std::nullopt;
  }
  auto value = reusable(c, id, what, passed_over);
  if (!value) return std::nullopt;
  return choice(*value, "container-insights", "the Container insights (omsagent) workspace");
}

// c'. For Container insights: Defender on the same cluster already names a workspace.
std::optional<WorkspaceChoice> from_defender(const WorkspaceContext& c, PassedOver& passed_over) {
  const std::string what = "the Defender workspace";
  ValueRef defender = c.model.member(c.model.member(c.properties, "securityProfile"), "defender");
  ValueRef id = c.model.member(defender, "logAnalyticsWorkspaceResourceId");
  if (id.absent()) return std::nullopt;
  auto value = reusable(c, id, what, passed_over);
  if (!value) return std::nullopt;
  return choice(*value, "defender", what);
}

// d. The legacy azureDefender block being migrated names one.
std::optional<WorkspaceChoice> from_azure_defender(const WorkspaceContext& c,
                                                   PassedOver& passed_over) {
  auto value = reusable(c, c.model.member(c.azure_defender, "logAnalyticsWorkspaceResourceId"),
                        "the workspace of the legacy azureDefender block", passed_over);
  if (!value) return std::nullopt;
  return choice(*value, "azure-defender", "the workspace of the legacy azureDefender block");
}

// e. Exactly one workspace resource declared beside the cluster, deployed or `existing`.
std::optional<WorkspaceChoice> from_workspace_resource(const WorkspaceContext& c, PassedOver&) {
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
std::optional<WorkspaceChoice> from_existing_parameter(const WorkspaceContext& c,
                                                       PassedOver& passed_over) {
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
  const ParameterRef& parameter = candidates.front();
  if (empty_default(parameter)) {
    passed_over.push_back("the parameter '" + parameter.name + "': its default is empty");
    return std::nullopt;
  }
  return choice(c.model.parameter_reference(parameter.name), "parameter",
                "the existing parameter '" + parameter.name + "'");
}

// g. A new parameter, declared where the cluster's expressions look for it.
WorkspaceChoice with_new_parameter(const WorkspaceContext& c) {
  const std::string& name = c.options.workspace_param;
  if (auto taken = c.model.find_parameter(c.cluster, name); taken && taken->is_string) {
    return reuse_parameter(c, *taken, "parameter", "the existing parameter '" + taken->name + "'");
  }
  if (auto reason = c.model.cannot_add_parameter(c.cluster, name)) {
    WorkspaceChoice chosen;
    chosen.manual_reason = *reason + ": name a workspace parameter with --workspace-param";
    return chosen;
  }
  WorkspaceChoice chosen = choice(c.model.parameter_reference(name), "new-parameter",
                                  "the new parameter '" + name + "'");
  chosen.intents.push_back(
      Intent::add_parameter(name, parameter_description(c), c.options.workspace_id));
  if (!c.options.workspace_id) {
    chosen.required_parameters.push_back(RequiredParameter{name, parameter_description(c)});
  }
  return chosen;
}

}  // namespace

WorkspaceChoice choose_workspace(const WorkspaceContext& context) {
  PassedOver passed_over;
  using Strategy = std::optional<WorkspaceChoice> (*)(const WorkspaceContext&, PassedOver&);
  const bool defender = context.use == WorkspaceUse::Defender;
  // The legacy block counts for Container insights too: it names the cluster's workspace.
  for (Strategy strategy :
       {from_named_parameter, defender ? from_container_insights : from_defender,
        from_azure_defender, from_workspace_resource, from_existing_parameter}) {
    if (auto chosen = strategy(context, passed_over)) {
      chosen->passed_over = std::move(passed_over);
      return *chosen;
    }
  }
  WorkspaceChoice chosen = with_new_parameter(context);
  chosen.passed_over = std::move(passed_over);
  return chosen;
}

}  // namespace armfix
