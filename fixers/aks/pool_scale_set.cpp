// Azure.AKS.PoolScaleSet (AZR-000017): every node pool of an AKS cluster uses virtual machine
// scale sets, `type: VirtualMachineScaleSets` (ignoring case). The pools are the elements of
// the cluster's `properties.agentPoolProfiles` and the `managedClusters/agentPools` resources
// (top-level, nested in the cluster in ARM or Bicep, Bicep `parent:` children), whose key is
// `properties.type`. One finding per failing pool, pointing at it.
//   type missing or null: add VirtualMachineScaleSets, the API's default, safe
//   explicit AvailabilitySet (or another literal): manual (a pool's type cannot change after it
//     is created: a new pool has to replace it)
//   type given by an expression that does not resolve to VirtualMachineScaleSets: replace it,
//     unsafe
//   a pool element given by an expression not known to set the type: wrap it in union(),
//     unsafe; one known to set another type: manual
//   agentPoolProfiles (or properties) given by an expression whose pools are not all known to
//     pass: manual, as no wrap sets a member of every element
//   a pool's properties given by an expression: wrap it in union(), unsafe
//   apiVersion before 2019-02-01 (no pool type): raise it, unsafe
#include "pool_scale_set.hpp"

#include "aks/aks_rules.hpp"
#include "aks/defender_facts.hpp"
#include "core/joined.hpp"
#include "rules/api_version_choice.hpp"

namespace armfix {

namespace {

constexpr const char* kAgentPoolType = "Microsoft.ContainerService/managedClusters/agentPools";
constexpr const char* kScaleSets = "VirtualMachineScaleSets";
// The first managedClusters apiVersion with a pool type; agentPools resources have it from
// their first version on.
constexpr const char* kFirstApiVersion = "2019-02-01";
constexpr const char* kFails = " does not use virtual machine scale sets";
constexpr const char* kMayFail = "the cluster's node pools may not use virtual machine scale sets";

const RuleInfo kRule{
    "Azure.AKS.PoolScaleSet",
    "AZR-000017",
    "Use virtual machine scale sets for every AKS node pool "
    "(agentPoolProfiles[].type and agentPools properties.type = VirtualMachineScaleSets).",
    "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.PoolScaleSet/",
    "Safe: adding type VirtualMachineScaleSets to a pool without one, the API's default. Unsafe: "
    "replacing an expression-valued type, wrapping an expression-valued pool (an element of "
    "agentPoolProfiles, or an agentPools resource's properties) in union(), raising an "
    "apiVersion older than 2019-02-01. Manual: an explicit AvailabilitySet (a pool's type "
    "cannot change after it is created: add a scale set pool and remove the old one), an "
    "agentPoolProfiles array given by an expression, an apiVersion given by an expression.",
    {}};

const char* const kCannotChange =
    "a pool's type cannot change after it is created: add a pool of type "
    "VirtualMachineScaleSets, move the workloads to it and delete this one";

std::string shown(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_scale_sets(const nlohmann::json& value) {
  return value.is_string() && equals_ignore_case(value.get_ref<const std::string&>(), kScaleSets);
}

// The member `key` of a JSON object, ignoring case; nullptr when there is none.
const nlohmann::json* json_member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const nlohmann::json* found = nullptr;
  for (const auto& [name, member] : object.items()) {
    if (equals_ignore_case(name, key)) found = &member;
  }
  return found;
}

PropertyPath below(PropertyPath path, const std::string& key) {
  path.push_back(key);
  return path;
}

// One failing pool: what is wrong, the intents that fix it, how safe.
class PoolFinding {
 public:
  // `head` starts the message: which pool fails, or that the cluster's pools may.
  PoolFinding(const ResourceModel& model, const ResourceRef& resource, std::string_view type,
              std::string head)
      : model_(model), resource_(resource), type_(type), head_(std::move(head)) {}

  void problem(std::string text) { problem_ = std::move(text); }
  void fix(std::string action, Intent intent) {
    action_ = std::move(action);
    intents_.push_back(std::move(intent));
  }
  void unsafe(std::string reason) {
    if (safety_ == Safety::Safe) safety_ = Safety::Unsafe;
    unsafe_reasons_.push_back(std::move(reason));
  }
  void manual(std::string reason) {
    safety_ = Safety::Manual;
    if (manual_reason_.empty()) manual_reason_ = std::move(reason);
  }

