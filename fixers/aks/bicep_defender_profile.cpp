// Azure.AKS.DefenderProfile (AZR-000370) for Bicep: every deployed AKS cluster enables
// Microsoft Defender for Containers, `properties.securityProfile.defender.securityMonitoring
// .enabled: true`, with its Log Analytics workspace wired. The cases, safety classes and
// messages are the ARM fixer's; only the spelling of the fix is Bicep's.
#include "bicep_defender_profile.hpp"

#include <optional>

#include "aks/defender_facts.hpp"
#include "bicep/bicep_resource_model.hpp"
#include "bicep_workspace_wiring.hpp"
#include "json/arm_expression.hpp"

namespace armfix {

namespace {

constexpr std::string_view kClusterType = "Microsoft.ContainerService/managedClusters@";

BicepValue enabled_true() {
  return BicepValue::object({BicepMember{"enabled", BicepValue::expression("true")}});
}

// `value` placed under the keys of `path`, outermost first.
BicepValue nest(const std::vector<std::string>& path, BicepValue value) {
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    value = BicepValue::object({BicepMember{*it, std::move(value)}});
  }
  return value;
}

// Fixes one cluster. Each step records what is wrong, the changes that fix it and how safe
// they are; the cluster gets one finding with the strictest safety of its steps.
class ClusterFix {
 public:
  ClusterFix(const BicepDocument& doc, NodeId cluster, const FixOptions& options,
             const RuleInfo& rule)
      : doc_(doc), cluster_(cluster), options_(options), rule_(rule) {}

  std::optional<BicepFinding> run() {
    NodeId body = doc_.body_object(cluster_);
    if (body == kNoNode) {
      problem_ = "the cluster's body is not an object";
      manual("enable securityProfile.defender by hand");
    } else {
      check_properties(body);
    }
    if (problem_.empty()) return std::nullopt;
    if (safety_ != Safety::Manual) check_api_version();

    std::string symbol(doc_.symbol(cluster_));
    BicepFinding result;
    Finding& finding = result.finding;
    finding.rule = &rule_;
    finding.resource_name = symbol;
    finding.pointer = JsonPointer({"resources", symbol});
    finding.safety = safety_;
    finding.strategy = strategy_;
    finding.message = "Defender for Containers is not enabled: " + problem_;
    if (safety_ == Safety::Manual) {
      finding.message += "; " + manual_reason_;
    } else {
      finding.message += "; fix: " + action_;
      if (!unsafe_reason_.empty()) finding.message += " (unsafe: " + unsafe_reason_ + ")";
      result.changes = std::move(changes_);
      finding.required_parameters = std::move(required_parameters_);
    }
    result.offset = doc_.node(cluster_).name.begin;
    return result;
  }

 private:
  NodeId value_of(NodeId property) const {
    return property == kNoNode ? kNoNode : doc_.node(property).value;
  }
  std::string text_of(NodeId node) const { return std::string(doc_.source(doc_.node(node).span)); }
  bool is_null(NodeId node) const { return doc_.is(node, BicepNodeKind::Null); }

  void unsafe(const std::string& reason) {
    if (safety_ == Safety::Safe) safety_ = Safety::Unsafe;
    unsafe_reason_ += (unsafe_reason_.empty() ? "" : "; ") + reason;
  }

  void manual(const std::string& reason) {
    safety_ = Safety::Manual;
    strategy_.clear();
    if (manual_reason_.empty()) manual_reason_ = reason;
  }

  // Writes `value` as the property `key` of `object`: over the existing (null) value when
  // there is one, else as a new property.
  void set(NodeId object, NodeId property, const std::string& key, BicepValue value) {
    if (property != kNoNode) {
      changes_.push_back(BicepChange::replace_value(value_of(property), std::move(value)));
    } else {
      changes_.push_back(BicepChange::add_property(object, key, std::move(value)));
    }
  }

  // True when `value` is a union() that sets the boolean at `keys` to true whatever its
  // other arguments hold: union() merges objects deeply and lets the last one that sets a
  // path win. armfix's own wrap has this shape, which keeps it idempotent.
  bool union_forces_true(NodeId value, const std::vector<std::string>& keys) const {
    if (value == kNoNode) return false;
    auto forced = BicepResourceModel(doc_).forced_by_union(ValueRef{value, Shape::Expression},
                                                           PropertyPath(keys));
    return forced && *forced == true;
  }

