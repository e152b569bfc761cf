// The check every fixed AKS cluster passes before its fix is written (docs/schemas.md).
//
// A fix is verified for syntax and idempotence by the pipelines; this checks what it means for
// a deployment: the fixed cluster sets no property its apiVersion lacks, leaves out nothing the
// schema requires in an object the fix wrote, and gives Defender a workspace. Both pipelines
// call it on the re-parsed fixed file, through the resource model, so ARM and Bicep agree.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "armfix/fixer.hpp"
#include "armfix/intent.hpp"
#include "armfix/resource_model.hpp"

namespace armfix {

// One resource as the file had it and as the fix leaves it, with what the fix wrote.
struct FixedResource {
  const ResourceModel& before;
  ResourceRef before_ref;
  const ResourceModel& after;
  ResourceRef after_ref;
  std::vector<Intent> intents;  // of every applied finding of the resource
};

// Why the fixed resource would not deploy as the fix means it, one phrase each ("apiVersion X
// does not accept properties.foo"); empty when it passes.
std::vector<std::string> fixed_resource_problems(const FixedResource& resource,
                                                 const FixOptions& options);

// The fixes withheld, by resource pointer and rule, with the problems that withheld them.
using WithheldFixes = std::map<std::string, std::vector<std::string>>;

// One applied finding: its rule, the resource it fixes and what its fix wrote.
struct AppliedFix {
  const RuleInfo* rule = nullptr;
  ResourceRef resource;
  const std::vector<Intent>* intents = nullptr;
};

// Every fixed AKS cluster of `applied` (pointers of the `before` model) checked in `after`,
// the re-parsed fixed file. A cluster with problems has the fixes withheld that a problem
// blames (those that wrote at its path, or raised the apiVersion for what a version does not
// accept); every fix of it when none is to blame alone.
WithheldFixes check_fixed_clusters(const ResourceModel& before, const ResourceModel& after,
                                   const std::vector<AppliedFix>& applied,
                                   const FixOptions& options);

// Turns `finding` into a manual one when its fix is withheld and the finding has a fix to
// apply or a held one (held_fixes.hpp) to release; true when it did.
bool withhold_fix(Finding& finding, const WithheldFixes& withheld, bool unsafe_fixes);

}  // namespace armfix
