// The fixed-cluster check: schema acceptance, required keys in written objects, and Defender's
// workspace under the parameter defaults (see fixed_resource_check.hpp).
#include "schema/fixed_resource_check.hpp"

#include <algorithm>
#include <array>

#include "core/ascii.hpp"
#include "core/joined.hpp"
#include "model/settled_intents.hpp"
#include "rules/api_version_choice.hpp"

namespace armfix {

namespace {

constexpr std::string_view kManagedClusters = "Microsoft.ContainerService/managedClusters";
const PropertyPath kDefenderEnabled = {"properties", "securityProfile", "defender",
                                       "securityMonitoring", "enabled"};
const PropertyPath kDefenderWorkspace = {"properties", "securityProfile", "defender",
                                         "logAnalyticsWorkspaceResourceId"};

// A path as the table writes it: `properties.agentPoolProfiles[].name`.
std::string table_path(const PropertyPath& path) {
  std::string text;
  for (const auto& key : path) {
    if (key != "[]" && !element_index(key) && !text.empty()) text += '.';
    text += key;
  }
  return text;
}

std::optional<std::string> resolved_version(const ResourceModel& model,
                                            const ResourceRef& resource) {
  return model.api_version(resource).resolved;
}

// What a path holds under the parameter defaults, looking through expressions; `present` is
// false only when the path is certainly not set.
struct Lookup {
  bool present = false;
  Evaluated value;
};

const nlohmann::json* json_member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (equals_ignore_case(it.key(), key)) return &it.value();
  }
  return nullptr;
}

Lookup lookup_in_json(const nlohmann::json& value, const PropertyPath& rest) {
  const nlohmann::json* at = &value;
  for (const auto& key : rest) {
    at = json_member(*at, key);
    if (at == nullptr) return {};
  }
  return {true, Evaluated::of(*at)};
}

Lookup lookup(const ResourceModel& model, const ResourceRef& resource, const PropertyPath& path) {
  ValueRef value = model.body(resource);
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    if (value.is(Shape::Object)) {
      value = model.member(value, path[depth]);
      continue;
    }
    if (value.absent()) return {};
    const PropertyPath rest(path.begin() + static_cast<std::ptrdiff_t>(depth), path.end());
    if (auto forced = model.forced_by_union(resource, value, rest))
      return {true, Evaluated::of(*forced)};
    Evaluated whole = model.evaluate(resource, value);
    if (whole.known()) return lookup_in_json(*whole.value, rest);
    return {true, Evaluated::unknown(whole.unknown_reason)};
  }
  if (value.is(Shape::Missing)) return {};
  return {true, model.evaluate(resource, value)};
}

// One failure, with the path it is about: the fixes that wrote there (or raised the version,
// for what a version does not accept) are the ones it withholds.
struct Problem {
  std::string text;
  PropertyPath path;
  bool of_the_version = false;
};

class ClusterCheck {
 public:
  ClusterCheck(const FixedResource& resource, const ApiVersionTable& table)
      : resource_(resource), table_(table) {
    before_version_ = resolved_version(resource.before, resource.before_ref);
    after_version_ = resolved_version(resource.after, resource.after_ref);
  }

  std::vector<Problem> run(const FixOptions& options) {
    // A version the table lacks (newer than its sources, or computed) cannot be judged here.
    if (after_version_ && table_.has_version(*after_version_)) {
      check_accepted();
      check_required();
      check_allowed();
    }
    if (!options.no_workspace) check_workspace();
    return std::move(problems_);
  }

 private:
  bool raised() const {
    if (!before_version_ || !after_version_) return before_version_ != after_version_;
    return !equals_ignore_case(*before_version_, *after_version_);
  }

  // The author's own: set before and unaccepted by the version the file had (or by the final
  // one when that was unknown). Unless the fix raised the version, where nothing some version
  // knows may be dropped.
  bool unaccepted_before(const PropertyPath& path, const std::vector<PropertyPath>& before) const {
    if (!contains_path(before, path)) return false;
    const std::string& version = before_version_ ? *before_version_ : *after_version_;
    if (table_.has_version(version) && table_.accepts(version, path)) return false;
    return !raised() || !known_to_some_version(table_, path);
  }

