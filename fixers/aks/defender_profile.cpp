// Azure.AKS.DefenderProfile (AZR-000370): every deployed AKS cluster enables Microsoft Defender
// for Containers, `properties.securityProfile.defender.securityMonitoring.enabled: true`, with
// its Log Analytics workspace wired.
#include "defender_profile.hpp"

#include "aks/defender_facts.hpp"
#include "json/arm_expression.hpp"
#include "json/arm_resource_model.hpp"
#include "json/arm_union.hpp"
#include "workspace_wiring.hpp"

namespace armfix {

namespace {

constexpr std::string_view kClusterType = "Microsoft.ContainerService/managedClusters";

const RuleInfo kRule{
    "Azure.AKS.DefenderProfile",
    "AZR-000370",
    "Enable Microsoft Defender for Containers on AKS clusters "
    "(securityProfile.defender.securityMonitoring.enabled = true) with a Log Analytics workspace.",
    "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.DefenderProfile/",
    "Safe: adding or correcting the defender block, wiring a workspace the template already has, "
    "adding a workspace parameter or a dependsOn entry. Unsafe: raising an apiVersion older than "
    "2022-06-01, migrating the legacy azureDefender block, replacing an expression with true, "
    "wrapping an expression-valued object in union(). Manual: an apiVersion given by an "
    "expression.",
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

// The object that is forced last in a union() wrap; its text marks the wrap as armfix's own.
std::string forced_enable(const std::vector<std::string>& path) {
  std::string inner = "createObject('enabled', true())";
  inner = "createObject('securityMonitoring', " + inner + ")";
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    inner = "createObject(" + quote_literal(*it) + ", " + inner + ")";
  }
  return inner;
}

std::string workspace_default(const std::vector<std::string>& path, const std::string& argument) {
  std::string inner = "createObject('logAnalyticsWorkspaceResourceId', " + argument + ")";
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    inner = "createObject(" + quote_literal(*it) + ", " + inner + ")";
  }
  return inner;
}

// `path` leads from the expression-valued object down to `defender`. A union() whose later
// arguments enable Defender enables it whatever the expression yields: armfix's own wrap, and
// the same wrap merged with another rule's.
bool is_own_union_wrap(std::string_view expression, const std::vector<std::string>& path) {
  PropertyPath enabled(path.begin(), path.end());
  enabled.insert(enabled.end(), {"securityMonitoring", "enabled"});
  auto forced = arm_union_forced(expression, enabled);
  return forced && *forced == true;
}

// Long compiled-Bicep expressions are cut so a finding stays one readable line.
std::string shorten(const std::string& expression) {
  constexpr std::size_t kMaxShown = 72;
  if (expression.size() <= kMaxShown) return expression;
  return expression.substr(0, kMaxShown - 3) + "...";
}

// Fixes one cluster. Each step records what is wrong, the operations that fix it and how safe
// they are; the cluster gets one finding with the strictest safety of its steps.
class ClusterFix {
 public:
  ClusterFix(const Document& doc, const TemplateView& view, const Resource& cluster,
             const FixOptions& options)
      : doc_(doc), view_(view), cluster_(cluster), options_(options) {}

  std::optional<Finding> run() {
    if (auto duplicated = duplicated_key()) {
      problem_ = *duplicated;
      manual("keep one of them, then enable securityProfile.defender by hand");
    } else {
      check_properties();
    }
    if (problem_.empty()) return std::nullopt;
    if (safety_ != Safety::Manual) check_api_version();
    Finding finding;
    finding.rule = &kRule;
    finding.resource_name = cluster_.display_name;
    finding.pointer = doc_.pointer_to(cluster_.node);
    finding.node = cluster_.node;
    finding.safety = safety_;
    finding.strategy = strategy_;
    finding.message = "Defender for Containers is not enabled: " + problem_;
    if (safety_ == Safety::Manual) {
      finding.message += "; " + manual_reason_;
    } else {
      finding.message += "; fix: " + action_;
      if (!unsafe_reason_.empty()) finding.message += " (unsafe: " + unsafe_reason_ + ")";
      finding.operations = std::move(operations_);
      finding.required_parameters = std::move(required_parameters_);
    }
    return finding;
  }

