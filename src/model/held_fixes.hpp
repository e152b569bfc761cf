// Fixes held back for want of an apiVersion, released when the other rules' fixes of the same
// resource remove what stood in the way.
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

}  // namespace armfix
