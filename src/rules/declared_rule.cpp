// The declared-rule check. For each requirement it walks the path from the resource down:
// a missing or null level gets the rest written (safe); an expression-valued object is
// wrapped in union() (unsafe); another literal in the way needs a person (manual). At the end
// of the path a passing value is left alone, a missing one is written (safe), an explicit
// contrary one is the declaration's to judge, and an expression that does not resolve to a
// passing value is replaced (unsafe). A fix that needs a newer apiVersion raises it (unsafe).
#include "rules/declared_rule.hpp"

#include "aks/defender_facts.hpp"
#include "core/joined.hpp"
#include "rules/api_version_choice.hpp"

namespace armfix {

namespace {

// Paths in messages start below `properties`, as the rules' documentation names them.
std::string shown(const PropertyPath& path) {
  if (path.size() > 1 && equals_ignore_case(path.front(), "properties")) {
    return dotted(PropertyPath(path.begin() + 1, path.end()));
  }
  return dotted(path);
}

std::string shown(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool same_value(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_string() && b.is_string()) {
    return equals_ignore_case(a.get_ref<const std::string&>(), b.get_ref<const std::string&>());
  }
  return a == b;
}

bool passes(const Requirement& requirement, const nlohmann::json& value) {
  auto listed = [&](const std::vector<nlohmann::json>& values) {
    for (const auto& candidate : values) {
      if (same_value(candidate, value)) return true;
    }
    return false;
  };
  if (!requirement.accepted.empty()) return listed(requirement.accepted);
  return !value.is_null() && !listed(requirement.rejected);
}

// What `path` holds under the parameter defaults: null where it is absent, nullopt where an
// expression on the way is not known.
std::optional<nlohmann::json> known_value_at(const ResourceModel& model,
                                             const ResourceRef& resource,
                                             const PropertyPath& path) {
  ValueRef current = model.body(resource);
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    current = model.member(current, path[depth]);
    if (current.absent()) return nullptr;
    if (current.is(Shape::Object)) continue;
    // A literal or an expression: what it holds, read on below it; a union() as the rules read
    // it, argument by argument.
    const PropertyPath rest(path.begin() + static_cast<std::ptrdiff_t>(depth) + 1, path.end());
    if (auto forced = model.forced_by_union(resource, current, rest)) return forced;
    auto value = model.resolve(resource, current);
    if (!value && current.is(Shape::Literal)) value = model.literal(current);
    if (!value) return std::nullopt;
    auto inside = json_at(*value, rest);
    return inside ? *inside : nlohmann::json(nullptr);
  }
  return model.resolve(resource, current);
}

bool holds(const Precondition& precondition, const ResourceModel& model,
           const ResourceRef& resource) {
  auto value = known_value_at(model, resource, precondition.path);
  if (!value) return false;
  for (const auto& accepted : precondition.accepted) {
    if (same_value(accepted, *value)) return true;
  }
  return false;
}

// One resource against one declaration: what fails, the intents that fix it, how safe.
class ResourceCheck {
 public:
  ResourceCheck(const RuleSpec& spec, const ResourceModel& model, const ResourceRef& resource,
                const FixOptions& options)
      : spec_(spec), model_(model), resource_(resource), options_(options) {}

  std::optional<Finding> run() {
    for (const auto& requirement : spec_.requirements) {
      if (safety_ == Safety::Manual) break;
      check(requirement);
    }
    if (problems_.empty()) return std::nullopt;
    if (safety_ != Safety::Manual && !intents_.empty()) check_api_version();
    Finding finding;
    finding.rule = &spec_.info;
    finding.resource = resource_;
    finding.safety = safety_;
    finding.message = spec_.problem + ": " + joined(problems_, "; ");
    if (held_) {
      finding.held = HeldFix{spec_.resource_type, std::move(intents_),
                             finding.message + "; fix: " + joined(actions_, " and "),
                             std::move(unsafe_reasons_)};
    }
    if (safety_ == Safety::Manual) {
      finding.message += "; " + manual_reason_;
    } else {
      finding.message += "; fix: " + joined(actions_, " and ");
      if (!unsafe_reasons_.empty()) {
        finding.message += " (unsafe: " + joined(unsafe_reasons_, "; ") + ")";
      }
      finding.intents = std::move(intents_);
    }
    return finding;
  }

 private:
  nlohmann::json fix_value(const Requirement& requirement) const {
    if (requirement.fix_option.empty()) return requirement.fix;
    auto chosen = options_.rule_options.find(spec_.info.name + "." + requirement.fix_option);
    if (chosen != options_.rule_options.end()) return chosen->second;
    for (const auto& option : spec_.info.options) {
      if (option.name == requirement.fix_option) return option.default_value;
    }
    return requirement.fix;
  }

  void unsafe(const std::string& reason) {
    if (safety_ == Safety::Safe) safety_ = Safety::Unsafe;
    unsafe_reasons_.push_back(reason);
  }

