// Azure.AKS.DefenderProfile (AZR-000370): every deployed AKS cluster enables Microsoft Defender
// for Containers, `properties.securityProfile.defender.securityMonitoring.enabled: true`, with
// its Log Analytics workspace wired. The rule's declaration plus its custom steps: the
// workspace wiring (workspace_wiring.hpp) and the migration of the legacy azureDefender block.
#include "defender_profile.hpp"

#include "aks/aks_rules.hpp"
#include "aks/defender_facts.hpp"
#include "rules/api_version_choice.hpp"
#include "workspace_wiring.hpp"

namespace armfix {

namespace {

constexpr const char* kWorkspaceKey = "logAnalyticsWorkspaceResourceId";
// The API refuses Defender enabled without a workspace: --no-workspace leaves that to the team.
constexpr const char* kWorkspaceStillNeeded =
    "; deployments still need defender.logAnalyticsWorkspaceResourceId, which the API requires "
    "while Defender is enabled: add it by hand, or run again without --no-workspace "
    "(--workspace-param NAME or --workspace-id ID)";

const RuleInfo kRule{
    "Azure.AKS.DefenderProfile",
    "AZR-000370",
    "Enable Microsoft Defender for Containers on AKS clusters "
    "(securityProfile.defender.securityMonitoring.enabled = true) with a Log Analytics workspace.",
    "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.DefenderProfile/",
    "Safe: adding or correcting the defender block, wiring a workspace the template already has, "
    "adding a workspace parameter or a dependsOn entry. Unsafe: raising an apiVersion older than "
    "2022-06-01, migrating the legacy azureDefender block, replacing an expression with true, "
    "wrapping an expression-valued object in union(), forcing a legacy azureDefender block "
    "an expression may yield to null. Manual: an apiVersion given by an expression, a raise that "
    "would drop a property the cluster sets.",
    {{"workspace-param",
      "Template parameter to reuse or create for the workspace ID (alias --workspace-param).",
      {},
      "logAnalyticsWorkspaceResourceId",
      true},
     {"workspace-id",
      "Workspace resource ID: the default value of a created parameter (alias --workspace-id).",
      {},
      ""},
     {"no-workspace",
      "true: wire no workspace, set only securityMonitoring.enabled (alias --no-workspace).",
      {"true", "false"},
      "false"}}};

const PropertyPath kProperties{"properties"};
const PropertyPath kSecurityProfile{"properties", "securityProfile"};
const PropertyPath kDefender{"properties", "securityProfile", "defender"};

PropertyPath below(PropertyPath path, const std::string& key) {
  path.push_back(key);
  return path;
}

// `path` without the levels above `from`: what a wrap of the object at `from` forces.
PropertyPath relative(const PropertyPath& path, const PropertyPath& from) {
  return PropertyPath(path.begin() + static_cast<std::ptrdiff_t>(from.size()), path.end());
}

nlohmann::ordered_json enabled_true() {
  return {{"enabled", true}};
}

// Fixes one cluster. Each step records what is wrong, the intents that fix it and how safe
// they are; the cluster gets one finding with the strictest safety of its steps.
class ClusterFix {
 public:
  ClusterFix(const ResourceModel& model, const ResourceRef& cluster, const FixOptions& options)
      : model_(model), cluster_(cluster), options_(options) {}

  std::optional<Finding> run() {
    ValueRef body = model_.body(cluster_);
    if (!body.is(Shape::Object)) {
      problem_ = "the cluster's body is not an object";
      manual("enable securityProfile.defender by hand");
    } else if (auto duplicated = duplicated_key(body)) {
      problem_ = *duplicated;
      manual("keep one of them, then enable securityProfile.defender by hand");
    } else {
      check_properties(body);
    }
    if (problem_.empty()) return std::nullopt;
    if (safety_ != Safety::Manual) check_api_version();
    if (safety_ != Safety::Manual) override_legacy_block();
    Finding finding;
    finding.rule = &kRule;
    finding.resource = cluster_;
    finding.safety = safety_;
    finding.strategy = strategy_;
    finding.message = "Defender for Containers is not enabled: " + problem_;
    if (safety_ == Safety::Manual) {
      finding.message += "; " + manual_reason_;
    } else {
      finding.message += "; fix: " + action_;
      if (!unsafe_reason_.empty()) finding.message += " (unsafe: " + unsafe_reason_ + ")";
      if (workspace_left_out_) finding.message += kWorkspaceStillNeeded;
      finding.intents = std::move(intents_);
      finding.required_parameters = std::move(required_parameters_);
    }
    for (const auto& candidate : passed_over_)
      finding.message += "; passed over " + candidate;
    return finding;
  }

