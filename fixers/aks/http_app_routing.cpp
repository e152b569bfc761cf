// Azure.AKS.HttpAppRouting (AZR-000035): the HTTP application routing add-on, meant for trying
// AKS out and retired by the service, is not enabled.
//
// Passes when `properties.addonProfiles.httpApplicationRouting.enabled` is absent or false.
//   explicit `true`: set false, unsafe (removes the add-on's ingress and DNS zone)
//   an expression that is true under the defaults: replaced with false, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec http_app_routing_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.HttpAppRouting",
               "AZR-000035",
               "Disable the HTTP application routing add-on on AKS clusters "
               "(addonProfiles.httpApplicationRouting.enabled absent or false).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.HttpAppRouting/",
               "Unsafe: setting an enabled add-on to false, which removes its ingress controller "
               "and DNS zone, and replacing an expression that enables it. A missing add-on "
               "passes: nothing to fix.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the HTTP application routing add-on is enabled";
  Requirement disabled;
  disabled.path = {"properties", "addonProfiles", "httpApplicationRouting", "enabled"};
  disabled.accepted = {false};
  disabled.fix = false;
  disabled.missing_passes = true;
  disabled.contrary = Safety::Unsafe;
  disabled.contrary_reason =
      "removes the add-on's ingress controller and DNS zone: move the cluster's ingress to the "
      "application routing add-on first";
  rule.requirements.push_back(std::move(disabled));
  return rule;
}

}  // namespace armfix
