// Change intents: what a rule wants a resource to hold, in no language.
//
// A rule never writes text or JSON Patch. It asks for "this path must hold this value", "wrap
// this expression-valued object so the path holds", "raise the apiVersion"; the intents of all
// rules for one resource are merged (intent_merge.hpp) and each backend renders the result in
// the file's own language and style.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/resource_model.hpp"

namespace armfix {

enum class IntentKind {
  Set,              // `path` must hold `value`; missing parents are created, null ones replaced
  Wrap,             // the expression-valued object at `path` is wrapped so `value` (an object
                    // relative to it) is merged over whatever the expression yields
  RaiseApiVersion,  // the resource's apiVersion becomes `api_version`
};

// NOLINTNEXTLINE(bugprone-exception-escape): the check flags nlohmann::ordered_json's members.
struct Intent {
  IntentKind kind = IntentKind::Set;
  PropertyPath path;
  nlohmann::ordered_json value;  // ordered: new members appear in the order the rule chose
  bool null_safe = false;        // Wrap: the expression may yield null, so coalesce it first
  std::string api_version;       // RaiseApiVersion

  static Intent set(PropertyPath path, nlohmann::ordered_json value);
  static Intent wrap(PropertyPath path, nlohmann::ordered_json forced, bool null_safe);
  static Intent raise_api_version(std::string version);
};

// `value` placed under the keys of `path`, outermost first.
nlohmann::ordered_json nest(const PropertyPath& path, nlohmann::ordered_json value);
// `a.b.c`, as messages name a path.
std::string dotted(const PropertyPath& path);

}  // namespace armfix
