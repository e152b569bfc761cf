// Where Defender's logAnalyticsWorkspaceResourceId comes from in a Bicep file: the strategies
// of Azure.AKS.DefenderProfile, tried in the ARM fixer's order, first match wins, each
// written the Bicep way (a symbol's `.id`, a parameter by name, no dependsOn).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "armfix/fixer.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_editor.hpp"

namespace armfix {

struct BicepClusterContext {
  const BicepDocument& doc;
  NodeId cluster = kNoNode;     // the resource declaration
  NodeId properties = kNoNode;  // its `properties` object, if it is one
  const FixOptions& options;
};

struct BicepWorkspaceChoice {
  std::string expression;            // the value for logAnalyticsWorkspaceResourceId
  std::string strategy;              // the stable names the ARM fixer reports
  std::string description;           // for the finding's message
  std::vector<BicepChange> changes;  // a parameter declaration, when one is added
  std::vector<RequiredParameter> required_parameters;
  std::optional<std::string> manual_reason;  // set when no workspace can be wired
};

BicepWorkspaceChoice choose_bicep_workspace(const BicepClusterContext& context);

}  // namespace armfix