 private:
  JsonPointer at(NodeId node) const { return doc_.pointer_to(node); }

  void unsafe(const std::string& reason) {
    if (safety_ == Safety::Safe) safety_ = Safety::Unsafe;
    unsafe_reason_ += (unsafe_reason_.empty() ? "" : "; ") + reason;
  }

  void manual(const std::string& reason) {
    safety_ = Safety::Manual;
    strategy_.clear();
    if (manual_reason_.empty()) manual_reason_ = reason;
  }

  // ARM compares keys ignoring case. Which of two equal keys counts is not armfix's to guess:
  // a fix of one could leave the other in force, and the next run would fix again.
  std::optional<std::string> duplicated_key() const {
    struct Level {
      const char* name;  // the member holding the next level, as it is named in messages
      std::vector<const char*> keys;
    };
    static const std::vector<Level> kPath = {
        {"the cluster", {"properties", "apiVersion"}},
        {"properties", {"securityProfile"}},
        {"securityProfile", {"defender", "azureDefender"}},
        {"defender", {"securityMonitoring", "logAnalyticsWorkspaceResourceId"}},
        {"securityMonitoring", {"enabled"}}};
    NodeId object = cluster_.node;
    for (std::size_t level = 0; level < kPath.size() && doc_.is_object(object); ++level) {
      for (const char* key : kPath[level].keys) {
        if (doc_.count_members(object, key) > 1) {
          return std::string(kPath[level].name) + " has the key '" + key + "' more than once";
        }
      }
      if (level + 1 < kPath.size()) object = doc_.find_member(object, kPath[level + 1].name);
    }
    return std::nullopt;
  }

  void check_properties() {
    NodeId properties = doc_.find_member(cluster_.node, "properties");
    if (properties == kNoNode || doc_.node(properties).kind == NodeKind::Null) {
      problem_ = "the cluster has no properties";
      action_ = "add properties.securityProfile.defender";
      auto block = defender_block(kNoNode);
      if (!block) return;
      nlohmann::ordered_json value = {{"securityProfile", {{"defender", *block}}}};
      set_member(cluster_.node, properties, "properties", value);
      return;
    }
    if (wrap_expression(properties, {"securityProfile", "defender"}, "properties")) return;
    if (!doc_.is_object(properties)) {
      problem_ = "properties is not an object";
      manual("set properties.securityProfile.defender by hand");
      return;
    }
    properties_ = properties;
    check_security_profile();
  }

  void check_security_profile() {
    NodeId profile = doc_.find_member(properties_, "securityProfile");
    if (profile == kNoNode || doc_.node(profile).kind == NodeKind::Null) {
      problem_ = "securityProfile is missing";
      action_ = "add securityProfile.defender";
      auto block = defender_block(kNoNode);
      if (!block) return;
      set_member(properties_, profile, "securityProfile", {{"defender", *block}});
      return;
    }
    if (wrap_expression(profile, {"defender"}, "securityProfile")) return;
    if (!doc_.is_object(profile)) {
      problem_ = "securityProfile is not an object";
      manual("set securityProfile.defender by hand");
      return;
    }
    check_defender(profile);
  }

  void check_defender(NodeId profile) {
    NodeId defender = doc_.find_member(profile, "defender");
    NodeId legacy = doc_.find_member(profile, "azureDefender");
    if (defender == kNoNode || doc_.node(defender).kind == NodeKind::Null) {
      bool migrate = doc_.is_object(legacy);
      if (migrate) {
        problem_ = "securityProfile uses the legacy azureDefender block";
        action_ = "replace azureDefender with securityProfile.defender";
        unsafe("migrates the legacy azureDefender block");
      } else {
        problem_ = "securityProfile has no defender block";
        action_ = "add securityProfile.defender";
      }
      auto block = defender_block(migrate ? legacy : kNoNode);
      if (!block) return;
      if (migrate) operations_.push_back(PatchOperation::remove(at(legacy)));
      set_member(profile, defender, "defender", *block);
      return;
    }
    if (wrap_expression(defender, {}, "securityProfile.defender")) return;
    if (!doc_.is_object(defender)) {
      problem_ = "securityProfile.defender is not an object";
      manual("set securityProfile.defender by hand");
      return;
    }
    check_security_monitoring(defender);
    check_workspace(defender);
  }

