// The AKS rules armfix fixes, each declared in its own file of fixers/aks/.
#pragma once

#include "rules/rule_spec.hpp"

namespace armfix {

// The resource type every AKS rule checks.
inline constexpr const char* kManagedClusterType = "Microsoft.ContainerService/managedClusters";

// `properties.addonProfiles.<key>.enabled: true`, as the add-on rules require it: a missing
// add-on is added, one the template turns off is enabled, unsafe.
Requirement add_on_enabled(const std::string& key);

RuleSpec azure_policy_add_on_rule();
RuleSpec auto_upgrade_rule();
RuleSpec standard_lb_rule();
RuleSpec use_rbac_rule();
RuleSpec http_app_routing_rule();
RuleSpec node_auto_upgrade_rule();
RuleSpec secret_store_rule();
RuleSpec secret_store_rotation_rule();
RuleSpec local_accounts_rule();
RuleSpec managed_identity_rule();

}  // namespace armfix
