// A rule as a declaration: what it requires of a resource, and how safe each fix is.
//
// Most PSRule rules require values at paths (`field: properties.disableLocalAccounts`,
// `equals: true`). Such a rule is data here: its RuleInfo, the resource type, the first
// apiVersion whose schema has its properties, and its requirements. The declared-rule check
// (declared_rule.hpp) turns a declaration into findings whose fixes are intents, for ARM and
// Bicep alike.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/fixer.hpp"
#include "armfix/resource_model.hpp"

namespace armfix {

// One value a passing resource holds.
struct Requirement {
  PropertyPath path;  // below the resource, as the API spells each key
  // Passes when the value equals one of `accepted` (strings ignoring case), or, when
  // `accepted` is empty, when it is set and equals none of `rejected`.
  std::vector<nlohmann::json> accepted;
  std::vector<nlohmann::json> rejected;
  nlohmann::json fix;      // the value a fix writes
  std::string fix_option;  // when set: the option (in `info.options`) whose value is written
  // An explicit value that fails: unsafe to override (a team may have chosen it), or manual
  // when only a person can decide; `contrary_reason` says why.
  Safety contrary = Safety::Unsafe;
  std::string contrary_reason;
  // A missing value (or a missing object above it): fixed safely when the fix writes what the
  // service assumes anyway; unsafe when writing it changes the resource (`missing_reason`).
  Safety missing = Safety::Safe;
  std::string missing_reason;
  // A rule that forbids a value (`httpApplicationRouting.enabled` true) passes where the value
  // is missing, and where an expression cannot be resolved: it is not known to fail.
  bool missing_passes = false;
  // The fix is made only where this holds; elsewhere the failing value needs a person, as
  // `fixable_when_reason` says (the API refuses it, or the fix would break something else).
  std::optional<Precondition> fixable_when;
  std::string fixable_when_reason;
  // Members of the leaf's object that a fix writes along with the leaf, where they do not hold
  // these values already: UptimeSLA's `sku.name`, which must match the tier.
  std::vector<std::pair<std::string, nlohmann::json>> written_beside;
};

struct RuleSpec {
  RuleInfo info;
  std::string resource_type;  // e.g. Microsoft.ContainerService/managedClusters
  // The first apiVersion whose schema has every property the rule writes; empty when any has.
  // Preview versions from `first_preview_api_version` on have them too.
  std::string first_api_version;
  std::string first_preview_api_version;
  std::string problem;  // the head of every message: "the Azure Policy add-on is not enabled"
  std::vector<Requirement> requirements;
  // The rule applies only to resources where this holds (or where another rule's fix makes it
  // hold in the same run); others pass.
  std::optional<Precondition> applies_when;
};

}  // namespace armfix