 private:
  void unsafe(const std::string& reason) {
    if (safety_ == Safety::Safe) safety_ = Safety::Unsafe;
    unsafe_reason_ += (unsafe_reason_.empty() ? "" : "; ") + reason;
  }

  void manual(const std::string& reason) {
    safety_ = Safety::Manual;
    strategy_.clear();
    if (manual_reason_.empty()) manual_reason_ = reason;
  }

  // Azure compares keys ignoring case. Which of two equal keys counts is not armfix's to
  // guess: a fix of one could leave the other in force, and the next run would fix again.
  std::optional<std::string> duplicated_key(ValueRef body) const {
    struct Level {
      const char* name;  // the member holding the next level, as it is named in messages
      std::vector<const char*> keys;
    };
    static const std::vector<Level> kPath = {{"the cluster", {"properties", "apiVersion"}},
                                             {"properties", {"securityProfile"}},
                                             {"securityProfile", {"defender", "azureDefender"}},
                                             {"defender", {"securityMonitoring", kWorkspaceKey}},
                                             {"securityMonitoring", {"enabled"}}};
    ValueRef object = body;
    for (std::size_t level = 0; level < kPath.size() && object.is(Shape::Object); ++level) {
      for (const char* key : kPath[level].keys) {
        if (model_.member_count(object, key) > 1) {
          return std::string(kPath[level].name) + " has the key '" + key + "' more than once";
        }
      }
      if (level + 1 < kPath.size()) object = model_.member(object, kPath[level + 1].name);
    }
    return std::nullopt;
  }

  // properties, securityProfile and defender: missing or null gets the rest written, a union()
  // that forces Defender on passes, an expression is wrapped, another literal needs a person.
  // Returns true when `value` is an object to look into.
  bool check_level(ValueRef value, const PropertyPath& path, const std::string& what,
                   const std::string& missing) {
    if (value.absent()) {
      problem_ = missing;
      action_ = "add " + (path == kProperties ? std::string("properties.") : std::string()) +
                "securityProfile.defender";
      auto block = defender_block(ValueRef{});
      if (block) intents_.push_back(Intent::set(path, nest(relative(kDefender, path), *block)));
      return false;
    }
    if (value.is(Shape::Expression)) {
      wrap_expression(value, path, what);
      return false;
    }
    if (!value.is(Shape::Object)) {
      problem_ = what + " is not an object";
      manual("set " + std::string(path == kProperties ? "properties." : "") +
             "securityProfile.defender by hand");
      return false;
    }
    return true;
  }

  void check_properties(ValueRef body) {
    ValueRef properties = model_.member(body, "properties");
    if (!check_level(properties, kProperties, "properties", "the cluster has no properties")) {
      return;
    }
    properties_ = properties;
    ValueRef profile = model_.member(properties, "securityProfile");
    if (!check_level(profile, kSecurityProfile, "securityProfile", "securityProfile is missing")) {
      return;
    }
    check_defender(profile);
  }

  void check_defender(ValueRef profile) {
    ValueRef defender = model_.member(profile, "defender");
    ValueRef legacy = model_.member(profile, "azureDefender");
    if (defender.absent() && legacy.is(Shape::Object)) {
      migrate(defender, legacy);
      return;
    }
    if (!check_level(defender, kDefender, "securityProfile.defender",
                     "securityProfile has no defender block")) {
      return;
    }
    check_security_monitoring(defender);
    check_workspace(defender);
  }

  // The legacy block becomes the new one; its `enabled` becomes securityMonitoring.
  void migrate(ValueRef defender, ValueRef legacy) {
    problem_ = "securityProfile uses the legacy azureDefender block";
    if (defender.is(Shape::Null)) {
      manual(
          "securityProfile also has a null defender: remove one of them, then enable "
          "securityProfile.defender by hand");
      return;
    }
    action_ = "replace azureDefender with securityProfile.defender";
    unsafe("migrates the legacy azureDefender block");
    auto block = defender_block(legacy);
    if (!block) return;
    intents_.push_back(Intent::migrate(below(kSecurityProfile, "azureDefender"), "defender",
                                       std::move(*block), {{"enabled", "securityMonitoring"}}));
  }

