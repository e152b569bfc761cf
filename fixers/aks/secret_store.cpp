// Azure.AKS.SecretStore (AZR-000033): the Key Vault secrets provider add-on is enabled, so pods
// mount secrets from Azure Key Vault instead of holding them in Kubernetes secrets.
//
// Requires `properties.addonProfiles.azureKeyvaultSecretsProvider.enabled: true`.
//   missing (add-on, addonProfiles or enabled): add it, safe; Azure.AKS.SecretStoreRotation,
//     on by default, then adds `config.enableSecretRotation` beside it in the same fix
//   `enabled: false`: set true, unsafe (someone turned it off)
//   expression-valued addonProfiles or add-on: wrap in union(), unsafe
#include "aks_rules.hpp"

namespace armfix {

RuleSpec secret_store_rule() {
  RuleSpec rule;
  rule.info = {"Azure.AKS.SecretStore",
               "AZR-000033",
               "Use the Key Vault secrets provider add-on on AKS clusters "
               "(addonProfiles.azureKeyvaultSecretsProvider.enabled = true).",
               "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.SecretStore/",
               "Safe: adding the add-on or its enabled flag (with Azure.AKS.SecretStoreRotation "
               "selected, the same fix turns secret rotation on). Unsafe: enabling an add-on set "
               "to false, replacing an expression with true, wrapping an expression-valued "
               "object in union().",
               {}};
  rule.resource_type = kManagedClusterType;
  rule.problem = "the Key Vault secrets provider add-on is not enabled";
  rule.requirements.push_back(add_on_enabled("azureKeyvaultSecretsProvider"));
  return rule;
}

}  // namespace armfix
