// Evaluating ARM template expressions under the parameters' default values, three-valued: a
// value is known, or unknown with the deployment-time input it depends on (docs/expressions.md).
//
// Rules use it to judge what a property holds when a template leaves it to an expression:
// `[if(parameters('on'), true(), false())]` with `on` defaulting to true holds true, while
// `[resourceGroup().location]` is known only at deployment.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "armfix/evaluated.hpp"

namespace armfix {

// What an expression can see: parameters and variables of its scope.
class ArmScope {
 public:
  virtual ~ArmScope() = default;
  virtual Evaluated parameter(std::string_view name) const = 0;  // names compared ignoring case
  virtual Evaluated variable(std::string_view name) const = 0;
};

// A scope that knows nothing: every parameter and variable is unknown, with `reason`.
class EmptyScope final : public ArmScope {
 public:
  explicit EmptyScope(std::string reason = "no enclosing scope") : reason_(std::move(reason)) {}
  Evaluated parameter(std::string_view name) const override;
  Evaluated variable(std::string_view name) const override;

 private:
  std::string reason_;
};

// A template's own parameters (defaultValue, which may itself be an expression) and variables
// (values may be expressions, or objects/arrays holding expressions), read from its JSON.
// Evaluates lazily with cycle detection (a cycle gives unknown with a reason); a parameter
// without defaultValue is unknown ("parameter 'x' has no default value"), unless it is
// nullable (languageVersion 2.0), which makes it null.
// For nested deployments: `passed_parameters` is the deployment's `properties.parameters`
// object (each `{ "value": ... }` evaluated in `passed_in`; `{ "reference": ... }` Key Vault
// references are unknown); a passed value overrides the default.
//
// The template JSON, the passed parameters and `passed_in` must outlive the scope. Results are
// cached, so a scope must not be used from two threads at once.
class TemplateExpressionScope final : public ArmScope {
 public:
  TemplateExpressionScope(const nlohmann::json& template_json,
                          const nlohmann::json* passed_parameters = nullptr,
                          const ArmScope* passed_in = nullptr);

  Evaluated parameter(std::string_view name) const override;
  Evaluated variable(std::string_view name) const override;

 private:
  enum class Kind { Parameter, Variable };
  Evaluated lookup(Kind kind, std::string_view name) const;
  Evaluated compute(Kind kind, const std::string& key, std::string_view name) const;
  Evaluated compute_parameter(const std::string& key, std::string_view name) const;
  Evaluated compute_variable(const std::string& key, std::string_view name) const;

  // Definitions by lower-case name.
  std::map<std::string, const nlohmann::json*> parameters_;
  std::map<std::string, const nlohmann::json*> variables_;
  std::set<std::string> copy_variables_;  // built by a `copy` loop of the variables section
  std::map<std::string, const nlohmann::json*> passed_;
  const ArmScope* passed_in_;
  EmptyScope no_outer_scope_;

  mutable std::map<std::pair<Kind, std::string>, Evaluated> cache_;
  mutable std::set<std::pair<Kind, std::string>> in_progress_;
};

// A JSON string value of a template: "[...]" is an expression, "[[..." is the literal string
// "[...", anything else is a literal string. As in ARM, only a string that also ends with ']'
// is an expression or an escape: "[[abc" stays "[[abc".
Evaluated evaluate_arm_string(std::string_view text, const ArmScope& scope);
// Any template JSON value: strings evaluated as above, objects and arrays member by member
// (unknown when any member is unknown, with that member's reason).
Evaluated evaluate_arm_value(const nlohmann::json& value, const ArmScope& scope);

}  // namespace armfix
