// Azure.AKS.AzurePolicyAddOn (AZR-000028): the Azure Policy add-on is enabled, so the
// cluster's workloads are audited and governed by Azure Policy.
//
// Requires `properties.addonProfiles.azurepolicy.enabled: true`. The API spells the add-on's
// key `azurepolicy`; templates also write `azurePolicy`, which is reused as written.
//   missing (add-on, addonProfiles or enabled): add it, safe
//   `enabled: false`: set true, unsafe (someone turned it off)
//   expression-valued addonProfiles or add-on: wrap in union(), unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec azure_policy_add_on_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.AzurePolicyAddOn",
               "AZR-000028",
               "Configure AKS clusters to use the Azure Policy add-on for Kubernetes "
               "(addonProfiles.azurepolicy.enabled = true).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.AzurePolicyAddOn/",
               "Safe: adding the add-on or its enabled flag. Unsafe: enabling an add-on set to "
               "false, replacing an expression with true, wrapping an expression-valued object "
               "in union(), raising an apiVersion older than 2018-03-31.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the Azure Policy add-on is not enabled";
  rule.requirements.push_back(add_on_enabled("azurepolicy"));
  return rule;
}

}  // namespace armfix
