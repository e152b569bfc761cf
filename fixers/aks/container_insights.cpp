// Requires `properties.addonProfiles.omsagent.enabled: true` (the API spells the key
// `omsagent`; `omsAgent` is reused as written).
//   missing (add-on, addonProfiles or enabled): add it with config.logAnalyticsWorkspaceResourceID
//     from the workspace strategies Azure.AKS.DefenderProfile uses (the Defender block's
//     workspace first), unsafe: the add-on bills the logs it ingests
//   `enabled: false`: set true, with the workspace where its config has none, unsafe
//   expression-valued addonProfiles or add-on: wrap in union(), unsafe
#include "aks/container_insights.hpp"

#include "aks/aks_rules.hpp"
#include "aks/workspace_wiring.hpp"

namespace armfix {

namespace {

const PropertyPath kOmsAgent = {"properties", "addonProfiles", "omsagent"};
constexpr const char* kWorkspaceKey = "logAnalyticsWorkspaceResourceID";

RuleSpec container_insights_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.ContainerInsights",
               "AZR-000041",
               "Enable Container insights on AKS clusters (addonProfiles.omsagent.enabled = "
               "true, with a Log Analytics workspace).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.ContainerInsights/",
               "Unsafe, since the add-on bills the logs it ingests: adding the add-on with its "
               "workspace (wired as Azure.AKS.DefenderProfile wires one: the Defender block's "
               "workspace, a --workspace-param parameter, a workspace resource or parameter of "
               "the file, or a new parameter), enabling an add-on set to false, replacing an "
               "expression, wrapping an expression-valued object in union().",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "Container insights is not enabled";
  Requirement enabled = add_on_enabled("omsagent");
  enabled.missing = Safety::Unsafe;
  enabled.missing_reason = "the add-on bills the logs it ingests into the workspace";
  enabled.contrary_reason =
      "enables an add-on the template turns off; the add-on bills the logs it ingests";
  rule.requirements.push_back(std::move(enabled));
  return rule;
}

// The intents' value for the omsagent object, where an intent writes the add-on itself (a Set
// or a wrap at or above it); nullptr when none does.
nlohmann::ordered_json* written_add_on(Intent& intent) {
  if (intent.kind != IntentKind::Set && intent.kind != IntentKind::Wrap) return nullptr;
  if (intent.path.size() > kOmsAgent.size()) return nullptr;
  if (!same_path(intent.path, PropertyPath(kOmsAgent.begin(),
                                           kOmsAgent.begin() +
                                               static_cast<std::ptrdiff_t>(intent.path.size())))) {
    return nullptr;
  }
  nlohmann::ordered_json* value = &intent.value;
  for (std::size_t i = intent.path.size(); i < kOmsAgent.size(); ++i) {
    if (!value->is_object()) return nullptr;
    value = &(*value)[kOmsAgent[i]];
  }
  return value;
}

// Whether the cluster's add-on already names a workspace in its config.
bool has_workspace(const ResourceModel& model, const ResourceRef& cluster) {
  ValueRef config = model.member(model.at(cluster, kOmsAgent), "config");
  return !model.member(config, kWorkspaceKey).absent();
}

// The finding's fix gains the workspace: in the add-on the fix writes, or beside the enabled
// flag it sets.
void wire(Finding& finding, const ResourceModel& model, const ResourceRef& cluster,
          const FixOptions& options) {
  const ValueRef properties = model.member(model.body(cluster), "properties");
  const ValueRef legacy =
      model.member(model.member(properties, "securityProfile"), "azureDefender");
  WorkspaceChoice choice = choose_workspace(WorkspaceContext{
      model, cluster, options, properties, legacy, WorkspaceUse::ContainerInsights});
  std::string notes;
  for (const auto& candidate : choice.passed_over)
    notes += "; passed over " + candidate;
  if (choice.manual_reason) {
    finding.safety = Safety::Manual;
    finding.intents.clear();
    const std::size_t fix = finding.message.find("; fix: ");
    if (fix != std::string::npos) finding.message.resize(fix);
    finding.message += "; " + *choice.manual_reason + notes;
    return;
  }
  bool wired = false;
  for (auto& intent : finding.intents) {
    if (nlohmann::ordered_json* add_on = written_add_on(intent)) {
      (*add_on)["config"][kWorkspaceKey] = choice.value;
      wired = true;
    }
  }
  if (!wired && !has_workspace(model, cluster)) {
    PropertyPath path = kOmsAgent;
    path.emplace_back("config");
    path.emplace_back(kWorkspaceKey);
    finding.intents.push_back(Intent::set(std::move(path), choice.value));
    wired = true;
  }
  if (!wired) return;
  for (auto& intent : choice.intents)
    finding.intents.push_back(std::move(intent));
  finding.strategy = choice.strategy;
  finding.required_parameters = choice.required_parameters;
  const std::string with = " with " + choice.description + " as its workspace";
  const std::size_t unsafe = finding.message.find(" (unsafe: ");
  finding.message.insert(unsafe == std::string::npos ? finding.message.size() : unsafe, with);
  finding.message += notes;
}

}  // namespace

ContainerInsightsFixer::ContainerInsightsFixer() : enabled_(container_insights_rule()) {}

const RuleInfo& ContainerInsightsFixer::info() const {
  return enabled_.info();
}

std::string_view ContainerInsightsFixer::resource_type() const {
  return kManagedClusterType;
}

std::vector<Finding> ContainerInsightsFixer::check(const ResourceModel& model,
                                                   const FixOptions& options) const {
  std::vector<Finding> findings;
  for (const auto& cluster : model.deployed(kManagedClusterType)) {
    auto finding = enabled_.check_resource(model, cluster, options);
    if (!finding) continue;
    finding->rule = &info();
    if (finding->safety != Safety::Manual) wire(*finding, model, cluster, options);
    findings.push_back(std::move(*finding));
  }
  return findings;
}

}  // namespace armfix
