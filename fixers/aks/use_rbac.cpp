// Azure.AKS.UseRBAC (AZR-000038): the cluster authorises with Kubernetes role-based access
// control, so access to its API can be limited per user and namespace.
//
// Requires `properties.enableRBAC: true`.
//   missing: add `true`, unsafe (it cannot change after creation, and old apiVersions
//     defaulted to off)
//   explicit `false`: manual (only a new cluster can turn it on)
//   apiVersion before 2018-03-31 (no enableRBAC): raise it, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec use_rbac_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.UseRBAC",
               "AZR-000038",
               "Use Kubernetes role-based access control on AKS clusters (enableRBAC = true).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.UseRBAC/",
               "Unsafe: adding enableRBAC true (it cannot change after the cluster is created, "
               "and old apiVersions defaulted to off), replacing an expression, wrapping an "
               "expression-valued object in union(), raising an apiVersion older than "
               "2018-03-31. Manual: an explicit false, which only a new cluster can change.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "Kubernetes RBAC is not enabled";
  Requirement rbac;
  rbac.path = {"properties", "enableRBAC"};
  rbac.accepted = {true};
  rbac.fix = true;
  rbac.missing = Safety::Unsafe;
  rbac.missing_reason =
      "enableRBAC cannot change after the cluster is created, and clusters of old apiVersions "
      "were created without it";
  rbac.contrary = Safety::Manual;
  rbac.contrary_reason =
      "enableRBAC cannot change after the cluster is created: create the cluster anew with "
      "enableRBAC true";
  rule.requirements.push_back(std::move(rbac));
  return rule;
}

}  // namespace armfix
