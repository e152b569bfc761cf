// Azure.AKS.ManagedIdentity (AZR-000025): the cluster authenticates to Azure with a managed
// identity, not with a service principal's secret that someone has to rotate.
//
// Requires `identity.type` SystemAssigned or UserAssigned (top level, beside `properties`).
//   missing, with no service principal (servicePrincipalProfile.clientId absent or 'msi'): add
//     `identity.type: SystemAssigned`, safe
//   explicit `None`: set SystemAssigned, unsafe
//   with a service principal: manual (moving to a managed identity changes the cluster's
//     credentials and their role assignments)
//   apiVersion before 2019-04-01 (no identity): raise it, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec managed_identity_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.ManagedIdentity",
               "AZR-000025",
               "Use a managed identity for AKS clusters (identity.type SystemAssigned or "
               "UserAssigned).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.ManagedIdentity/",
               "Safe: adding identity.type SystemAssigned where no service principal is set. "
               "Unsafe: replacing an explicit None, replacing an expression, wrapping an "
               "expression-valued identity in union(), raising an apiVersion older than "
               "2019-04-01. Manual: a cluster with a service principal, whose credentials and "
               "role assignments a person has to move.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the cluster does not use a managed identity";
  Requirement type;
  type.path = {"identity", "type"};
  type.accepted = {"SystemAssigned", "UserAssigned"};
  type.fix = "SystemAssigned";
  type.contrary = Safety::Unsafe;
  type.contrary_reason = "overrides an explicit identity type";
  type.fixable_when =
      Precondition{{"properties", "servicePrincipalProfile", "clientId"}, {nullptr, "msi"}};
  type.fixable_when_reason =
      "the cluster authenticates with a service principal: grant a managed identity the "
      "service principal's role assignments, then set identity.type and remove "
      "servicePrincipalProfile";
  rule.requirements.push_back(std::move(type));
  return rule;
}

}  // namespace armfix
