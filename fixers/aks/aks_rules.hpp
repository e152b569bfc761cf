// The AKS rules armfix fixes, each declared in its own file of fixers/aks/.
#pragma once

#include "rules/rule_spec.hpp"

namespace armfix {

// The resource type every AKS rule checks.
inline constexpr const char* kManagedClusterType = "Microsoft.ContainerService/managedClusters";

RuleSpec azure_policy_add_on_rule();
RuleSpec auto_upgrade_rule();
RuleSpec standard_lb_rule();
RuleSpec use_rbac_rule();
RuleSpec http_app_routing_rule();
RuleSpec node_auto_upgrade_rule();

}  // namespace armfix
