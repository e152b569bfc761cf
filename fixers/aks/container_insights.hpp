// Azure.AKS.ContainerInsights (AZR-000041): the Container insights (omsagent) add-on collects
// the cluster's logs and metrics into a Log Analytics workspace.
#pragma once

#include "rules/declared_rule.hpp"

namespace armfix {

class ContainerInsightsFixer final : public Fixer {
 public:
  ContainerInsightsFixer();

  const RuleInfo& info() const override;
  std::string_view resource_type() const override;
  std::vector<Finding> check(const ResourceModel& model, const FixOptions& options) const override;

 private:
  DeclaredRule enabled_;  // addonProfiles.omsagent.enabled true; the workspace is wired after
};

}  // namespace armfix
