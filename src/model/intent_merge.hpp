// Merging the intents of several rules for one resource, and writing the merged result.
//
// Three rules adding three members under one missing object give one object holding all
// three; two rules wanting different values at one path are a conflict, which the pipeline
// turns into a manual finding for both. The merged changes are handed to the backend's
// ChangeWriter, each with the findings it serves, so every edit stays attached to them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "armfix/intent.hpp"
#include "armfix/resource_model.hpp"

namespace armfix {

// An intent and the finding (by index) that asked for it.
struct OwnedIntent {
  std::size_t owner = 0;
  const Intent* intent = nullptr;
};

using Owners = std::vector<std::size_t>;

// Two findings that want different things at one path (or one wants a value where the other
// wants an object).
struct IntentConflict {
  std::size_t owner = 0;
  std::size_t other = 0;
  PropertyPath path;
};

// Writes merged changes in one language. `owners` are the findings a change serves.
class ChangeWriter {
 public:
  virtual ~ChangeWriter() = default;
  virtual void add_member(ValueRef object, const std::string& key,
                          const nlohmann::ordered_json& value, const Owners& owners) = 0;
  virtual void replace(ValueRef value, const nlohmann::ordered_json& with,
                       const Owners& owners) = 0;
  // `defaults` (an object, or null for none) is merged under the expression's value, `forced`
  // over it.
  virtual void wrap(ValueRef expression, const nlohmann::ordered_json& forced, bool null_safe,
                    const nlohmann::ordered_json& defaults, const Owners& owners) = 0;
  virtual void raise_api_version(const ResourceRef& resource, const std::string& version,
                                 const Owners& owners) = 0;
  // The member `old_key` of `parent` becomes `intent.name` holding `intent.value`.
  virtual void migrate(ValueRef parent, const std::string& old_key, const Intent& intent,
                       const Owners& owners) = 0;
  virtual void add_parameter(const ResourceRef& resource, const Intent& intent,
                             const Owners& owners) = 0;
  virtual void depend_on(const ResourceRef& resource, std::size_t target, const Owners& owners) = 0;
};

// The conflicts among the intents of one resource, each pair once, in the order met.
std::vector<IntentConflict> find_conflicts(const std::vector<OwnedIntent>& intents);

// Merges the intents of one resource (which must be free of conflicts) and writes them.
// Returns why a change cannot be written (a value of another kind in the way of a path), or
// nullopt when every change was handed to `writer`.
std::optional<std::string> write_merged(const ResourceModel& model, const ResourceRef& resource,
                                        const std::vector<OwnedIntent>& intents,
                                        ChangeWriter& writer);

}  // namespace armfix
