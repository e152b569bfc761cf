// Where Defender's logAnalyticsWorkspaceResourceId comes from: the strategies of
// Azure.AKS.DefenderProfile, tried in order, first match wins. One chain for ARM and Bicep:
// the resource model spells each reference in the file's own language.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "armfix/fixer.hpp"
#include "armfix/intent.hpp"
#include "armfix/resource_model.hpp"

namespace armfix {

// What the workspace is for: each use looks first at the other's block on the cluster.
enum class WorkspaceUse {
  Defender,           // securityProfile.defender.logAnalyticsWorkspaceResourceId
  ContainerInsights,  // addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID
};

struct WorkspaceContext {
  const ResourceModel& model;
  const ResourceRef& cluster;
  const FixOptions& options;
  ValueRef properties;      // the cluster's `properties`, if it is an object
  ValueRef azure_defender;  // the legacy securityProfile.azureDefender block being migrated
  WorkspaceUse use = WorkspaceUse::Defender;
};

struct WorkspaceChoice {
  nlohmann::ordered_json value;  // the value for logAnalyticsWorkspaceResourceId (verbatim)
  std::string strategy;          // stable name, reported in JSON, SARIF and the summary
  std::string description;       // for the finding's message
  std::vector<Intent> intents;   // a new parameter, a dependsOn entry
  std::vector<RequiredParameter> required_parameters;
  std::optional<std::string> manual_reason;  // set when no workspace can be wired
  // Candidates tried before it that cannot serve, each "what: why" (a null or empty ID under
  // the parameter defaults, a disabled add-on).
  std::vector<std::string> passed_over;
};

WorkspaceChoice choose_workspace(const WorkspaceContext& context);

}  // namespace armfix