  void check_security_monitoring(ValueRef defender) {
    const PropertyPath path = below(kDefender, "securityMonitoring");
    ValueRef monitoring = model_.member(defender, "securityMonitoring");
    if (forced_true(monitoring, {"enabled"})) return;
    if (!monitoring.is(Shape::Object)) {
      if (monitoring.is(Shape::Expression)) {
        problem_ = "securityMonitoring is the expression " + model_.excerpt(monitoring);
        action_ = "replace it with " + model_.spell(enabled_true());
        unsafe("replaces an expression with a literal");
      } else {
        problem_ = monitoring.is(Shape::Missing) ? "defender has no securityMonitoring"
                                                 : "defender.securityMonitoring is not an object";
        action_ = "set securityMonitoring.enabled to true";
      }
      intents_.push_back(Intent::set(path, enabled_true()));
      return;
    }
    ValueRef enabled = model_.member(monitoring, "enabled");
    if (enabled.is(Shape::Missing)) {
      problem_ = "securityMonitoring.enabled is missing";
      action_ = "add enabled: true";
      intents_.push_back(Intent::set(below(path, "enabled"), true));
      return;
    }
    auto literal = model_.literal(enabled);
    if (literal && *literal == true) return;
    action_ = "set securityMonitoring.enabled to true";
    if (enabled.is(Shape::Expression)) {
      if (forced_true(enabled, {})) return;
      auto resolved = model_.resolve(cluster_, enabled);
      if (resolved && *resolved == true) return;
      problem_ = "securityMonitoring.enabled is the expression " + model_.excerpt(enabled) +
                 (resolved ? ", which resolves to " + model_.spell(*resolved)
                           : ", which cannot be resolved");
      unsafe("replaces the expression with true");
    } else {
      problem_ = "securityMonitoring.enabled is " + describe(enabled, literal);
    }
    intents_.push_back(Intent::set(below(path, "enabled"), true));
  }

  void check_workspace(ValueRef defender) {
    if (!model_.member(defender, kWorkspaceKey).absent()) return;
    if (options_.no_workspace) {
      workspace_left_out_ = true;
      return;
    }
    bool only_workspace = problem_.empty();
    auto choice = wire_workspace(ValueRef{});
    if (!choice) return;
    if (only_workspace) {
      problem_ = "defender has no logAnalyticsWorkspaceResourceId";
      action_ = "wire " + choice->description;
    } else {
      action_ += " and wire " + choice->description;
    }
    intents_.push_back(Intent::set(below(kDefender, kWorkspaceKey), choice->value));
  }

  std::string describe(ValueRef value, const std::optional<nlohmann::json>& literal) const {
    if (literal && (literal->is_boolean() || literal->is_null())) return literal->dump();
    std::string shown = literal ? model_.spell(*literal) : model_.excerpt(value);
    return (literal && literal->is_string() ? "the string " : "") + shown + ", not boolean true";
  }

  // True when `value` is a union() that sets the boolean at `path` to true whatever its other
  // arguments hold: armfix's own wrap, and the same wrap merged with another rule's.
  bool forced_true(ValueRef value, const PropertyPath& path) const {
    if (!value.is(Shape::Expression)) return false;
    auto forced = model_.forced_by_union(cluster_, value, path);
    return forced && *forced == true;
  }

  // properties, securityProfile or defender given by an expression: wrap it in union() so the
  // deployed cluster enables Defender whatever the expression yields.
  void wrap_expression(ValueRef value, const PropertyPath& path, const std::string& what) {
    const PropertyPath inside = relative(kDefender, path);
    if (forced_true(value, below(below(inside, "securityMonitoring"), "enabled"))) return;
    problem_ = what + " is the expression " + model_.excerpt(value) + ", not known to enable it";
    action_ = "wrap it in union() with securityMonitoring.enabled true";
    unsafe("wraps an expression-valued object in union()");
    nlohmann::ordered_json defaults;
    workspace_left_out_ = options_.no_workspace;
    if (!options_.no_workspace) {
      auto choice = wire_workspace(ValueRef{});
      if (!choice) return;
      defaults = nest(inside, {{kWorkspaceKey, choice->value}});
      action_ += ", defaulting the workspace to " + choice->description;
    }
    // properties always yields an object; the inner levels may yield null when disabled.
    intents_.push_back(Intent::wrap(path, nest(inside, {{"securityMonitoring", enabled_true()}}),
                                    path != kProperties, std::move(defaults)));
    if (path != kDefender && may_hold_legacy_block(value, path)) {
      legacy_wrap_ = intents_.size() - 1;
    }
  }

  // Whether an expression-valued properties or securityProfile may yield the legacy
  // azureDefender block: its value under the defaults has one, or is not known.
  bool may_hold_legacy_block(ValueRef value, const PropertyPath& path) const {
    auto resolved = model_.resolve(cluster_, value);
    if (!resolved) return true;
    auto block = json_at(*resolved, relative(below(kSecurityProfile, "azureDefender"), path));
    return block && !block->is_null();
  }

