// Just enough of ARM's template expression language for fixers to read and write it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace armfix {

// `[...]` is an expression; `[[...` is a literal string that starts with '['.
bool is_expression(std::string_view text);
// The inside of an expression, without the brackets and surrounding spaces.
std::string_view expression_body(std::string_view expression);

// `[parameters('x')]` or `[variables('y')]`, as {function, name}.
struct SimpleReference {
  std::string function;  // "parameters" or "variables", as spelled
  std::string name;
};
std::optional<SimpleReference> simple_reference(std::string_view expression);

// A string literal inside an expression: 'it''s'.
std::string quote_literal(std::string_view text);
// A JSON value as an expression argument: expressions lose their brackets, strings are
// quoted, booleans become true()/false(); nullopt for values with no simple spelling.
std::optional<std::string> as_argument(const nlohmann::json& value);

}  // namespace armfix
