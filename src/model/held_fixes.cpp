#include "model/held_fixes.hpp"

#include <algorithm>

#include "core/joined.hpp"
#include "rules/api_version_choice.hpp"

namespace armfix {

namespace {

std::string rule_name(const Finding& finding) {
  return finding.rule != nullptr ? finding.rule->name : std::string("another rule");
}

void release(Finding& finding, const ApiVersionChoice& choice,
             const std::vector<std::string>& removers) {
  HeldFix held = std::move(*finding.held);
  finding.held.reset();
  finding.safety = Safety::Unsafe;
  finding.intents = std::move(held.intents);
  finding.intents.push_back(Intent::raise_api_version(*choice.raise_to));
  std::vector<std::string> reasons = std::move(held.unsafe_reasons);
  reasons.push_back(choice.note + "; possible with the fix of " + joined(removers, " and ") +
                    ", which removes what stood in the way");
  finding.message = held.message + " (unsafe: " + joined(reasons, "; ") + ")";
}

// The findings of one resource that settle its apiVersion together, by index.
std::vector<std::vector<std::size_t>> by_resource(const std::vector<Finding>& findings) {
  std::vector<std::vector<std::size_t>> groups;
  std::vector<NodeId> nodes;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    if (finding.safety == Safety::Manual && !finding.held) continue;
    auto found = std::find(nodes.begin(), nodes.end(), finding.resource.node);
    if (found == nodes.end()) {
      nodes.push_back(finding.resource.node);
      groups.emplace_back();
      found = nodes.end() - 1;
    }
    groups[static_cast<std::size_t>(found - nodes.begin())].push_back(i);
  }
  return groups;
}

void settle(const ResourceModel& model, std::vector<Finding>& findings,
            const std::vector<std::size_t>& group) {
  std::vector<Intent> intents;
  std::vector<std::string> removers;
  const HeldFix* held = nullptr;
  for (std::size_t i : group) {
    const Finding& finding = findings[i];
    if (finding.held) {
      held = &*finding.held;
      intents.insert(intents.end(), finding.held->intents.begin(), finding.held->intents.end());
      continue;
    }
    for (const auto& intent : finding.intents) {
      if (intent.kind != IntentKind::RaiseApiVersion) intents.push_back(intent);
    }
    if (!paths_removed(finding.intents).empty()) removers.push_back(rule_name(finding));
  }
  // Only what another fix removes can release a held fix.
  if (held == nullptr || removers.empty()) return;
  const ResourceRef& resource = findings[group.front()].resource;
  ApiVersion version = model.api_version(resource);
  if (version.is_expression || !version.resolved) return;
  ApiVersionChoice choice =
      choose_api_version(model, resource, held->resource_type, *version.resolved, intents, {}, {});
  if (!choice.raise_to) return;
  for (std::size_t i : group) {
    if (findings[i].held) release(findings[i], choice, removers);
  }
}

}  // namespace

void release_held_fixes(const ResourceModel& model, std::vector<Finding>& findings) {
  for (const auto& group : by_resource(findings))
    settle(model, findings, group);
}

}  // namespace armfix
