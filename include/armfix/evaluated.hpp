// What a value holds under the parameters' default values, three-valued: a known JSON value,
// or unknown with the deployment-time input it depends on (docs/expressions.md). Both
// languages' evaluators answer with it, and rules judge values through it.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace armfix {

struct Evaluated {
  std::optional<nlohmann::json> value;  // known value (JSON null is a known value: null())
  std::string unknown_reason;  // when !value, e.g. "resourceGroup() is known only at deployment"
  // Unknown but certainly a non-empty string (resourceId(...), format()/concat() with
  // non-empty literal text, uniqueString(...)); reference(...).id is NOT certain.
  bool non_empty_string = false;

  bool known() const { return value.has_value(); }
  static Evaluated of(nlohmann::json v);
  static Evaluated unknown(std::string reason, bool non_empty_string = false);
};

// Known and a non-empty string, or unknown but certainly one.
bool is_non_empty_string(const Evaluated& evaluated);

}  // namespace armfix
