// From the findings of every rule to the intents each resource's fix is made of.
//
// Both pipelines call this between checking and rendering: findings whose intents conflict
// become manual (both of them, saying with which rule), and the intents of the findings that
// will be applied are grouped by resource, in finding order, for write_merged().
#pragma once

#include <vector>

#include "armfix/fixer.hpp"
#include "model/intent_merge.hpp"

namespace armfix {

struct ResourceIntents {
  ResourceRef resource;              // node and pointer of the resource
  std::vector<OwnedIntent> intents;  // owners index the findings given to settle_intents
};

bool is_applicable(const Finding& finding, bool unsafe_fixes);
// A finding with a fix: intents to merge and render.
bool has_fix(const Finding& finding);

// Marks conflicting findings manual and groups the applicable findings' intents by resource
// (the findings settled first by settle_findings, held_fixes.hpp). The returned intents point into
// `findings`, which must outlive them unchanged.
std::vector<ResourceIntents> settle_intents(std::vector<Finding>& findings, bool unsafe_fixes);

}  // namespace armfix