  void check_properties(NodeId body) {
    NodeId property = doc_.find_property(body, "properties");
    NodeId properties = value_of(property);
    if (property == kNoNode || is_null(properties)) {
      problem_ = "the cluster has no properties";
      action_ = "add properties.securityProfile.defender";
      auto block = defender_block();
      if (!block) return;
      set(body, property, "properties", nest({"securityProfile", "defender"}, std::move(*block)));
      return;
    }
    if (union_forces_true(properties,
                          {"securityProfile", "defender", "securityMonitoring", "enabled"})) {
      return;
    }
    if (not_an_object(properties, "properties", "properties.securityProfile.defender")) return;
    if (!doc_.is(properties, BicepNodeKind::Object)) {
      wrap_expression(properties, {"securityProfile", "defender"}, "properties");
      return;
    }
    properties_ = properties;
    check_security_profile();
  }

  void check_security_profile() {
    NodeId property = doc_.find_property(properties_, "securityProfile");
    NodeId profile = value_of(property);
    if (property == kNoNode || is_null(profile)) {
      problem_ = "securityProfile is missing";
      action_ = "add securityProfile.defender";
      auto block = defender_block();
      if (!block) return;
      set(properties_, property, "securityProfile", nest({"defender"}, std::move(*block)));
      return;
    }
    if (union_forces_true(profile, {"defender", "securityMonitoring", "enabled"})) return;
    if (not_an_object(profile, "securityProfile", "securityProfile.defender")) return;
    if (!doc_.is(profile, BicepNodeKind::Object)) {
      wrap_expression(profile, {"defender"}, "securityProfile");
      return;
    }
    check_defender(profile);
  }

  void check_defender(NodeId profile) {
    NodeId property = doc_.find_property(profile, "defender");
    NodeId defender = value_of(property);
    NodeId legacy = doc_.find_property(profile, "azureDefender");
    if (property == kNoNode || is_null(defender)) {
      if (doc_.is(value_of(legacy), BicepNodeKind::Object)) {
        migrate(legacy);
        return;
      }
      problem_ = "securityProfile has no defender block";
      action_ = "add securityProfile.defender";
      auto block = defender_block();
      if (!block) return;
      set(profile, property, "defender", std::move(*block));
      return;
    }
    if (union_forces_true(defender, {"securityMonitoring", "enabled"})) return;
    if (not_an_object(defender, "securityProfile.defender", "securityProfile.defender")) return;
    if (!doc_.is(defender, BicepNodeKind::Object)) {
      wrap_expression(defender, {}, "securityProfile.defender");
      return;
    }
    check_security_monitoring(defender);
    check_workspace(defender);
  }

  // The legacy block becomes the new one in place, so its workspace and comments stay.
  void migrate(NodeId legacy) {
    problem_ = "securityProfile uses the legacy azureDefender block";
    action_ = "replace azureDefender with securityProfile.defender";
    unsafe("migrates the legacy azureDefender block");
    NodeId block = value_of(legacy);
    changes_.push_back(BicepChange::rename_key(legacy, "defender"));
    NodeId enabled = doc_.find_property(block, "enabled");
    if (enabled != kNoNode) {
      changes_.push_back(
          BicepChange::replace_property(enabled, "securityMonitoring", enabled_true()));
    } else {
      changes_.push_back(BicepChange::add_property(block, "securityMonitoring", enabled_true()));
    }
    if (options_.no_workspace) return;
    NodeId workspace = doc_.find_property(block, "logAnalyticsWorkspaceResourceId");
    if (workspace != kNoNode && !is_null(value_of(workspace))) {
      strategy_ = "azure-defender";
      action_ += " with the workspace of the legacy azureDefender block";
      return;
    }
    auto choice = wire_workspace();
    if (!choice) return;
    action_ += " with " + choice->description;
    set(block, workspace, "logAnalyticsWorkspaceResourceId",
        BicepValue::expression(choice->expression));
  }