  Finding finish(ValueRef at) {
    if (safety_ != Safety::Manual && !intents_.empty()) check_api_version();
    Finding finding;
    finding.rule = &kRule;
    finding.resource = resource_;
    finding.at = at;
    finding.safety = safety_;
    finding.message = head_ + ": " + problem_;
    if (safety_ == Safety::Manual) {
      finding.message += "; " + manual_reason_;
      return finding;
    }
    finding.message += "; fix: " + action_;
    if (!unsafe_reasons_.empty())
      finding.message += " (unsafe: " + joined(unsafe_reasons_, "; ") + ")";
    finding.intents = std::move(intents_);
    return finding;
  }

 private:
  void check_api_version() {
    ApiVersionVerdict verdict =
        judge_api_version(model_, resource_, type_, intents_, kFirstApiVersion, "");
    if (verdict.manual) {
      manual(*verdict.manual);
      return;
    }
    if (!verdict.raise) return;
    unsafe(verdict.unsafe_note);
    intents_.push_back(std::move(*verdict.raise));
  }

  const ResourceModel& model_;
  const ResourceRef& resource_;
  std::string_view type_;  // the resource's type, whose schema table the raise uses
  std::string head_;
  std::string problem_;
  std::string action_;
  std::vector<std::string> unsafe_reasons_;
  std::string manual_reason_;
  Safety safety_ = Safety::Safe;
  std::vector<Intent> intents_;
};

class PoolCheck {
 public:
  PoolCheck(const ResourceModel& model, std::vector<Finding>& findings)
      : model_(model), findings_(findings) {}

  void cluster(const ResourceRef& cluster) {
    ValueRef body = model_.body(cluster);
    if (!body.is(Shape::Object)) return;
    if (duplicated(cluster, kManagedClusterType, body, "properties", kMayFail, "the cluster"))
      return;
    ValueRef properties = model_.member(body, "properties");
    if (properties.is(Shape::Expression)) {
      judge_resolved(cluster, properties, "properties", {"agentPoolProfiles"});
      return;
    }
    if (!properties.is(Shape::Object)) return;
    if (duplicated(cluster, kManagedClusterType, properties, "agentPoolProfiles", kMayFail,
                   "properties"))
      return;
    ValueRef pools = model_.member(properties, "agentPoolProfiles");
    if (pools.is(Shape::Expression)) {
      judge_resolved(cluster, pools, "agentPoolProfiles", {});
      return;
    }
    if (!pools.is(Shape::Array)) return;
    const PropertyPath path = {"properties", "agentPoolProfiles"};
    std::size_t index = 0;
    for (ValueRef pool : model_.elements(pools)) {
      element(cluster, pool, below(path, element_key(index)), index);
      ++index;
    }
  }

  void agent_pool(const ResourceRef& resource) {
    ValueRef body = model_.body(resource);
    if (!body.is(Shape::Object)) return;
    const std::string pool = "node pool '" + resource.name + "'" + kFails;
    if (duplicated(resource, kAgentPoolType, body, "properties", pool, "the resource")) return;
    ValueRef properties = model_.member(body, "properties");
    if (properties.absent()) {
      PoolFinding finding(model_, resource, kAgentPoolType, pool);
      finding.problem(properties.is(Shape::Null) ? "properties is null"
                                                 : "the resource has no properties");
      finding.fix("add properties.type: " + shown(kScaleSets),
                  Intent::set({"properties", "type"}, kScaleSets));
      findings_.push_back(finding.finish(ValueRef{}));
      return;
    }
    if (properties.is(Shape::Expression)) {
      if (wrapped_to_pass(resource, properties)) return;
      PoolFinding finding(model_, resource, kAgentPoolType, pool);
      expression_object(finding, resource, properties, "properties", {"properties"});
      findings_.push_back(finding.finish(ValueRef{}));
      return;
    }
    if (!properties.is(Shape::Object)) return;
    PoolFinding finding(model_, resource, kAgentPoolType, pool);
    if (type_fails(finding, resource, properties, {"properties", "type"})) {
      findings_.push_back(finding.finish(ValueRef{}));
    }
  }

