// --list-rules output, read from the fixer registry so it never falls out of date.
#include "rules/rule_list.hpp"

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
    for (const auto& option : rule.options) {
      text += "  option: " + rule.name + "." + option.name + "=";
      if (option.allowed.empty()) {
        text += "VALUE";
      } else {
        for (std::size_t i = 0; i < option.allowed.size(); ++i)
          text += (i == 0 ? "" : "|") + option.allowed[i];
      }
      if (!option.default_value.empty()) text += " (default " + option.default_value + ")";
      text += ": " + option.description + "\n";
    }
  }
  return text;
}

}  // namespace armfix
