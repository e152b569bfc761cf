// Azure.AKS.UptimeSLA (AZR-000285): the cluster's control plane has the uptime SLA of a paid
// tier. The tier's name changed with apiVersion 2023-02-01 (Paid before, Standard from it on),
// so the rule is two declarations, one per side of that version.
#pragma once

#include "rules/declared_rule.hpp"

namespace armfix {

class UptimeSlaFixer final : public Fixer {
 public:
  UptimeSlaFixer();

  const RuleInfo& info() const override;
  std::string_view resource_type() const override;
  std::vector<Finding> check(const ResourceModel& model, const FixOptions& options) const override;

 private:
  // The cluster's finding; for a cluster before 2023-02-01, one for each side of that version,
  // of which the pipeline keeps the one for the version the cluster ends at.
  std::vector<Finding> check_cluster(const ResourceModel& model, const ResourceRef& cluster,
                                     const FixOptions& options) const;

  DeclaredRule paid_;      // apiVersions before 2023-02-01: sku.tier Paid, sku.name Basic
  DeclaredRule standard_;  // from 2023-02-01: the tier option (Standard), sku.name Base
};

}  // namespace armfix