  void manual(const std::string& reason) {
    safety_ = Safety::Manual;
    if (manual_reason_.empty()) manual_reason_ = reason;
  }

  void check(const Requirement& requirement) {
    const std::size_t problems_before = problems_.size();
    walk(requirement);
    if (problems_.size() > problems_before && requirement.fixable_when &&
        !holds(*requirement.fixable_when, model_, resource_)) {
      manual(requirement.fixable_when_reason);
    }
  }

  void walk(const Requirement& requirement) {
    const PropertyPath& path = requirement.path;
    const std::size_t intents_before = intents_.size();
    const nlohmann::json value = fix_value(requirement);
    ValueRef current = model_.body(resource_);
    if (!current.is(Shape::Object)) {
      problems_.push_back("the resource is not an object");
      manual("set " + shown(path) + " by hand");
      return;
    }
    PropertyPath seen;
    for (std::size_t depth = 0; depth < path.size(); ++depth) {
      const std::string& key = path[depth];
      if (model_.member_count(current, key) > 1) {
        std::string where = seen.empty() ? "the resource" : shown(seen);
        problems_.push_back(where + " has the key '" + key + "' more than once");
        manual("keep one of them, then set " + shown(path) + " by hand");
        return;
      }
      ValueRef next = model_.member(current, key);
      seen.push_back(key);
      if (depth + 1 == path.size()) {
        judge_leaf(requirement, next, value);
        if (intents_.size() > intents_before) write_beside(requirement, current);
        return;
      }
      PropertyPath rest(path.begin() + static_cast<std::ptrdiff_t>(depth) + 1, path.end());
      if (next.absent()) {
        if (requirement.missing_passes) return;
        missing(requirement);
        problems_.push_back(depth == 0 ? "the resource has no " + key
                                       : shown(seen) +
                                             (next.is(Shape::Null) ? " is null" : " is missing"));
        actions_.push_back("add " + shown(path) + ": " + shown(value));
        intents_.push_back(Intent::set(path, value));
        write_beside(requirement, std::nullopt);
        return;
      }
      if (next.is(Shape::Expression)) {
        // What the expression holds at the rest of the path: what a union() forces, or the
        // value of a variable or a parameter's default, as PSRule expands the template.
        std::optional<nlohmann::json> inside = model_.forced_by_union(resource_, next, rest);
        bool resolved = inside.has_value();
        if (!inside) {
          if (auto value = model_.resolve(resource_, next)) {
            resolved = true;
            inside = json_at(*value, rest);
          }
        }
        if (inside && passes(requirement, *inside)) return;
        // A rule that forbids a value passes where it is absent or not known.
        if (!inside && requirement.missing_passes) return;
        std::string judged = !resolved ? ", not known to set " + dotted(rest)
                             : inside  ? ", which sets " + dotted(rest) + " to " + shown(*inside)
                                       : ", which does not set " + dotted(rest);
        problems_.push_back(shown(seen) + " is the expression " + model_.excerpt(next) + judged);
        actions_.push_back("wrap it in union() with " + dotted(rest) + ": " + shown(value));
        unsafe("wraps an expression-valued object in union()");
        // The top level always yields an object; a level inside it may yield null.
        nlohmann::ordered_json forced = nest(rest, value);
        nlohmann::ordered_json* leaf_object = &forced;
        for (std::size_t i = 0; i + 1 < rest.size(); ++i)
          leaf_object = &(*leaf_object)[rest[i]];
        for (const auto& [key, beside] : requirement.written_beside)
          (*leaf_object)[key] = beside;
        intents_.push_back(Intent::wrap(seen, std::move(forced), depth > 0));
        return;
      }
      if (!next.is(Shape::Object)) {
        problems_.push_back(shown(seen) + " is not an object");
        manual("set " + shown(path) + " by hand");
        return;
      }
      current = next;
    }
  }

  void judge_leaf(const Requirement& requirement, ValueRef leaf, const nlohmann::json& value) {
    const PropertyPath& path = requirement.path;
    const std::string what = shown(path);
    switch (leaf.shape) {
      case Shape::Missing:
      case Shape::Null:
        if (requirement.missing_passes) return;
        missing(requirement);
        problems_.push_back(what + (leaf.is(Shape::Null) ? " is null" : " is missing"));
        actions_.push_back("set " + what + " to " + shown(value));
        intents_.push_back(Intent::set(path, value));
        return;
      case Shape::Literal: {
        auto literal = model_.literal(leaf);
        if (literal && passes(requirement, *literal)) return;
        problems_.push_back(what + " is " + (literal ? shown(*literal) : model_.excerpt(leaf)));
        contrary(requirement, what, value);
        return;
      }
      case Shape::Expression: {
        if (auto forced = model_.forced_by_union(resource_, leaf, {});
            forced && passes(requirement, *forced))
          return;
        auto resolved = model_.resolve(resource_, leaf);
        if (resolved && passes(requirement, *resolved)) return;
        if (requirement.missing_passes && (!resolved || resolved->is_null())) return;
        problems_.push_back(
            what + " is the expression " + model_.excerpt(leaf) +
            (resolved ? ", which resolves to " + shown(*resolved) : ", which cannot be resolved"));
        actions_.push_back("set " + what + " to " + shown(value));
        unsafe("replaces the expression with " + shown(value));
        intents_.push_back(Intent::set(path, value));
        return;
      }
      default:
        problems_.push_back(what + " is " + (leaf.is(Shape::Object) ? "an object" : "an array"));
        manual("set " + what + " to " + shown(value) + " by hand");
        return;
    }
  }