  void check_security_monitoring(NodeId defender) {
    NodeId property = doc_.find_property(defender, "securityMonitoring");
    NodeId monitoring = value_of(property);
    if (union_forces_true(monitoring, {"enabled"})) return;
    if (property == kNoNode || !doc_.is(monitoring, BicepNodeKind::Object)) {
      if (property != kNoNode && is_expression(monitoring)) {
        problem_ = "securityMonitoring is the expression " + shorten_source(text_of(monitoring));
        action_ = "replace it with { enabled: true }";
        unsafe("replaces an expression with a literal");
      } else {
        problem_ = property == kNoNode ? "defender has no securityMonitoring"
                                       : "defender.securityMonitoring is not an object";
        action_ = "set securityMonitoring.enabled to true";
      }
      set(defender, property, "securityMonitoring", enabled_true());
      return;
    }
    NodeId enabled_property = doc_.find_property(monitoring, "enabled");
    if (enabled_property == kNoNode) {
      problem_ = "securityMonitoring.enabled is missing";
      action_ = "add enabled: true";
      set(monitoring, kNoNode, "enabled", BicepValue::expression("true"));
      return;
    }
    NodeId enabled = value_of(enabled_property);
    if (doc_.is(enabled, BicepNodeKind::True)) return;
    action_ = "set securityMonitoring.enabled to true";
    if (is_expression(enabled)) {
      NodeId resolved = resolve(enabled);
      if (doc_.is(resolved, BicepNodeKind::True)) return;
      problem_ = "securityMonitoring.enabled is the expression " +
                 shorten_source(text_of(enabled)) +
                 (resolved != kNoNode ? ", which resolves to " + text_of(resolved)
                                      : ", which cannot be resolved");
      unsafe("replaces the expression with true");
    } else {
      problem_ = "securityMonitoring.enabled is " + describe_literal(enabled);
    }
    changes_.push_back(BicepChange::replace_value(enabled, BicepValue::expression("true")));
  }

  void check_workspace(NodeId defender) {
    if (options_.no_workspace) return;
    NodeId property = doc_.find_property(defender, "logAnalyticsWorkspaceResourceId");
    if (property != kNoNode && !is_null(value_of(property))) return;
    bool only_workspace = problem_.empty();
    auto choice = wire_workspace();
    if (!choice) return;
    if (only_workspace) {
      problem_ = "defender has no logAnalyticsWorkspaceResourceId";
      action_ = "wire " + choice->description;
    } else {
      action_ += " and wire " + choice->description;
    }
    set(defender, property, "logAnalyticsWorkspaceResourceId",
        BicepValue::expression(choice->expression));
  }

  // A literal that is not an object (a string, a number, an array) where an object belongs:
  // no fix can keep what its author meant, as in the ARM rule.
  bool not_an_object(NodeId value, const std::string& what, const std::string& to_set) {
    if (is_expression(value) || doc_.is(value, BicepNodeKind::Object)) return false;
    problem_ = what + " is not an object";
    manual("set " + to_set + " by hand");
    return true;
  }

  // Anything but a literal: a symbol, a call, an operator, a ternary.
  bool is_expression(NodeId node) const {
    switch (doc_.node(node).kind) {
      case BicepNodeKind::String:
      case BicepNodeKind::MultilineString:
      case BicepNodeKind::Number:
      case BicepNodeKind::True:
      case BicepNodeKind::False:
      case BicepNodeKind::Null:
      case BicepNodeKind::Array:
      case BicepNodeKind::Object:
        return false;
      default:
        return true;
    }
  }

  std::string describe_literal(NodeId node) const {
    switch (doc_.node(node).kind) {
      case BicepNodeKind::False:
        return "false";
      case BicepNodeKind::Null:
        return "null";
      case BicepNodeKind::String:
      case BicepNodeKind::MultilineString:
        return "the string " + shorten_source(text_of(node)) + ", not boolean true";
      default:
        return shorten_source(text_of(node)) + ", not boolean true";
    }
  }

  // A parameter's default or a variable's value, when it is a literal: what PSRule sees once
  // the file is compiled and deployed with default parameters.
  NodeId resolve(NodeId expression) const {
    while (doc_.is(expression, BicepNodeKind::Parenthesized)) {
      expression = doc_.node(expression).first_child;
    }
    if (!doc_.is(expression, BicepNodeKind::Identifier)) return kNoNode;
    NodeId declaration = doc_.find_declaration(doc_.source(doc_.node(expression).span));
    if (declaration == kNoNode) return kNoNode;
    auto kind = doc_.node(declaration).declaration;
    if (kind != BicepDeclarationKind::Parameter && kind != BicepDeclarationKind::Variable) {
      return kNoNode;
    }
    NodeId value = doc_.node(declaration).value;
    return value != kNoNode && !is_expression(value) ? value : kNoNode;
  }