  void check_accepted() {
    const auto before = paths_set(resource_.before, resource_.before.body(resource_.before_ref));
    for (const auto& path : paths_set(resource_.after, resource_.after.body(resource_.after_ref))) {
      if (is_deployment_key(path) || table_.accepts(*after_version_, path)) continue;
      if (unaccepted_before(path, before)) continue;
      problems_.push_back(
          {"apiVersion " + *after_version_ + " does not accept " + table_path(path), path, true});
    }
  }

  // Objects the fix created: written by an intent, and no object before.
  void check_required() {
    for (const auto& path : paths_written(resource_.intents)) {
      ValueRef object = resource_.after.at(resource_.after_ref, path);
      if (!object.is(Shape::Object)) continue;
      if (resource_.before.at(resource_.before_ref, path).is(Shape::Object)) continue;
      for (const auto& key : table_.required_keys(*after_version_, path)) {
        if (resource_.after.member_count(object, key) != 0) continue;
        PropertyPath missing = path;
        missing.push_back(key);
        problems_.push_back({"apiVersion " + *after_version_ + " requires " + table_path(missing) +
                                 ", which is missing",
                             missing});
      }
    }
  }

  // Strings the fix wrote where the version's schema allows only some values (the tier a
  // rule option chose, on a version without it).
  void check_allowed() {
    for (const auto& [path, value] : strings_written(resource_.intents)) {
      auto property = table_.property(*after_version_, path);
      if (!property || property->allowed.empty()) continue;
      const bool allowed = std::any_of(
          property->allowed.begin(), property->allowed.end(),
          [&value = value](const std::string& known) { return equals_ignore_case(known, value); });
      if (allowed) continue;
      problems_.push_back({"apiVersion " + *after_version_ + " does not allow '" + value +
                               "' for " + table_path(path),
                           path});
    }
  }

  void check_workspace() {
    Lookup enabled = lookup(resource_.after, resource_.after_ref, kDefenderEnabled);
    if (!enabled.present || !enabled.value.known() || *enabled.value.value != true) return;
    Lookup workspace = lookup(resource_.after, resource_.after_ref, kDefenderWorkspace);
    if (auto problem = workspace_problem(workspace)) {
      problems_.push_back(
          {"Defender is enabled but " + table_path(kDefenderWorkspace) + " " + *problem,
           kDefenderWorkspace});
    }
  }

  // Why the workspace would not deploy; nullopt for a non-empty string, or for a value only a
  // deployment knows (a parameter without a default, a reference the evaluator cannot follow).
  static std::optional<std::string> workspace_problem(const Lookup& workspace) {
    if (!workspace.present) return "is missing";
    const Evaluated& value = workspace.value;
    if (!value.known() || is_non_empty_string(value)) return std::nullopt;
    if (value.value->is_null()) return "is null under the parameter defaults";
    if (value.value->is_string()) return "is an empty string under the parameter defaults";
    return "is no string under the parameter defaults";
  }

  const FixedResource& resource_;
  const ApiVersionTable& table_;
  std::optional<std::string> before_version_;
  std::optional<std::string> after_version_;
  std::vector<Problem> problems_;
};

bool is_prefix(const PropertyPath& prefix, const PropertyPath& path) {
  return prefix.size() <= path.size() &&
         same_path(prefix, PropertyPath(path.begin(),
                                        path.begin() + static_cast<std::ptrdiff_t>(prefix.size())));
}

// What one finding's fix brought to the resource: the paths it wrote that were not set before,
// and whether it raised the apiVersion.
struct FixShare {
  std::vector<PropertyPath> new_paths;
  bool raises = false;
};

FixShare share_of(const ResourceModel& before, const ResourceRef& resource,
                  const std::vector<Intent>& intents) {
  FixShare share;
  for (const auto& path : paths_written(intents)) {
    if (before.at(resource, path).is(Shape::Missing)) share.new_paths.push_back(path);
  }
  share.raises = std::any_of(intents.begin(), intents.end(), [](const Intent& intent) {
    return intent.kind == IntentKind::RaiseApiVersion;
  });
  return share;
}