  void check_security_monitoring(NodeId defender) {
    NodeId monitoring = doc_.find_member(defender, "securityMonitoring");
    if (monitoring == kNoNode || !doc_.is_object(monitoring)) {
      if (monitoring != kNoNode && doc_.is_string(monitoring) &&
          is_expression(doc_.string_value(monitoring))) {
        problem_ = "securityMonitoring is the expression " + shorten(doc_.string_value(monitoring));
        action_ = "replace it with { \"enabled\": true }";
        unsafe("replaces an expression with a literal");
      } else {
        problem_ = monitoring == kNoNode ? "defender has no securityMonitoring"
                                         : "defender.securityMonitoring is not an object";
        action_ = "set securityMonitoring.enabled to true";
      }
      set_member(defender, monitoring, "securityMonitoring", {{"enabled", true}});
      return;
    }
    NodeId enabled = doc_.find_member(monitoring, "enabled");
    if (enabled == kNoNode) {
      problem_ = "securityMonitoring.enabled is missing";
      action_ = "add enabled: true";
      set_member(monitoring, enabled, "enabled", true);
      return;
    }
    const Node& node = doc_.node(enabled);
    if (node.kind == NodeKind::True) return;
    action_ = "set securityMonitoring.enabled to true";
    if (doc_.is_string(enabled) && is_expression(doc_.string_value(enabled))) {
      std::string expression = doc_.string_value(enabled);
      auto resolved = resolve(expression);
      if (resolved && resolved->is_boolean() && resolved->get<bool>()) return;
      problem_ =
          "securityMonitoring.enabled is the expression " + shorten(expression) +
          (resolved ? ", which resolves to " + resolved->dump() : ", which cannot be resolved");
      unsafe("replaces the expression with true");
    } else {
      problem_ = "securityMonitoring.enabled is " + describe_value(enabled);
    }
    operations_.push_back(PatchOperation::replace(at(enabled), true));
  }

  void check_workspace(NodeId defender) {
    if (options_.no_workspace) return;
    NodeId workspace = doc_.find_member(defender, "logAnalyticsWorkspaceResourceId");
    if (workspace != kNoNode && doc_.node(workspace).kind != NodeKind::Null) return;
    bool only_workspace = problem_.empty();
    auto choice = wire_workspace(kNoNode);
    if (!choice) return;
    if (only_workspace) {
      problem_ = "defender has no logAnalyticsWorkspaceResourceId";
      action_ = "wire " + choice->description;
    } else {
      action_ += " and wire " + choice->description;
    }
    set_member(defender, workspace, "logAnalyticsWorkspaceResourceId", choice->value);
  }

  std::string describe_value(NodeId node) const {
    switch (doc_.node(node).kind) {
      case NodeKind::False:
        return "false";
      case NodeKind::Null:
        return "null";
      case NodeKind::String:
        return "the string " + std::string(doc_.source(doc_.node(node).value)) +
               ", not boolean true";
      default:
        return std::string(doc_.source(doc_.node(node).value)) + ", not boolean true";
    }
  }

  std::optional<nlohmann::json> resolve(const std::string& expression) const {
    return ArmResourceModel(doc_, view_).resolve_text(cluster_, expression);
  }

  // properties, securityProfile or defender given by an expression: wrap it in union() so the
  // expanded template enables Defender whatever the expression yields.
  bool wrap_expression(NodeId node, const std::vector<std::string>& path, const std::string& what) {
    if (!doc_.is_string(node)) return false;
    std::string expression = doc_.string_value(node);
    if (!is_expression(expression)) return false;
    if (is_own_union_wrap(expression, path)) return true;
    problem_ = what + " is the expression " + shorten(expression) + ", not known to enable it";
    action_ = "wrap it in union() with securityMonitoring.enabled true";
    unsafe("wraps an expression-valued object in union()");
    std::string body(expression_body(expression));
    // properties always yields an object; the inner levels may yield null when disabled.
    std::string inner = what == "properties" ? body : "coalesce(" + body + ", createObject())";
    std::string wrapped = "[union(";
    if (!options_.no_workspace) {
      auto choice = wire_workspace(kNoNode);
      if (!choice) return true;
      auto argument = as_argument(nlohmann::json(choice->value));
      if (argument) wrapped += workspace_default(path, *argument) + ", ";
      action_ += ", defaulting the workspace to " + choice->description;
    }
    wrapped += inner + ", " + forced_enable(path) + ")]";
    operations_.push_back(PatchOperation::replace(at(node), wrapped));
    return true;
  }