  // securityProfile or defender given by an expression: wrap it in union() so the deployed
  // cluster enables Defender whatever the expression yields; a null becomes {} first.
  void wrap_expression(NodeId node, const std::vector<std::string>& path, const std::string& what) {
    problem_ =
        what + " is the expression " + shorten_source(text_of(node)) + ", not known to enable it";
    action_ = "wrap it in union() with securityMonitoring.enabled true";
    unsafe("wraps an expression-valued object in union()");
    std::vector<BicepValue> arguments;
    if (!options_.no_workspace) {
      auto choice = wire_workspace();
      if (!choice) return;
      arguments.push_back(nest(
          path, BicepValue::object({BicepMember{"logAnalyticsWorkspaceResourceId",
                                                BicepValue::expression(choice->expression)}})));
      action_ += ", defaulting the workspace to " + choice->description;
    }
    // properties always yields an object; the inner levels may yield null when disabled.
    BicepValue original = BicepValue::expression(text_of(node));
    arguments.push_back(
        what == "properties"
            ? std::move(original)
            : BicepValue::call("coalesce", {std::move(original), BicepValue::object({})}));
    arguments.push_back(
        nest(path, BicepValue::object({BicepMember{"securityMonitoring", enabled_true()}})));
    changes_.push_back(
        BicepChange::replace_value(node, BicepValue::call("union", std::move(arguments))));
  }

  // The defender block to add; nullopt (and a manual finding) when no workspace can be wired.
  std::optional<BicepValue> defender_block() {
    std::vector<BicepMember> members;
    if (!options_.no_workspace) {
      auto choice = wire_workspace();
      if (!choice) return std::nullopt;
      members.push_back(BicepMember{"logAnalyticsWorkspaceResourceId",
                                    BicepValue::expression(choice->expression)});
      action_ += " with " + choice->description;
    }
    members.push_back(BicepMember{"securityMonitoring", enabled_true()});
    return BicepValue::object(std::move(members));
  }

  std::optional<BicepWorkspaceChoice> wire_workspace() {
    if (workspace_) return workspace_;
    BicepWorkspaceChoice choice =
        choose_bicep_workspace(BicepClusterContext{doc_, cluster_, properties_, options_});
    if (choice.manual_reason) {
      manual(*choice.manual_reason);
      return std::nullopt;
    }
    if (safety_ != Safety::Manual) strategy_ = choice.strategy;
    for (auto& change : choice.changes)
      changes_.push_back(std::move(change));
    choice.changes.clear();
    required_parameters_ = choice.required_parameters;
    workspace_ = choice;
    return workspace_;
  }

  void check_api_version() {
    auto type = doc_.string_value(doc_.node(cluster_).type);
    std::string version = type ? type->substr(type->find('@') + 1) : std::string();
    if (!looks_like_api_version(version)) {
      manual("its apiVersion '" + version +
             "' is not a date: enable securityProfile.defender by hand");
      return;
    }
    if (supports_defender(version)) return;
    unsafe("raises apiVersion " + version + " to " + kFirstDefenderApiVersion +
           ", the first with securityProfile.defender; other defaults may change");
    changes_.push_back(
        BicepChange::set_api_version(doc_.node(cluster_).type, kFirstDefenderApiVersion));
  }

  const BicepDocument& doc_;
  NodeId cluster_;
  const FixOptions& options_;
  const RuleInfo& rule_;
  NodeId properties_ = kNoNode;
  std::string problem_;
  std::string action_;
  std::string unsafe_reason_;
  std::string manual_reason_;
  std::string strategy_;
  Safety safety_ = Safety::Safe;
  std::vector<BicepChange> changes_;
  std::vector<RequiredParameter> required_parameters_;
  std::optional<BicepWorkspaceChoice> workspace_;
};

bool is_deployed_cluster(const BicepDocument& doc, NodeId resource) {
  if (doc.node(resource).existing) return false;
  auto type = doc.string_value(doc.node(resource).type);
  return type && starts_with_ignore_case(*type, kClusterType);
}

}  // namespace

std::vector<NodeId> deployed_bicep_clusters(const BicepDocument& document) {
  std::vector<NodeId> clusters;
  for (NodeId resource : document.declarations(BicepDeclarationKind::Resource)) {
    if (is_deployed_cluster(document, resource)) clusters.push_back(resource);
  }
  return clusters;
}

std::vector<BicepFinding> BicepDefenderProfileFixer::check(const BicepDocument& document,
                                                           const FixOptions& options) const {
  const Fixer* arm = find_fixer(kRuleName);
  std::vector<BicepFinding> findings;
  if (arm == nullptr) return findings;
  for (NodeId resource : deployed_bicep_clusters(document)) {
    if (auto finding = ClusterFix(document, resource, options, arm->info()).run()) {
      findings.push_back(std::move(*finding));
    }
  }
  return findings;
}

}  // namespace armfix
