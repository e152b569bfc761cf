// The apiVersion a fix needs: the schema table's lowest version that accepts what the fix
// writes and keeps what the resource sets, with a note naming what changes on the way.
#include "rules/api_version_choice.hpp"

#include <algorithm>
#include <array>

#include "aks/defender_facts.hpp"
#include "rules/declared_rule.hpp"

namespace armfix {

namespace {

constexpr std::string_view kManagedClusters = "Microsoft.ContainerService/managedClusters";

bool starts_with_path(const PropertyPath& path, const PropertyPath& prefix) {
  return path.size() >= prefix.size() &&
         same_path(
             PropertyPath(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(prefix.size())),
             prefix);
}

void add_unique(std::vector<PropertyPath>& paths, const PropertyPath& path) {
  if (!contains_path(paths, path)) paths.push_back(path);
}

void collect_set(const ResourceModel& model, ValueRef value, PropertyPath& path,
                 std::vector<PropertyPath>& out) {
  if (!path.empty()) add_unique(out, path);
  for (const auto& [key, member] : model.members(value)) {
    path.push_back(key);
    collect_set(model, member, path, out);
    path.pop_back();
  }
  if (value.is(Shape::Array)) {
    path.emplace_back("[]");
    for (ValueRef element : model.elements(value))
      collect_set(model, element, path, out);
    path.pop_back();
  }
}

// The keys of a written JSON value below `path`, each with the levels above it. A verbatim()
// value is source text: a leaf.
void collect_written(const nlohmann::ordered_json& value, PropertyPath& path,
                     std::vector<PropertyPath>& out) {
  if (!path.empty()) add_unique(out, path);
  if (!value.is_object()) return;
  for (const auto& [key, member] : value.items()) {
    path.push_back(key);
    collect_written(member, path, out);
    path.pop_back();
  }
}

std::string join_paths(const std::vector<PropertyPath>& paths) {
  std::string text;
  for (const auto& path : paths) {
    if (!text.empty()) text += ", ";
    text += shown_path(path);
  }
  return text;
}

// Of the kept paths, those whose type, allowed values or requiredness differ between the two
// versions: what a raise changes for properties the resource already sets.
std::vector<PropertyPath> changed_between(const ApiVersionTable& table, const std::string& from,
                                          const std::string& to,
                                          const std::vector<PropertyPath>& keeps) {
  std::vector<PropertyPath> changed;
  for (const auto& path : keeps) {
    // Each version's schema allows only itself as apiVersion: no news to a reader.
    if (path.size() == 1 && equals_ignore_case(path.front(), "apiVersion")) continue;
    auto before = table.property(from, path);
    auto after = table.property(to, path);
    if (before && after && !(*before == *after)) changed.push_back(path);
  }
  return changed;
}

// A property a raise must keep: one the current version or a later one has. Template keys
// (dependsOn, condition, copy) and misspellings are in no schema; a property only older versions
// had (azureDefender on 2022-06-01) is already lost to the current version, and a raise cannot
// drop it again.
bool to_keep(const ApiVersionTable& table, const std::string& current, const PropertyPath& path) {
  return table.accepted_from(current, path);
}

ApiVersionChoice raise(const std::string& current, const std::string& to, std::string note) {
  ApiVersionChoice choice;
  choice.raise_to = to;
  choice.note = "raises apiVersion " + current + " to " + to + ", " + std::move(note) +
                "; the API's defaults for what the template leaves out may differ";
  return choice;
}

ApiVersionChoice from_fallback(const std::string& current, std::string_view first,
                               std::string_view first_preview) {
  if (first.empty() || api_version_at_least(current, first, first_preview)) return {};
  return raise(current, std::string(first), "the first with what the fix writes");
}

}  // namespace

const ApiVersionTable* api_version_table_for(std::string_view type) {
  if (equals_ignore_case(type, kManagedClusters)) return &ApiVersionTable::managed_clusters();
  return nullptr;
}

std::vector<PropertyPath> paths_set(const ResourceModel& model, ValueRef body) {
  std::vector<PropertyPath> out;
  PropertyPath path;
  collect_set(model, body, path, out);
  return out;
}

std::vector<PropertyPath> paths_written(const std::vector<Intent>& intents) {
  std::vector<PropertyPath> out;
  for (const auto& intent : intents) {
    PropertyPath path = intent.path;
    switch (intent.kind) {
      case IntentKind::Set:
        collect_written(intent.value, path, out);
        break;
      case IntentKind::Wrap:
        collect_written(intent.value, path, out);
        path = intent.path;
        if (intent.defaults.is_object()) collect_written(intent.defaults, path, out);
        break;
      case IntentKind::Migrate:
        path.back() = intent.name;
        collect_written(intent.value, path, out);
        break;
      default:
        break;
    }
  }
  return out;
}

namespace {

void collect_strings(const nlohmann::ordered_json& value, PropertyPath& path,
                     std::vector<std::pair<PropertyPath, std::string>>& out) {
  if (value.is_string()) out.emplace_back(path, value.get<std::string>());
  if (!value.is_object()) return;
  for (const auto& [key, member] : value.items()) {
    path.push_back(key);
    collect_strings(member, path, out);
    path.pop_back();
  }
}

}  // namespace

std::vector<std::pair<PropertyPath, std::string>> strings_written(
    const std::vector<Intent>& intents) {
  std::vector<std::pair<PropertyPath, std::string>> out;
  for (const auto& intent : intents) {
    if (intent.kind != IntentKind::Set && intent.kind != IntentKind::Wrap) continue;
    PropertyPath path = intent.path;
    collect_strings(intent.value, path, out);
  }
  return out;
}

std::vector<PropertyPath> paths_removed(const std::vector<Intent>& intents) {
  std::vector<PropertyPath> out;
  for (const auto& intent : intents) {
    if (intent.kind == IntentKind::Migrate) add_unique(out, intent.path);
  }
  return out;
}

FirstVersions first_versions_accepting(const ApiVersionTable& table,
                                       const std::vector<PropertyPath>& paths) {
  FirstVersions first;
  for (const auto& version : table.versions()) {
    if (!table.unaccepted(version, paths).empty()) continue;
    std::string& slot = ApiVersionTable::is_preview(version) ? first.preview : first.ga;
    if (slot.empty()) slot = version;
  }
  return first;
}

ApiVersionChoice choose_api_version(const ResourceModel& model, const ResourceRef& resource,
                                    std::string_view type, const std::string& current,
                                    const std::vector<Intent>& intents,
                                    std::string_view fallback_first,
                                    std::string_view fallback_preview) {
  const ApiVersionTable* table = api_version_table_for(type);
  if (table == nullptr) return from_fallback(current, fallback_first, fallback_preview);
  const std::vector<PropertyPath> needs = paths_written(intents);
  if (!table->has_version(current)) {
    // A version newer than the table's sources is assumed to have what older ones have.
    const auto& versions = table->versions();
    if (versions.empty() || current > versions.back().substr(0, 10)) return {};
  } else if (table->unaccepted(current, needs).empty()) {
    return {};
  }
  std::vector<PropertyPath> keeps;
  const auto removed = paths_removed(intents);
  for (const auto& path : paths_set(model, model.body(resource))) {
    bool gone = std::any_of(removed.begin(), removed.end(),
                            [&](const PropertyPath& old) { return starts_with_path(path, old); });
    if (!gone && to_keep(*table, current, path)) keeps.push_back(path);
  }
  auto target = table->lowest_accepting(current, needs, keeps);
  if (!target) {
    // Name what stands in the way in the first version that has what the fix writes.
    auto needed = table->lowest_accepting(current, needs, {});
    ApiVersionChoice choice;
    if (!needed) {
      choice.manual =
          "no apiVersion has " + join_paths(table->unaccepted(current, needs)) + ": fix it by hand";
      return choice;
    }
    choice.in_the_way = table->unaccepted(*needed, keeps);
    choice.manual = "no apiVersion from " + current + " on has both what the fix writes and " +
                    join_paths(choice.in_the_way) +
                    ", which the cluster sets: decide which to keep, then fix it by hand";
    return choice;
  }
  std::string note =
      "the lowest version with what the fix writes that keeps every property the "
      "resource sets";
  auto changed = changed_between(*table, current, *target, keeps);
  if (!changed.empty())
    note += "; what the schema allows for " + join_paths(changed) + " changes there";
  return raise(current, *target, std::move(note));
}

ApiVersionVerdict judge_api_version(const ResourceModel& model, const ResourceRef& resource,
                                    std::string_view type, const std::vector<Intent>& intents,
                                    std::string_view first, std::string_view first_preview) {
  ApiVersionVerdict verdict;
  const ApiVersion version = model.api_version(resource);
  if (version.is_expression && !version.resolved) {
    if (!first.empty()) {
      verdict.manual = "its apiVersion is the expression " + shorten_source(version.text) +
                       ": make sure it is " + std::string(first) + " or later, then fix it by hand";
    }
    return verdict;
  }
  const std::string known = version.resolved.value_or("");
  if (!looks_like_api_version(known)) {
    verdict.manual = "its apiVersion '" + known + "' is not a date: fix it by hand";
    return verdict;
  }
  ApiVersionChoice choice =
      choose_api_version(model, resource, type, known, intents, first, first_preview);
  if (choice.manual) {
    verdict.manual = std::move(choice.manual);
    verdict.in_the_way = !choice.in_the_way.empty() && !version.is_expression;
    return verdict;
  }
  if (!choice.raise_to) return verdict;
  if (version.is_expression) {
    verdict.manual = "its apiVersion is the expression " + shorten_source(version.text) +
                     ", which resolves to " + known + ": make it " + *choice.raise_to +
                     " or later, then fix it by hand";
    return verdict;
  }
  verdict.unsafe_note = std::move(choice.note);
  verdict.raise = Intent::raise_api_version(*choice.raise_to);
  return verdict;
}

bool is_deployment_key(const PropertyPath& path) {
  static constexpr std::array<std::string_view, 7> kKeys = {
      "condition", "copy", "dependsOn", "comments", "scope", "parent", "resources"};
  return !path.empty() && std::any_of(kKeys.begin(), kKeys.end(), [&](std::string_view key) {
    return equals_ignore_case(path.front(), key);
  });
}

bool known_to_some_version(const ApiVersionTable& table, const PropertyPath& path) {
  const auto& versions = table.versions();
  return std::any_of(versions.begin(), versions.end(),
                     [&](const std::string& version) { return table.accepts(version, path); });
}

std::string shown_path(const PropertyPath& path) {
  std::size_t start = path.size() > 1 && equals_ignore_case(path.front(), "properties") ? 1 : 0;
  std::string text;
  for (std::size_t i = start; i < path.size(); ++i) {
    if (path[i] == "[]" || element_index(path[i])) {
      text += path[i];
      continue;
    }
    if (!text.empty()) text += '.';
    text += path[i];
  }
  return text;
}

}  // namespace armfix
