// Azure.AKS.DefenderProfile (AZR-000370) on Bicep files: the ARM rule's cases, written as
// Bicep changes.
#pragma once

#include <cstddef>
#include <vector>

#include "armfix/fixer.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_editor.hpp"

namespace armfix {

struct BicepFinding {
  Finding finding;                   // as reported; `operations` stays empty (JSON Patch is ARM's)
  std::size_t offset = 0;            // where it points: the cluster's symbolic name
  std::vector<BicepChange> changes;  // the fix; empty for manual findings
};

class BicepDefenderProfileFixer {
 public:
  // The ARM rule this one mirrors: findings carry its RuleInfo.
  static constexpr const char* kRuleName = "Azure.AKS.DefenderProfile";

  std::vector<BicepFinding> check(const BicepDocument& document, const FixOptions& options) const;
};

// The clusters a file deploys: top-level `resource` declarations of the AKS type that are not
// `existing` references, in file order.
std::vector<NodeId> deployed_bicep_clusters(const BicepDocument& document);

}  // namespace armfix
