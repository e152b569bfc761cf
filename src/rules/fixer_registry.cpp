// The list of rules armfix fixes. Adding a rule: one file in fixers/, one line here.
#include "armfix/fixer.hpp"

#include "aks/aks_rules.hpp"
#include "aks/audit_admin.hpp"
#include "aks/container_insights.hpp"
#include "aks/defender_profile.hpp"
#include "aks/pool_scale_set.hpp"
#include "aks/uptime_sla.hpp"
#include "rules/declared_rule.hpp"

namespace armfix {

const char* to_string(Safety safety) {
  switch (safety) {
    case Safety::Safe:
      return "safe";
    case Safety::Unsafe:
      return "unsafe";
    case Safety::Manual:
      return "manual";
  }
  return "?";
}

const std::vector<std::unique_ptr<Fixer>>& registered_fixers() {
  static const std::vector<std::unique_ptr<Fixer>> fixers = [] {
    std::vector<std::unique_ptr<Fixer>> list;
    list.push_back(std::make_unique<DefenderProfileFixer>());
    list.push_back(std::make_unique<DeclaredRule>(azure_policy_add_on_rule()));
    list.push_back(std::make_unique<DeclaredRule>(auto_upgrade_rule()));
    list.push_back(std::make_unique<DeclaredRule>(standard_lb_rule()));
    list.push_back(std::make_unique<DeclaredRule>(use_rbac_rule()));
    list.push_back(std::make_unique<DeclaredRule>(http_app_routing_rule()));
    list.push_back(std::make_unique<DeclaredRule>(node_auto_upgrade_rule()));
    list.push_back(std::make_unique<DeclaredRule>(secret_store_rule()));
    list.push_back(std::make_unique<DeclaredRule>(secret_store_rotation_rule()));
    list.push_back(std::make_unique<DeclaredRule>(local_accounts_rule()));
    list.push_back(std::make_unique<DeclaredRule>(managed_identity_rule()));
    list.push_back(std::make_unique<UptimeSlaFixer>());
    list.push_back(std::make_unique<PoolScaleSetFixer>());
    list.push_back(std::make_unique<ContainerInsightsFixer>());
    list.push_back(std::make_unique<AuditAdminFixer>());
    return list;
  }();
  return fixers;
}

const Fixer* find_fixer(std::string_view name_or_ref) {
  for (const auto& fixer : registered_fixers()) {
    if (equals_ignore_case(fixer->info().name, name_or_ref) ||
        equals_ignore_case(fixer->info().ref, name_or_ref)) {
      return fixer.get();
    }
  }
  return nullptr;
}

}  // namespace armfix