  // The members written along with the leaf, in `parent` (the leaf's object, or nullopt when
  // the fix creates it): each one it does not hold already.
  void write_beside(const Requirement& requirement, std::optional<ValueRef> parent) {
    const PropertyPath object(requirement.path.begin(), requirement.path.end() - 1);
    for (const auto& [key, value] : requirement.written_beside) {
      if (parent) {
        auto held = model_.literal(model_.member(*parent, key));
        if (held && same_value(*held, value)) continue;
      }
      PropertyPath path = object;
      path.push_back(key);
      actions_.push_back("set " + shown(path) + " to " + shown(value));
      intents_.push_back(Intent::set(std::move(path), value));
    }
  }

  void missing(const Requirement& requirement) {
    if (requirement.missing == Safety::Unsafe) unsafe(requirement.missing_reason);
    if (requirement.missing == Safety::Manual) manual(requirement.missing_reason);
  }

  void contrary(const Requirement& requirement, const std::string& what,
                const nlohmann::json& value) {
    if (requirement.contrary == Safety::Manual) {
      manual(requirement.contrary_reason);
      return;
    }
    actions_.push_back("set " + what + " to " + shown(value));
    if (requirement.contrary == Safety::Unsafe) {
      unsafe(requirement.contrary_reason.empty() ? "overrides an explicit value"
                                                 : requirement.contrary_reason);
    }
    intents_.push_back(Intent::set(requirement.path, value));
  }

  void check_api_version() {
    ApiVersionVerdict verdict =
        judge_api_version(model_, resource_, spec_.resource_type, intents_, spec_.first_api_version,
                          spec_.first_preview_api_version);
    if (verdict.manual) {
      manual(*verdict.manual);
      held_ = verdict.in_the_way;
      return;
    }
    if (!verdict.raise) return;
    unsafe(verdict.unsafe_note);
    intents_.push_back(std::move(*verdict.raise));
  }

  const RuleSpec& spec_;
  const ResourceModel& model_;
  const ResourceRef& resource_;
  const FixOptions& options_;
  std::vector<std::string> problems_;
  std::vector<std::string> actions_;
  std::vector<std::string> unsafe_reasons_;
  std::string manual_reason_;
  Safety safety_ = Safety::Safe;
  std::vector<Intent> intents_;
  bool held_ = false;  // manual only because a raise would drop what the resource sets
};

}  // namespace

bool api_version_at_least(std::string_view version, std::string_view first,
                          std::string_view first_preview) {
  if (version.size() < 10) return false;
  std::string_view date = version.substr(0, 10);
  bool preview = version.size() > 10;
  if (preview && !first_preview.empty()) return date >= first_preview;
  return date >= first;
}

// Where armfix has the type's schema table, the first versions come from it: those whose
// schema has every path the rule requires.
DeclaredRule::DeclaredRule(RuleSpec spec) : spec_(std::move(spec)) {
  const ApiVersionTable* table = api_version_table_for(spec_.resource_type);
  if (table == nullptr) return;
  std::vector<PropertyPath> paths;
  for (const auto& requirement : spec_.requirements)
    paths.push_back(requirement.path);
  FirstVersions first = first_versions_accepting(*table, paths);
  // The oldest version in the table accepting them: any version does.
  const bool from_the_start =
      !table->versions().empty() &&
      (first.ga == table->versions().front() || first.preview == table->versions().front());
  spec_.first_api_version = from_the_start ? std::string() : first.ga;
  spec_.first_preview_api_version = from_the_start ? std::string() : first.preview;
}

std::vector<Finding> DeclaredRule::check(const ResourceModel& model,
                                         const FixOptions& options) const {
  std::vector<Finding> findings;
  for (const auto& resource : model.deployed(spec_.resource_type)) {
    if (auto finding = check_resource(model, resource, options))
      findings.push_back(std::move(*finding));
  }
  return findings;
}

std::optional<Finding> DeclaredRule::check_resource(const ResourceModel& model,
                                                    const ResourceRef& resource,
                                                    const FixOptions& options) const {
  auto finding = ResourceCheck(spec_, model, resource, options).run();
  // Where the rule does not apply yet, another rule's fix may make it apply
  // (settle_dependent_findings).
  if (finding && spec_.applies_when && !holds(*spec_.applies_when, model, resource))
    finding->applies_when = spec_.applies_when;
  return finding;
}

}  // namespace armfix
