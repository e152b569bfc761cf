// Azure.AKS.DefenderProfile (AZR-000370).
#pragma once

#include "armfix/fixer.hpp"

namespace armfix {

class DefenderProfileFixer final : public Fixer {
 public:
  const RuleInfo& info() const override;
  std::string_view resource_type() const override;
  std::vector<Finding> check(const Document& document, const TemplateView& view,
                             const FixOptions& options) const override;
};

}  // namespace armfix
