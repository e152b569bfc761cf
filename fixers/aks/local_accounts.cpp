// Azure.AKS.LocalAccounts (AZR-000031): the cluster has no local accounts, so every access to
// its API is authenticated by Microsoft Entra ID.
//
// Requires `properties.disableLocalAccounts: true`. The API accepts it only on clusters with
// managed Entra ID integration (`aadProfile.managed: true`).
//   missing, with aadProfile.managed true: add true, safe
//   explicit false, with aadProfile.managed true: set true, unsafe (tools may still use the
//     local admin credentials)
//   without aadProfile.managed true: manual, naming Azure.AKS.ManagedAAD
//   apiVersion before 2021-03-01: raise it, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec local_accounts_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.LocalAccounts",
               "AZR-000031",
               "Disable the local accounts of AKS clusters (disableLocalAccounts = true).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.LocalAccounts/",
               "Safe: adding disableLocalAccounts true where aadProfile.managed is true. Unsafe: "
               "replacing an explicit false (tools may still use the local admin credentials), "
               "replacing an expression, raising an apiVersion older than 2021-03-01. Manual: a "
               "cluster without managed Entra ID integration, which the API requires first.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the cluster has local accounts";
  Requirement disabled;
  disabled.path = {"properties", "disableLocalAccounts"};
  disabled.accepted = {true};
  disabled.fix = true;
  disabled.contrary = Safety::Unsafe;
  disabled.contrary_reason =
      "turns off the local admin credentials, which tools or pipelines may still use";
  disabled.fixable_when = Precondition{{"properties", "aadProfile", "managed"}, {true}};
  disabled.fixable_when_reason =
      "the API accepts disableLocalAccounts only with managed Entra ID integration: set "
      "aadProfile.managed true with its admin groups (Azure.AKS.ManagedAAD), then set "
      "disableLocalAccounts true";
  rule.requirements.push_back(std::move(disabled));
  return rule;
}

}  // namespace armfix
