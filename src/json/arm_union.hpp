// Reading what a union() expression forces: ARM's `[union(x, createObject('a', true()))]`.
//
// union() merges objects deeply and lets its last argument win, so a path that its last
// argument sets holds that value whatever the others yield. armfix's own wraps of
// expression-valued objects have this shape; reading it keeps them idempotent.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "armfix/resource_model.hpp"

namespace armfix {

// The value `path` holds in the result of the ARM expression `expression` (brackets
// included), when a union() forces it through createObject() or json() arguments; nullopt
// when the expression does not force it.
// What `[parameters('x')]` or `[variables('y')]` holds, member by member; nullopt when unknown.
using ReferenceResolver = std::function<std::optional<nlohmann::json>(const std::string&)>;

std::optional<nlohmann::json> arm_union_forced(std::string_view expression,
                                               const PropertyPath& path,
                                               const ReferenceResolver* resolver = nullptr);

// True when the expression (brackets included) is one union() call, which always yields an
// object: wrapping it again needs no coalesce() against null.
bool is_union_call(std::string_view expression);

// `expression` with `forced` (a template value, as as_template_value() makes it) merged into
// its last argument as union() merges objects, when the expression is a union() whose last
// argument is a createObject() of literals (armfix's own wrap); nullopt for any other. Wrapping
// a wrap again then adds to it instead of nesting one union() per fix.
std::optional<std::string> extend_union_wrap(std::string_view expression,
                                             const nlohmann::ordered_json& forced);

// An object as nested createObject() calls, the spelling armfix writes in a union() wrap;
// nullopt when a value has no expression spelling.
std::optional<std::string> create_object_argument(const nlohmann::ordered_json& value);

}  // namespace armfix