 private:
  // A key given twice: which one counts is not armfix's to guess.
  bool duplicated(const ResourceRef& resource, std::string_view type, ValueRef object,
                  const char* key, const std::string& head, const std::string& where) {
    if (model_.member_count(object, key) < 2) return false;
    PoolFinding finding(model_, resource, type, head);
    finding.problem(where + " has the key '" + std::string(key) + "' more than once");
    finding.manual("keep one of them, then set each pool's type by hand");
    findings_.push_back(finding.finish(ValueRef{}));
    return true;
  }

  // An expression-valued properties or agentPoolProfiles of a cluster: its pools judged under
  // the defaults; no wrap can set a member of every element, so failing pools are manual.
  void judge_resolved(const ResourceRef& cluster, ValueRef expression, const std::string& what,
                      const PropertyPath& to_pools) {
    std::optional<nlohmann::json> value = model_.resolve(cluster, expression);
    const nlohmann::json* pools = value ? &*value : nullptr;
    for (const auto& key : to_pools) {
      if (pools == nullptr) break;
      pools = json_member(*pools, key);
    }
    std::string judged;
    if (value && (pools == nullptr || pools->is_null())) return;  // no pools: nothing fails
    if (!value) {
      judged = ", not known to give every pool type " + shown(kScaleSets);
    } else if (!pools->is_array()) {
      judged = ", whose agentPoolProfiles is not an array";
    } else {
      std::vector<std::string> failing;
      for (std::size_t i = 0; i < pools->size(); ++i) {
        const nlohmann::json& pool = (*pools)[i];
        const nlohmann::json* type = json_member(pool, "type");
        if (type != nullptr && is_scale_sets(*type)) continue;
        failing.push_back(
            pool_name(i, json_member(pool, "name")) +
            (type == nullptr || type->is_null() ? " has no type" : " has type " + shown(*type)));
      }
      if (failing.empty()) return;
      judged = ", under which " + joined(failing, ", ");
    }
    PoolFinding finding(model_, cluster, kManagedClusterType, kMayFail);
    finding.problem(what + " is the expression " + model_.excerpt(expression) + judged);
    finding.manual("no wrap sets a member of every element: set type " + shown(kScaleSets) +
                   " on each pool where the expression's value is written");
    findings_.push_back(finding.finish(ValueRef{}));
  }

  static std::string pool_name(std::size_t index, const nlohmann::json* name) {
    std::string text = "agentPoolProfiles" + element_key(index);
    if (name != nullptr && name->is_string()) text += " '" + name->get<std::string>() + "'";
    return text;
  }

  void element(const ResourceRef& cluster, ValueRef pool, const PropertyPath& path,
               std::size_t index) {
    if (pool.is(Shape::Expression)) {
      auto resolved = model_.resolve(cluster, pool);
      const nlohmann::json* name = resolved ? json_member(*resolved, "name") : nullptr;
      const std::string what = "node pool " + pool_name(index, name) + kFails;
      if (wrapped_to_pass(cluster, pool)) return;
      PoolFinding finding(model_, cluster, kManagedClusterType, what);
      expression_object(finding, cluster, pool, "the pool", path);
      findings_.push_back(finding.finish(pool));
      return;
    }
    std::optional<nlohmann::json> name;
    if (pool.is(Shape::Object)) name = model_.literal(model_.member(pool, "name"));
    const std::string what = "node pool " + pool_name(index, name ? &*name : nullptr) + kFails;
    PoolFinding finding(model_, cluster, kManagedClusterType, what);
    if (!pool.is(Shape::Object)) {
      finding.problem("the pool is not an object");
      finding.manual("make it a pool object with type " + shown(kScaleSets) + " by hand");
      findings_.push_back(finding.finish(pool));
      return;
    }
    if (type_fails(finding, cluster, pool, below(path, "type")))
      findings_.push_back(finding.finish(pool));
  }

