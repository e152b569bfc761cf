// Azure.AKS.AuditAdmin (AZR-000445), for ARM and Bicep alike through the resource model.
#pragma once

#include "armfix/fixer.hpp"

namespace armfix {

class AuditAdminFixer final : public Fixer {
 public:
  const RuleInfo& info() const override;
  std::string_view resource_type() const override;
  std::vector<Finding> check(const ResourceModel& model, const FixOptions& options) const override;
};

}  // namespace armfix