bool blames(const Problem& problem, const FixShare& share) {
  if (problem.of_the_version && share.raises) return true;
  return std::any_of(share.new_paths.begin(), share.new_paths.end(), [&](const PropertyPath& p) {
    return is_prefix(p, problem.path) || is_prefix(problem.path, p);
  });
}

std::string fix_key(const ResourceRef& resource, const RuleInfo* rule) {
  return resource.pointer.to_string() + '\n' + (rule != nullptr ? rule->name : std::string());
}

// The fixes of one cluster that its problems withhold: those a problem blames, or every one
// when none is to blame alone.
void withhold_blamed(const ResourceModel& before, const ResourceRef& cluster,
                     const std::vector<const AppliedFix*>& fixes,
                     const std::vector<Problem>& problems, WithheldFixes& withheld) {
  std::vector<std::pair<std::string, std::vector<std::string>>> blamed;
  for (const AppliedFix* fix : fixes) {
    const FixShare share = share_of(before, cluster, *fix->intents);
    std::vector<std::string> texts;
    for (const auto& problem : problems) {
      if (blames(problem, share)) texts.push_back(problem.text);
    }
    if (!texts.empty()) blamed.emplace_back(fix_key(cluster, fix->rule), std::move(texts));
  }
  if (blamed.empty()) {
    std::vector<std::string> texts;
    texts.reserve(problems.size());
    for (const auto& problem : problems)
      texts.push_back(problem.text);
    for (const AppliedFix* fix : fixes)
      blamed.emplace_back(fix_key(cluster, fix->rule), texts);
  }
  for (auto& [key, texts] : blamed)
    withheld.emplace(key, std::move(texts));
}

}  // namespace

std::vector<std::string> fixed_resource_problems(const FixedResource& resource,
                                                 const FixOptions& options) {
  std::vector<std::string> texts;
  for (auto& problem : ClusterCheck(resource, ApiVersionTable::managed_clusters()).run(options))
    texts.push_back(std::move(problem.text));
  return texts;
}

WithheldFixes check_fixed_clusters(const ResourceModel& before, const ResourceModel& after,
                                   const std::vector<AppliedFix>& applied,
                                   const FixOptions& options) {
  WithheldFixes withheld;
  const ApiVersionTable& table = ApiVersionTable::managed_clusters();
  for (const ResourceRef& cluster : before.deployed(kManagedClusters)) {
    const std::string pointer = cluster.pointer.to_string();
    std::vector<const AppliedFix*> fixes;
    std::vector<Intent> intents;
    for (const auto& fix : applied) {
      if (fix.resource.pointer.to_string() != pointer) continue;
      fixes.push_back(&fix);
      intents.insert(intents.end(), fix.intents->begin(), fix.intents->end());
    }
    if (fixes.empty()) continue;
    for (const ResourceRef& fixed : after.deployed(kManagedClusters)) {
      if (fixed.pointer.to_string() != pointer) continue;
      auto problems = ClusterCheck({before, cluster, after, fixed, intents}, table).run(options);
      if (!problems.empty()) withhold_blamed(before, cluster, fixes, problems, withheld);
    }
  }
  return withheld;
}

bool withhold_fix(Finding& finding, const WithheldFixes& withheld, bool unsafe_fixes) {
  const bool held = finding.held.has_value();
  if (!held && (!is_applicable(finding, unsafe_fixes) || !has_fix(finding))) return false;
  const auto found = withheld.find(fix_key(finding.resource, finding.rule));
  if (found == withheld.end()) return false;
  // A held fix is not released again.
  finding.held.reset();
  finding.safety = Safety::Manual;
  finding.intents.clear();
  finding.strategy.clear();
  finding.required_parameters.clear();
  // The problem stays; the fix it proposed is not applied.
  const std::size_t fix = finding.message.find("; fix: ");
  if (fix != std::string::npos) finding.message.resize(fix);
  finding.message += "; after the fix, " + joined(found->second, "; ") + ": fix it by hand";
  return true;
}

}  // namespace armfix
