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

// The value a fix writes at `path`, when it writes one there.
std::optional<nlohmann::json> written_at(const Finding& finding, const PropertyPath& path) {
  for (const auto& intent : finding.intents) {
    if (intent.kind != IntentKind::Set && intent.kind != IntentKind::Wrap) continue;
    if (auto value = json_at(nlohmann::json(nest(intent.path, intent.value)), path)) return value;
  }
  return std::nullopt;
}

bool is_accepted(const Precondition& precondition, const nlohmann::json& value) {
  return std::any_of(precondition.accepted.begin(), precondition.accepted.end(),
                     [&](const nlohmann::json& accepted) {
                       if (accepted.is_string() && value.is_string())
                         return equals_ignore_case(accepted.get_ref<const std::string&>(),
                                                   value.get_ref<const std::string&>());
                       return accepted == value;
                     });
}

// The fixable finding of another rule on the same resource that makes `dependent` apply.
const Finding* enabler_of(const Finding& dependent, const std::vector<Finding>& findings) {
  for (const auto& finding : findings) {
    if (&finding == &dependent || finding.applies_when || finding.safety == Safety::Manual ||
        finding.resource.node != dependent.resource.node)
      continue;
    auto value = written_at(finding, dependent.applies_when->path);
    if (value && is_accepted(*dependent.applies_when, *value)) return &finding;
  }
  return nullptr;
}

void keep_only(std::vector<Finding>& findings, const std::vector<bool>& kept) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!kept[i]) continue;
    if (next != i) findings[next] = std::move(findings[i]);
    ++next;
  }
  findings.resize(next);
}

}  // namespace

void settle_dependent_findings(std::vector<Finding>& findings) {
  std::vector<bool> kept(findings.size(), true);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& finding = findings[i];
    if (!finding.applies_when) continue;
    const Finding* enabler = enabler_of(finding, findings);
    if (enabler == nullptr) {
      kept[i] = false;
      continue;
    }
    finding.message += "; the rule applies with the fix of " + rule_name(*enabler);
    if (enabler->safety == Safety::Unsafe && finding.safety == Safety::Safe) {
      finding.safety = Safety::Unsafe;
      finding.message += ", which is unsafe";
    }
  }
  keep_only(findings, kept);
  for (auto& finding : findings)
    finding.applies_when.reset();
}

void keep_findings_for_final_api_version(const ResourceModel& model,
                                         std::vector<Finding>& findings) {
  std::vector<bool> kept(findings.size(), true);
  for (const auto& group : by_resource(findings)) {
    const auto current = model.api_version(findings[group.front()].resource).resolved;
    std::string final_version = current.value_or("");
    const Finding* raiser = nullptr;
    for (std::size_t i : group) {
      for (const auto& intent : findings[i].intents) {
        if (intent.kind == IntentKind::RaiseApiVersion && intent.api_version > final_version) {
          final_version = intent.api_version;
          raiser = &findings[i];
        }
      }
    }
    const std::string date = final_version.substr(0, 10);
    for (std::size_t i : group) {
      Finding& finding = findings[i];
      const std::string& from = finding.final_api_version_from;
      const std::string& until = finding.final_api_version_until;
      if (from.empty() && until.empty()) continue;
      if ((!from.empty() && date < from) || (!until.empty() && date >= until)) {
        kept[i] = false;
      } else if (raiser != nullptr && raiser != &finding && !from.empty()) {
        finding.message +=
            "; with the fix of " + rule_name(*raiser) + " the apiVersion becomes " + final_version;
      }
    }
  }
  keep_only(findings, kept);
}

void settle_findings(const ResourceModel& model, std::vector<Finding>& findings) {
  release_held_fixes(model, findings);
  keep_findings_for_final_api_version(model, findings);
  settle_dependent_findings(findings);
}

void release_held_fixes(const ResourceModel& model, std::vector<Finding>& findings) {
  for (const auto& group : by_resource(findings))
    settle(model, findings, group);
}

}  // namespace armfix
