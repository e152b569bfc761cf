// Which apiVersion a fixed resource needs, chosen from the schema table (docs/schemas.md).
//
// A fix writes properties; the resource already sets others. When its apiVersion lacks what
// the fix writes, the raise goes to the lowest version that accepts both what the fix writes
// and every property the resource sets that the current or a later version has, so nothing is
// dropped; a preview only when no GA version qualifies. Types without a table fall back to
// the rule's declared first version.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/intent.hpp"
#include "armfix/resource_model.hpp"
#include "schema/api_version_table.hpp"

namespace armfix {

// The table for resources of `type`; nullptr when armfix has none.
const ApiVersionTable* api_version_table_for(std::string_view type);

// Every path the resource's body sets, through objects and arrays (elements as "[]"), a member
// given by an expression counting at its own path; in document order.
std::vector<PropertyPath> paths_set(const ResourceModel& model, ValueRef body);
// What intents write (each written key, with the levels above it) and what they remove (the
// old object of a Migrate).
std::vector<PropertyPath> paths_written(const std::vector<Intent>& intents);
std::vector<PropertyPath> paths_removed(const std::vector<Intent>& intents);
// The strings intents write, each with its path (source text written verbatim aside).
std::vector<std::pair<PropertyPath, std::string>> strings_written(
    const std::vector<Intent>& intents);

// The first GA version (and the first preview) whose schema accepts every path of `paths`;
// empty strings when none does.
struct FirstVersions {
  std::string ga;
  std::string preview;
};
FirstVersions first_versions_accepting(const ApiVersionTable& table,
                                       const std::vector<PropertyPath>& paths);

struct ApiVersionChoice {
  std::optional<std::string> raise_to;  // the version to raise to; unset when none is needed
  std::string note;                     // for the finding's unsafe reason, when raising
  std::optional<std::string> manual;    // why no version qualifies
  // With `manual`: the properties the resource sets that stand in the way, when a version has
  // what the fix writes; a fix that removes them makes the raise possible.
  std::vector<PropertyPath> in_the_way;
};

// For a resource whose apiVersion is `current` (a YYYY-MM-DD[-suffix] literal) once
// `intents` apply. `fallback_first` and `fallback_preview` are the rule's first versions,
// used for types the table does not cover.
ApiVersionChoice choose_api_version(const ResourceModel& model, const ResourceRef& resource,
                                    std::string_view type, const std::string& current,
                                    const std::vector<Intent>& intents,
                                    std::string_view fallback_first,
                                    std::string_view fallback_preview);

// What a fix's apiVersion means for its finding: nothing, a raise (unsafe, with its note), or a
// manual reason. `in_the_way` as in ApiVersionChoice: a manual raise another fix may release.
struct ApiVersionVerdict {
  std::optional<Intent> raise;
  std::string unsafe_note;
  std::optional<std::string> manual;
  bool in_the_way = false;
};

// The verdict for a fix of `resource` made of `intents`: an apiVersion expression that does not
// resolve (when the fix needs a first version), one that is not a date, or one that resolves to
// a version needing a raise is manual; a literal version is raised as choose_api_version says.
ApiVersionVerdict judge_api_version(const ResourceModel& model, const ResourceRef& resource,
                                    std::string_view type, const std::vector<Intent>& intents,
                                    std::string_view first, std::string_view first_preview);

// A key the deployment engine reads beside the resource's schema (condition, copy, dependsOn,
// comments, scope, parent, and the child resources an ARM resource nests): no apiVersion lists
// it.
bool is_deployment_key(const PropertyPath& path);
// A path some version of the table accepts.
bool known_to_some_version(const ApiVersionTable& table, const PropertyPath& path);

// A path as messages show it, below `properties`: `agentPoolProfiles[].vmSize`.
std::string shown_path(const PropertyPath& path);

}  // namespace armfix
