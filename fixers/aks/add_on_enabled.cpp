// The requirement every add-on rule shares: the add-on is enabled.
#include "aks_rules.hpp"

namespace armfix {

Requirement add_on_enabled(const std::string& key) {
  Requirement enabled;
  enabled.path = {"properties", "addonProfiles", key, "enabled"};
  enabled.accepted = {true};
  enabled.fix = true;
  enabled.contrary = Safety::Unsafe;
  enabled.contrary_reason = "enables an add-on the template turns off";
  return enabled;
}

}  // namespace armfix
