// Expressions of an ARM template evaluated as the resource sees them: through the parameters
// and variables of its expression scope, a nested deployment's passed values evaluated in the
// enclosing template, under the parameters' defaults (docs/expressions.md).
#include "json/arm_resource_model.hpp"

#include "json/arm_expression.hpp"

namespace armfix {

const ArmScope& ArmResourceModel::expression_scope(std::size_t scope) const {
  const auto& scopes = view_.scopes();
  const std::size_t seen = scopes[scope].expression_scope;
  auto found = evaluation_scopes_.find(seen);
  if (found != evaluation_scopes_.end()) return *found->second->scope;
  auto built = std::make_unique<EvaluationScope>();
  built->template_json = doc_.value(scopes[seen].template_node);
  const ArmScope* passed_in = nullptr;
  const nlohmann::json* passed = nullptr;
  if (scopes[seen].parent != kNoScope) {
    // The enclosing template evaluates what its deployment passes (built first: it may grow
    // the map, which keeps every entry's address).
    passed_in = &expression_scope(scopes[seen].parent);
    NodeId properties = doc_.find_member(scopes[seen].deployment, "properties");
    NodeId parameters = doc_.find_member(properties, "parameters");
    if (doc_.is_object(parameters)) {
      built->passed = doc_.value(parameters);
      passed = &built->passed;
    }
  }
  built->scope = std::make_unique<TemplateExpressionScope>(built->template_json, passed, passed_in);
  const ArmScope& result = *built->scope;
  evaluation_scopes_.emplace(seen, std::move(built));
  return result;
}

Evaluated ArmResourceModel::evaluate_text(const Resource& resource,
                                          const std::string& expression) const {
  return evaluate_arm_string(expression, expression_scope(resource.scope));
}

namespace {

// An object or array whose members are evaluated one by one: those that stay unknown keep their
// source text, so what a path of it holds can still be told where it does not depend on them.
nlohmann::json evaluated_members(const nlohmann::json& value, const ArmScope& scope) {
  if (value.is_structured()) {
    nlohmann::json out = value.is_object() ? nlohmann::json::object() : nlohmann::json::array();
    for (auto it = value.begin(); it != value.end(); ++it) {
      nlohmann::json member = evaluated_members(*it, scope);
      if (value.is_object()) {
        out[it.key()] = std::move(member);
      } else {
        out.push_back(std::move(member));
      }
    }
    return out;
  }
  Evaluated evaluated = evaluate_arm_value(value, scope);
  if (!evaluated.known()) return value;
  return std::move(*evaluated.value);
}

}  // namespace

std::optional<nlohmann::json> ArmResourceModel::resolve_text(const Resource& resource,
                                                             const std::string& expression) const {
  Evaluated evaluated = evaluate_text(resource, expression);
  if (evaluated.known()) return std::move(*evaluated.value);
  // A parameter's default or a variable that is an object with members known only at
  // deployment (`dnsPrefix: [parameters('name')]`) still tells which paths it does not set.
  auto reference = simple_reference(expression);
  if (!reference) return std::nullopt;
  const std::size_t scope = view_.scopes()[resource.scope].expression_scope;
  const bool is_parameter = equals_ignore_case(reference->function, "parameters");
  NodeId holder = is_parameter ? view_.parameters_of(scope) : view_.variables_of(scope);
  NodeId declared = doc_.find_member(holder, reference->name);
  if (is_parameter) declared = doc_.find_member(declared, "defaultValue");
  if (declared == kNoNode || doc_.is_string(declared)) return std::nullopt;
  nlohmann::json value = doc_.value(declared);
  if (!value.is_structured()) return std::nullopt;
  return evaluated_members(value, expression_scope(resource.scope));
}

}  // namespace armfix
