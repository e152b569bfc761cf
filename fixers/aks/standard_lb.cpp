// Azure.AKS.StandardLB (AZR-000026): the cluster uses the Standard load balancer, which
// supports availability zones, several node pools and outbound rules; Basic is retired.
//
// Requires `properties.networkProfile.loadBalancerSku: standard` (ignoring case).
//   missing: add `standard`, the API's default, safe
//   explicit `basic`: manual (the SKU cannot change after the cluster is created)
//   apiVersion before 2019-04-01 (no loadBalancerSku): raise it, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec standard_lb_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.StandardLB",
               "AZR-000026",
               "Use the Standard load balancer for AKS clusters "
               "(networkProfile.loadBalancerSku = standard).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.StandardLB/",
               "Safe: adding loadBalancerSku standard, the API's default. Unsafe: replacing an "
               "expression, wrapping an expression-valued object in union(), raising an "
               "apiVersion older than 2019-04-01. Manual: an explicit basic, which cannot "
               "change after the cluster is created.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the cluster does not use the Standard load balancer";
  Requirement sku;
  sku.path = {"properties", "networkProfile", "loadBalancerSku"};
  sku.accepted = {"standard"};
  sku.fix = "standard";
  sku.contrary = Safety::Manual;
  sku.contrary_reason =
      "the load balancer SKU cannot change after the cluster is created: create the cluster "
      "anew with loadBalancerSku standard";
  rule.requirements.push_back(std::move(sku));
  return rule;
}

}  // namespace armfix
