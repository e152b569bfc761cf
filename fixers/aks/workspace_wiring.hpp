// Where Defender's logAnalyticsWorkspaceResourceId comes from: the strategies of
// Azure.AKS.DefenderProfile, tried in order, first match wins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "armfix/fixer.hpp"

namespace armfix {

struct ClusterContext {
  const Document& doc;
  const TemplateView& view;
  const Resource& cluster;
  const FixOptions& options;
  NodeId properties = kNoNode;      // the cluster's `properties` object, if it is one
  NodeId azure_defender = kNoNode;  // the legacy securityProfile.azureDefender block, if any
};

struct WorkspaceChoice {
  nlohmann::ordered_json value;            // the value for logAnalyticsWorkspaceResourceId
  std::string strategy;                    // stable name, reported in JSON, SARIF and the summary
  std::string description;                 // for the finding's message
  std::vector<PatchOperation> operations;  // dependsOn entries, new parameters, pass-through
  std::vector<RequiredParameter> required_parameters;
  std::optional<std::string> manual_reason;  // set when no workspace can be wired
};

WorkspaceChoice choose_workspace(const ClusterContext& context);

}  // namespace armfix
