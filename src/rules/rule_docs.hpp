// The documentation page of a rule, written from its declaration so it cannot fall out of step.
//
// `armfix --explain RULE` prints it; tools/rule-docs checks in one page per rule under
// docs/rules/. Every rule gets its RuleInfo (synopsis, safety notes, options, PSRule link) and
// an ARM and a Bicep example made by running the rule through the pipelines; a declared rule
// also gets its requirements and the table of its cases with their safety.
#pragma once

#include <string>

#include "armfix/fixer.hpp"

namespace armfix {

// The Markdown page of `rule`: `# <name> (<ref>)`, then its sections. Deterministic: the same
// rule always gives the same bytes.
std::string rule_markdown(const Fixer& rule);

}  // namespace armfix