  // An expression-valued object that a union() already gives the scale set type.
  bool wrapped_to_pass(const ResourceRef& resource, ValueRef expression) const {
    auto forced = model_.forced_by_union(resource, expression, {"type"});
    if (forced) return is_scale_sets(*forced);
    auto resolved = model_.resolve(resource, expression);
    if (!resolved) return false;
    const nlohmann::json* type = json_member(*resolved, "type");
    return type != nullptr && is_scale_sets(*type);
  }

  // A pool object (an element, or an agentPools resource's properties) given by an expression
  // that is not known to set the scale set type: wrapped in union(), unless it is known to set
  // another type, which cannot change.
  void expression_object(PoolFinding& finding, const ResourceRef& resource, ValueRef expression,
                         const std::string& what, const PropertyPath& path) {
    auto resolved = model_.resolve(resource, expression);
    const nlohmann::json* type = resolved ? json_member(*resolved, "type") : nullptr;
    std::string judged = !resolved ? ", not known to set type"
                         : type == nullptr || type->is_null()
                             ? ", which does not set type"
                             : ", which sets type to " + shown(*type);
    finding.problem(what + " is the expression " + model_.excerpt(expression) + judged);
    if (type != nullptr && !type->is_null()) {
      finding.manual(kCannotChange);
      return;
    }
    finding.fix("wrap it in union() with type: " + shown(kScaleSets),
                // A pool is an object: no coalesce() for a null the API would refuse anyway.
                Intent::wrap(path, {{"type", kScaleSets}}, false));
    finding.unsafe("wraps an expression-valued object in union()");
  }

  // The `type` member of a pool object; true when it fails (the finding then says why).
  bool type_fails(PoolFinding& finding, const ResourceRef& resource, ValueRef object,
                  const PropertyPath& path) {
    if (model_.member_count(object, "type") > 1) {
      finding.problem("the pool has the key 'type' more than once");
      finding.manual("keep one of them, then set type " + shown(kScaleSets) + " by hand");
      return true;
    }
    ValueRef type = model_.member(object, "type");
    switch (type.shape) {
      case Shape::Missing:
      case Shape::Null:
        finding.problem(type.is(Shape::Null) ? "type is null" : "type is missing");
        finding.fix("set type to " + shown(kScaleSets), Intent::set(path, kScaleSets));
        return true;
      case Shape::Literal: {
        auto literal = model_.literal(type);
        if (literal && is_scale_sets(*literal)) return false;
        finding.problem("type is " + (literal ? shown(*literal) : model_.excerpt(type)));
        finding.manual(kCannotChange);
        return true;
      }
      case Shape::Expression: {
        if (auto forced = model_.forced_by_union(resource, type, {});
            forced && is_scale_sets(*forced))
          return false;
        auto resolved = model_.resolve(resource, type);
        if (resolved && is_scale_sets(*resolved)) return false;
        finding.problem(
            "type is the expression " + model_.excerpt(type) +
            (resolved ? ", which resolves to " + shown(*resolved) : ", which cannot be resolved"));
        finding.fix("set type to " + shown(kScaleSets), Intent::set(path, kScaleSets));
        finding.unsafe("replaces the expression with " + shown(kScaleSets) +
                       "; a pool's type cannot change after it is created");
        return true;
      }
      default:
        finding.problem(std::string("type is ") +
                        (type.is(Shape::Object) ? "an object" : "an array"));
        finding.manual("set type to " + shown(kScaleSets) + " by hand");
        return true;
    }
  }

  const ResourceModel& model_;
  std::vector<Finding>& findings_;
};

}  // namespace

const RuleInfo& PoolScaleSetFixer::info() const {
  return kRule;
}

std::string_view PoolScaleSetFixer::resource_type() const {
  return kManagedClusterType;
}

std::vector<Finding> PoolScaleSetFixer::check(const ResourceModel& model,
                                              const FixOptions& /*options*/) const {
  std::vector<Finding> findings;
  PoolCheck check(model, findings);
  for (const auto& cluster : model.deployed(kManagedClusterType))
    check.cluster(cluster);
  for (const auto& pool : model.deployed(kAgentPoolType))
    check.agent_pool(pool);
  return findings;
}

}  // namespace armfix