  // A wrapped expression that may still yield azureDefender, on an apiVersion whose schema
  // lacks it (the API rejects the cluster): the wrap forces it to null as well.
  void override_legacy_block() {
    if (!legacy_wrap_) return;
    std::string version = model_.api_version(cluster_).resolved.value_or("");
    for (const auto& intent : intents_) {
      if (intent.kind == IntentKind::RaiseApiVersion) version = intent.api_version;
    }
    const PropertyPath legacy = below(kSecurityProfile, "azureDefender");
    const ApiVersionTable& table = ApiVersionTable::managed_clusters();
    if (!table.has_version(version) || table.accepts(version, legacy)) return;
    Intent& wrap = intents_[*legacy_wrap_];
    nlohmann::ordered_json* level = &wrap.value;
    for (const auto& key : relative(kSecurityProfile, wrap.path))
      level = &(*level)[key];
    (*level)["azureDefender"] = nullptr;
    unsafe("forces the legacy azureDefender block the expression may yield to null, as " + version +
           " has no azureDefender");
  }

  // The defender block to write; nullopt (and a manual finding) when no workspace can be wired.
  std::optional<nlohmann::ordered_json> defender_block(ValueRef legacy) {
    nlohmann::ordered_json block = nlohmann::ordered_json::object();
    workspace_left_out_ = options_.no_workspace;
    if (!options_.no_workspace) {
      auto choice = wire_workspace(legacy);
      if (!choice) return std::nullopt;
      block[kWorkspaceKey] = choice->value;
      action_ += " with " + choice->description;
    }
    block["securityMonitoring"] = enabled_true();
    return block;
  }

  std::optional<WorkspaceChoice> wire_workspace(ValueRef legacy) {
    if (workspace_) return workspace_;
    WorkspaceChoice choice =
        choose_workspace(WorkspaceContext{model_, cluster_, options_, properties_, legacy});
    passed_over_ = choice.passed_over;
    if (choice.manual_reason) {
      manual(*choice.manual_reason);
      return std::nullopt;
    }
    if (safety_ != Safety::Manual) strategy_ = choice.strategy;
    for (auto& intent : choice.intents)
      intents_.push_back(std::move(intent));
    choice.intents.clear();
    required_parameters_ = choice.required_parameters;
    workspace_ = choice;
    return workspace_;
  }

  void check_api_version() {
    ApiVersion version = model_.api_version(cluster_);
    if (version.is_expression) {
      if (version.resolved && looks_like_api_version(*version.resolved) &&
          supports_defender(*version.resolved)) {
        return;
      }
      manual("its apiVersion is the expression " + shorten_source(version.text) +
             ": make sure it is " + kFirstDefenderApiVersion +
             " or later, then enable securityProfile.defender by hand");
      return;
    }
    if (!version.resolved) {
      manual("the cluster's apiVersion is missing or not a string");
      return;
    }
    if (!looks_like_api_version(version.text)) {
      manual("its apiVersion '" + version.text +
             "' is not a date: enable securityProfile.defender by hand");
      return;
    }
    ApiVersionChoice choice =
        choose_api_version(model_, cluster_, kManagedClusterType, version.text, intents_,
                           kFirstDefenderApiVersion, kFirstDefenderPreviewApiVersion);
    if (choice.manual) {
      manual(*choice.manual);
      return;
    }
    if (!choice.raise_to) return;
    unsafe(choice.note);
    intents_.push_back(Intent::raise_api_version(*choice.raise_to));
  }

  const ResourceModel& model_;
  const ResourceRef& cluster_;
  const FixOptions& options_;
  ValueRef properties_;
  std::string problem_;
  std::string action_;
  std::string unsafe_reason_;
  std::string manual_reason_;
  std::string strategy_;
  bool workspace_left_out_ = false;  // --no-workspace: enabled without a workspace
  Safety safety_ = Safety::Safe;
  std::vector<Intent> intents_;
  std::vector<RequiredParameter> required_parameters_;
  std::optional<WorkspaceChoice> workspace_;
  std::vector<std::string> passed_over_;
  std::optional<std::size_t> legacy_wrap_;  // the wrap whose expression may yield azureDefender  //
                                            // workspace candidates that cannot serve, and why
};

}  // namespace

const RuleInfo& DefenderProfileFixer::info() const {
  return kRule;
}

std::string_view DefenderProfileFixer::resource_type() const {
  return kManagedClusterType;
}

std::vector<Finding> DefenderProfileFixer::check(const ResourceModel& model,
                                                 const FixOptions& options) const {
  std::vector<Finding> findings;
  for (const auto& cluster : model.deployed(kManagedClusterType)) {
    if (auto finding = ClusterFix(model, cluster, options).run()) {
      findings.push_back(std::move(*finding));
    }
  }
  return findings;
}

}  // namespace armfix
