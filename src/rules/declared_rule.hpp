// The check every declared rule shares: walk each requirement's path in the resource model,
// judge what is there, and ask for the intents that make it pass, with their safety.
#pragma once

#include "rules/rule_spec.hpp"

namespace armfix {

class DeclaredRule final : public Fixer {
 public:
  explicit DeclaredRule(RuleSpec spec);

  const RuleInfo& info() const override { return spec_.info; }
  std::string_view resource_type() const override { return spec_.resource_type; }
  const RuleSpec& spec() const { return spec_; }

  std::vector<Finding> check(const ResourceModel& model, const FixOptions& options) const override;
  // One resource of the type: its finding, or nullopt when it passes.
  std::optional<Finding> check_resource(const ResourceModel& model, const ResourceRef& resource,
                                        const FixOptions& options) const;

 private:
  RuleSpec spec_;
};

// True when `version` (YYYY-MM-DD, optionally with a suffix such as `-preview`) is `first` or
// later, or a preview from `first_preview` on.
bool api_version_at_least(std::string_view version, std::string_view first,
                          std::string_view first_preview);

}  // namespace armfix
