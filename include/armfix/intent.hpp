// Change intents: what a rule wants a resource to hold, in no language.
//
// A rule never writes text or JSON Patch. It asks for "this path must hold this value", "wrap
// this expression-valued object so the path holds", "raise the apiVersion", "declare this
// parameter"; the intents of all rules for one resource are merged (intent_merge.hpp) and each
// backend renders the result in the file's own language and style.
//
// Values are JSON. Where a value must be an expression of the file's own language (a parameter
// reference, another resource's ID), the resource model spells it and the value holds that
// source as a verbatim() node, which the backend writes as it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/resource_model.hpp"

namespace armfix {

enum class IntentKind {
  Set,              // `path` must hold `value`; missing parents are created, null ones replaced;
                    // an element key (element_key) goes into an element the array has
  Wrap,             // the expression-valued object at `path` is wrapped so `value` (an object
                    // relative to it) is merged over whatever the expression yields
  RaiseApiVersion,  // the resource's apiVersion becomes `api_version`
  Migrate,          // the object at `path` becomes its sibling `name` holding `value`; where
                    // the backend keeps the old object in place, `renamed` pairs an old member
                    // with the new member that takes its place
  AddParameter,     // the template declares the string parameter `name` (`description`,
                    // `default_value`), passed down to the resource's scope
  DependOn,         // the resource is deployed after the resource `target` (where the
                    // language does not infer it)
};

// NOLINTNEXTLINE(bugprone-exception-escape): the check flags nlohmann::ordered_json's members.
struct Intent {
  IntentKind kind = IntentKind::Set;
  PropertyPath path;
  nlohmann::ordered_json value;     // ordered: new members appear in the order the rule chose
  bool null_safe = false;           // Wrap: the expression may yield null, so coalesce it first
  nlohmann::ordered_json defaults;  // Wrap: an object the expression's value is merged over
  std::string api_version;          // RaiseApiVersion
  std::string name;                 // Migrate: the new key; AddParameter: the parameter
  std::vector<std::pair<std::string, std::string>> renamed;  // Migrate: old key, new key
  std::string description;                                   // AddParameter
  std::optional<std::string> default_value;                  // AddParameter
  std::size_t target = 0;  // DependOn: the resource model's index of the resource

  static Intent set(PropertyPath path, nlohmann::ordered_json value);
  static Intent wrap(PropertyPath path, nlohmann::ordered_json forced, bool null_safe,
                     nlohmann::ordered_json defaults = nullptr);
  static Intent raise_api_version(std::string version);
  static Intent migrate(PropertyPath path, std::string name, nlohmann::ordered_json value,
                        std::vector<std::pair<std::string, std::string>> renamed);
  static Intent add_parameter(std::string name, std::string description,
                              std::optional<std::string> default_value);
  static Intent depend_on(std::size_t target);
};

// Source text in the file's own language, written as it is: `[parameters('x')]` in ARM, `x`
// in Bicep. Held as a JSON binary value, which no parsed document and no rule's value has.
nlohmann::ordered_json verbatim(std::string_view source);
// The source of a verbatim() value, or nullopt for any other value.
std::optional<std::string> verbatim_source(const nlohmann::ordered_json& value);

// `value` placed under the keys of `path`, outermost first.
nlohmann::ordered_json nest(const PropertyPath& path, nlohmann::ordered_json value);
// `a.b.c`, as messages name a path.
std::string dotted(const PropertyPath& path);

}  // namespace armfix