  // The defender block to add; nullopt (and a manual finding) when no workspace can be wired.
  std::optional<nlohmann::ordered_json> defender_block(NodeId legacy) {
    nlohmann::ordered_json block = nlohmann::ordered_json::object();
    if (!options_.no_workspace) {
      auto choice = wire_workspace(legacy);
      if (!choice) return std::nullopt;
      block["logAnalyticsWorkspaceResourceId"] = choice->value;
      action_ += " with " + choice->description;
    }
    block["securityMonitoring"] = {{"enabled", true}};
    return block;
  }

  std::optional<WorkspaceChoice> wire_workspace(NodeId legacy) {
    if (workspace_) return workspace_;
    ClusterContext context{doc_, view_, cluster_, options_, properties_, legacy};
    WorkspaceChoice choice = choose_workspace(context);
    if (choice.manual_reason) {
      manual(*choice.manual_reason);
      return std::nullopt;
    }
    if (safety_ != Safety::Manual) strategy_ = choice.strategy;
    for (auto& op : choice.operations)
      operations_.push_back(std::move(op));
    choice.operations.clear();
    required_parameters_ = choice.required_parameters;
    workspace_ = choice;
    return workspace_;
  }

  // Adds `key` to `object`, or replaces `existing` (the member as spelled) when it is there.
  void set_member(NodeId object, NodeId existing, const std::string& key,
                  nlohmann::ordered_json value) {
    if (existing != kNoNode) {
      operations_.push_back(PatchOperation::replace(at(existing), std::move(value)));
    } else {
      operations_.push_back(PatchOperation::add(at(object) / key, std::move(value)));
    }
  }

  void check_api_version() {
    NodeId api = doc_.find_member(cluster_.node, "apiVersion");
    if (!doc_.is_string(api)) {
      manual("the cluster's apiVersion is missing or not a string");
      return;
    }
    std::string version = doc_.string_value(api);
    if (is_expression(version)) {
      auto resolved = resolve(version);
      if (resolved && resolved->is_string() &&
          looks_like_api_version(resolved->get<std::string>()) &&
          supports_defender(resolved->get<std::string>())) {
        return;
      }
      manual("its apiVersion is the expression " + shorten(version) + ": make sure it is " +
             kFirstDefenderApiVersion + " or later, then enable securityProfile.defender by hand");
      return;
    }
    if (!looks_like_api_version(version)) {
      manual("its apiVersion '" + version +
             "' is not a date: enable securityProfile.defender by hand");
      return;
    }
    if (supports_defender(version)) return;
    unsafe("raises apiVersion " + version + " to " + kFirstDefenderApiVersion +
           ", the first with securityProfile.defender; other defaults may change");
    operations_.push_back(PatchOperation::replace(at(api), kFirstDefenderApiVersion));
  }

  const Document& doc_;
  const TemplateView& view_;
  const Resource& cluster_;
  const FixOptions& options_;
  NodeId properties_ = kNoNode;
  std::string problem_;
  std::string action_;
  std::string unsafe_reason_;
  std::string manual_reason_;
  std::string strategy_;
  Safety safety_ = Safety::Safe;
  std::vector<PatchOperation> operations_;
  std::vector<RequiredParameter> required_parameters_;
  std::optional<WorkspaceChoice> workspace_;
};

}  // namespace

const RuleInfo& DefenderProfileFixer::info() const {
  return kRule;
}

std::string_view DefenderProfileFixer::resource_type() const {
  return kClusterType;
}

std::vector<Finding> DefenderProfileFixer::check(const Document& document, const TemplateView& view,
                                                 const FixOptions& options) const {
  std::vector<Finding> findings;
  for (const Resource* cluster : view.deployed(kClusterType)) {
    if (auto finding = ClusterFix(document, view, *cluster, options).run()) {
      findings.push_back(std::move(*finding));
    }
  }
  return findings;
}

}  // namespace armfix
