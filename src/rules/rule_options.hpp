// Rule options: `--rule-option <rule>.<option>=<value>`, checked against the rule's
// declaration. The one home of every per-rule choice; the Defender workspace flags are
// aliases of its options.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "armfix/fixer.hpp"

namespace armfix {

// Why `setting` is not a valid rule option (unknown rule or option, a value not allowed), or
// nullopt when it is.
std::optional<std::string> rule_option_problem(std::string_view setting);

// Why `name` cannot name a parameter in both languages (unquoted in a Bicep `param`
// declaration and in ARM's `parameters('...')`), or nullopt when it can.
std::optional<std::string> parameter_name_problem(std::string_view name);

// Records a valid setting in `options`, under the rule's and option's own spelling, with an
// allowed value in its declared spelling. Options the Defender fixer reads from FixOptions'
// own fields are set there too.
void set_rule_option(FixOptions& options, std::string_view setting);

}  // namespace armfix
