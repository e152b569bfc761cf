// Conflicts are settled over every fixable finding, whether or not this run applies it, so a
// finding's safety does not depend on --unsafe-fixes.
#include "model/settled_intents.hpp"

namespace armfix {

namespace {

std::vector<ResourceIntents> group(std::vector<Finding>& findings,
                                   bool (*wanted)(const Finding&, bool), bool unsafe_fixes) {
  std::vector<ResourceIntents> groups;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& finding = findings[i];
    if (finding.intents.empty() || !wanted(finding, unsafe_fixes)) continue;
    ResourceIntents* resource = nullptr;
    for (auto& candidate : groups) {
      if (candidate.resource.node == finding.resource.node) resource = &candidate;
    }
    if (resource == nullptr) {
      groups.push_back(ResourceIntents{finding.resource, {}});
      resource = &groups.back();
    }
    for (const auto& intent : finding.intents)
      resource->intents.push_back(OwnedIntent{i, &intent});
  }
  return groups;
}

bool is_fixable(const Finding& finding, bool /*unsafe_fixes*/) {
  return finding.safety != Safety::Manual;
}

void make_manual(Finding& finding, const Finding& other, const PropertyPath& path) {
  finding.safety = Safety::Manual;
  finding.intents.clear();
  finding.strategy.clear();
  finding.held.reset();
  std::size_t fix = finding.message.find("; fix: ");
  if (fix != std::string::npos) finding.message.resize(fix);
  finding.message += "; its fix conflicts with the fix of " +
                     (other.rule != nullptr ? other.rule->name : std::string("another rule")) +
                     " at " + dotted(path) + ": decide which value the resource needs";
}

// Where several rules raise one resource's apiVersion, the merged fix writes the highest: a
// finding that asked for less says so, naming the rule whose version is written.
void name_merged_raise(std::vector<Finding>& findings, const ResourceIntents& resource) {
  const OwnedIntent* highest = nullptr;
  for (const auto& owned : resource.intents) {
    if (owned.intent->kind != IntentKind::RaiseApiVersion) continue;
    if (highest == nullptr || owned.intent->api_version > highest->intent->api_version)
      highest = &owned;
  }
  if (highest == nullptr) return;
  const Finding& winner = findings[highest->owner];
  const std::string version = highest->intent->api_version;
  const std::string rule = winner.rule != nullptr ? winner.rule->name : "another rule";
  for (const auto& owned : resource.intents) {
    if (owned.intent->kind != IntentKind::RaiseApiVersion || owned.owner == highest->owner ||
        owned.intent->api_version >= version)
      continue;
    findings[owned.owner].message +=
        "; with the fix of " + rule + " the apiVersion becomes " + version;
  }
}

}  // namespace

bool is_applicable(const Finding& finding, bool unsafe_fixes) {
  return finding.safety == Safety::Safe || (finding.safety == Safety::Unsafe && unsafe_fixes);
}

bool has_fix(const Finding& finding) {
  return !finding.intents.empty();
}

std::vector<ResourceIntents> settle_intents(std::vector<Finding>& findings, bool unsafe_fixes) {
  for (const auto& resource : group(findings, is_fixable, unsafe_fixes)) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::vector<PropertyPath> paths;
    for (const auto& conflict : find_conflicts(resource.intents)) {
      pairs.emplace_back(conflict.owner, conflict.other);
      paths.push_back(conflict.path);
    }
    // Copies first: making one finding manual clears the intents the others point into.
    std::vector<Finding> others;
    for (const auto& [owner, other] : pairs) {
      others.push_back(findings[other]);
      others.push_back(findings[owner]);
    }
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (findings[pairs[i].first].safety != Safety::Manual)
        make_manual(findings[pairs[i].first], others[2 * i], paths[i]);
      if (findings[pairs[i].second].safety != Safety::Manual)
        make_manual(findings[pairs[i].second], others[2 * i + 1], paths[i]);
    }
  }
  for (const auto& resource : group(findings, is_fixable, unsafe_fixes))
    name_merged_raise(findings, resource);
  return group(findings, is_applicable, unsafe_fixes);
}

}  // namespace armfix
