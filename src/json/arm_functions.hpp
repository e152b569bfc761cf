// ARM template functions applied to arguments evaluated elsewhere: the ARM evaluator's own
// expressions and Bicep's, which compile to the same functions (docs/expressions.md), share
// one implementation of each function.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/evaluated.hpp"

namespace armfix {

// The arguments of a call, evaluated when a function asks for one: if() evaluates only the
// branch it takes, coalesce() stops at the first non-null, format() reads only the arguments
// its items name. A function asks for each argument at most once.
class ArmArguments {
 public:
  virtual ~ArmArguments() = default;
  virtual std::size_t size() const = 0;
  virtual Evaluated at(std::size_t index) const = 0;
};

// Arguments already evaluated.
class EvaluatedArguments final : public ArmArguments {
 public:
  explicit EvaluatedArguments(const std::vector<Evaluated>& values) : values_(values) {}
  std::size_t size() const override { return values_.size(); }
  Evaluated at(std::size_t index) const override { return values_[index]; }

 private:
  const std::vector<Evaluated>& values_;
};

// The ARM function `name` (ignoring case) applied to `arguments`: functions known only at
// deployment are unknown with that reason (resourceId() and the like certainly non-empty
// strings), functions not evaluated are unknown ("function 'x' is not evaluated").
// parameters() and variables() need a scope and are not evaluated here. Never throws.
Evaluated apply_arm_function(std::string_view name, const ArmArguments& arguments);
Evaluated apply_arm_function(std::string_view name, const std::vector<Evaluated>& arguments);

// `target.name` and `target[key]` as ARM evaluates them: object members by exact name first,
// then ignoring case; array elements by integer index.
Evaluated arm_property(const Evaluated& target, std::string_view name);
Evaluated arm_index(const Evaluated& target, const Evaluated& key);

// Whether a value stays within the sizes the evaluator builds (about a million elements or
// characters): beyond them values that double each other would grow without end.
bool within_arm_size_limits(const nlohmann::json& value);

}  // namespace armfix
