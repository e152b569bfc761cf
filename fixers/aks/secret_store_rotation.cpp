// Azure.AKS.SecretStoreRotation (AZR-000034): where the Key Vault secrets provider is enabled,
// it rotates the secrets it mounts when they change in Key Vault.
//
// Applies where `properties.addonProfiles.azureKeyvaultSecretsProvider.enabled` is true, or
// where Azure.AKS.SecretStore's fix of the cluster enables it. Requires
// `config.enableSecretRotation` to be the string 'true' (the add-on's config holds strings).
//   missing (config or the flag): add 'true', safe
//   explicit 'false': set 'true', unsafe (a team may rotate by redeploying)
#include "aks_rules.hpp"

namespace armfix {

RuleSpec secret_store_rotation_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.SecretStoreRotation",
               "AZR-000034",
               "Rotate the secrets the Key Vault secrets provider mounts "
               "(addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation = "
               "'true').",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.SecretStoreRotation/",
               "Applies only where the add-on is enabled, or where the fix of "
               "Azure.AKS.SecretStore enables it (then no safer than that fix). Safe: adding the "
               "flag. Unsafe: replacing an explicit 'false', replacing an expression, wrapping an "
               "expression-valued object in union().",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the Key Vault secrets provider does not rotate secrets";
  rule.applies_when = Precondition{
      {"properties", "addonProfiles", "azureKeyvaultSecretsProvider", "enabled"}, {true}};
  Requirement rotation;
  rotation.path = {"properties", "addonProfiles", "azureKeyvaultSecretsProvider", "config",
                   "enableSecretRotation"};
  rotation.accepted = {"true"};
  rotation.fix = "true";
  rotation.contrary = Safety::Unsafe;
  rotation.contrary_reason =
      "overrides an explicit choice not to rotate secrets, which a team may have made";
  rule.requirements.push_back(std::move(rotation));
  return rule;
}

}  // namespace armfix
