// Findings that wait on the other rules' fixes of the same resource.
//
// Fixes held back for want of an apiVersion are released when the other fixes remove what
// stood in the way. Findings bound to a range of apiVersions are kept where the resource's
// final version falls in it. Findings of a rule that applies only where another value holds are
// kept when another rule's fix makes it hold, and dropped otherwise.
//
// A rule chooses its raise alone: the legacy `azureDefender` block keeps NodeAutoUpgrade from
// any version with `nodeOSUpgradeChannel`, while DefenderProfile's fix of the same cluster
// removes that block. Settling the version over every rule's fix of the resource makes the
// first run fix what a second run would otherwise find fixable.
#pragma once

#include <vector>

#include "armfix/fixer.hpp"

namespace armfix {

// For each resource with held fixes, chooses one apiVersion for the intents of every fixable
// finding and every held fix; where one version serves them all, each held fix becomes an
// unsafe finding raising to it. Conflicts are settled afterwards, over the released fixes too.
void release_held_fixes(const ResourceModel& model, std::vector<Finding>& findings);

// Keeps, of the findings bound to a range of final apiVersions (Finding::final_api_version_from
// and _until), those whose range holds the version the resource ends at after every fixable
// finding's raise; drops the others.
void keep_findings_for_final_api_version(const ResourceModel& model,
                                         std::vector<Finding>& findings);

// Every step above, in order, over the findings of one file's rules: held fixes released,
// findings kept for the final apiVersion, dependent findings kept or dropped.
void settle_findings(const ResourceModel& model, std::vector<Finding>& findings);

// Keeps each finding whose rule does not apply yet (Finding::applies_when) where a fixable
// finding of another rule writes a value that makes it apply; the kept finding is no safer
// than that fix, since it is applied with it. Drops the others.
void settle_dependent_findings(std::vector<Finding>& findings);

}  // namespace armfix
