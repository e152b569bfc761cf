// Azure.AKS.AutoUpgrade (AZR-000036): the cluster upgrades Kubernetes automatically through
// an upgrade channel, so it does not fall out of support.
//
// Requires `properties.autoUpgradeProfile.upgradeChannel` set and not `none`.
//   missing: add the `channel` option's value (`stable` by default), safe
//   explicit `none`: unsafe (a team may have chosen manual upgrades)
//   apiVersion before 2020-11-01 (no autoUpgradeProfile): raise it, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec auto_upgrade_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.AutoUpgrade",
               "AZR-000036",
               "Configure AKS clusters to upgrade automatically through an upgrade channel "
               "(autoUpgradeProfile.upgradeChannel set and not none).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.AutoUpgrade/",
               "Safe: adding autoUpgradeProfile.upgradeChannel with the channel option's value. "
               "Unsafe: replacing an explicit none, replacing an expression, wrapping an "
               "expression-valued object in union(), raising an apiVersion older than "
               "2020-11-01.",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "automatic upgrades are not configured";
  rule.info.options.push_back(RuleOption{"channel",
                                         "The upgrade channel a fix writes when none is set.",
                                         {"rapid", "stable", "patch", "node-image"},
                                         "stable"});
  Requirement channel;
  channel.path = {"properties", "autoUpgradeProfile", "upgradeChannel"};
  channel.rejected = {"none"};
  channel.fix = "stable";
  channel.fix_option = "channel";
  channel.contrary = Safety::Unsafe;
  channel.contrary_reason = "overrides the explicit channel none, which a team may have chosen";
  rule.requirements.push_back(std::move(channel));
  return rule;
}

}  // namespace armfix
