// --list-rules output, read from the fixer registry so it never falls out of date.
#include "armfix/rule_list.hpp"

#include "armfix/fixer.hpp"

namespace armfix {

std::string rule_list() {
  std::string text;
  for (const auto& fixer : registered_fixers()) {
    const RuleInfo& rule = fixer->info();
    if (!text.empty()) text += "\n";
    text += rule.name + " (" + rule.ref + ")\n";
    text += "  " + rule.synopsis + "\n";
    text += "  docs:   " + rule.help_uri + "\n";
    text += "  safety: " + rule.safety_notes + "\n";
  }
  return text;
}

}  // namespace armfix
