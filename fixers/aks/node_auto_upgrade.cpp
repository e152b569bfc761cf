// Azure.AKS.NodeAutoUpgrade (AZR-000435): the nodes' operating system is patched automatically
// through a node OS upgrade channel.
//
// Requires `properties.autoUpgradeProfile.nodeOSUpgradeChannel` to be SecurityPatch or
// NodeImage.
//   missing: add the `channel` option's value (`NodeImage`, the service's default), safe
//   explicit `None` or `Unmanaged`: unsafe (a team may patch nodes its own way)
//   apiVersion without nodeOSUpgradeChannel: raise it, unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec node_auto_upgrade_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.NodeAutoUpgrade",
               "AZR-000435",
               "Configure AKS clusters to patch their nodes' operating system automatically "
               "(autoUpgradeProfile.nodeOSUpgradeChannel SecurityPatch or NodeImage).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.NodeAutoUpgrade/",
               "Safe: adding nodeOSUpgradeChannel with the channel option's value (NodeImage, "
               "the service's default). Unsafe: replacing an explicit None or Unmanaged, "
               "replacing an expression, wrapping an expression-valued object in union(), "
               "raising an apiVersion older than 2023-06-01 (2022-10-02-preview).",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "node OS upgrades are not automatic";
  rule.info.options.push_back(RuleOption{"channel",
                                         "The node OS upgrade channel a fix writes when none is "
                                         "set.",
                                         {"NodeImage", "SecurityPatch"},
                                         "NodeImage"});
  Requirement channel;
  channel.path = {"properties", "autoUpgradeProfile", "nodeOSUpgradeChannel"};
  channel.accepted = {"SecurityPatch", "NodeImage"};
  channel.fix = "NodeImage";
  channel.fix_option = "channel";
  channel.contrary = Safety::Unsafe;
  channel.contrary_reason =
      "overrides an explicit node OS upgrade channel, which a team may have chosen";
  rule.requirements.push_back(std::move(channel));
  return rule;
}

}  // namespace armfix
