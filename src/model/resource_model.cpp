// What every backend's resource model shares.
#include "armfix/resource_model.hpp"

#include <algorithm>

namespace armfix {

ValueRef ResourceModel::at(const ResourceRef& resource, const PropertyPath& path) const {
  ValueRef value = body(resource);
  for (const auto& key : path)
    value = member(value, key);
  return value;
}

bool same_path(const PropertyPath& a, const PropertyPath& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const std::string& x, const std::string& y) {
           return equals_ignore_case(x, y);
         });
}

bool contains_path(const std::vector<PropertyPath>& paths, const PropertyPath& path) {
  return std::any_of(paths.begin(), paths.end(),
                     [&](const PropertyPath& known) { return same_path(known, path); });
}

std::optional<nlohmann::json> json_at(const nlohmann::json& value, const PropertyPath& path) {
  const nlohmann::json* current = &value;
  for (const auto& key : path) {
    if (!current->is_object()) return std::nullopt;
    const nlohmann::json* next = nullptr;
    for (const auto& [name, member] : current->items()) {
      if (equals_ignore_case(name, key)) next = &member;
    }
    if (next == nullptr) return std::nullopt;
    current = next;
  }
  return *current;
}

std::string shorten_source(std::string_view text) {
  constexpr std::size_t kMaxShown = 72;
  std::string flat;
  bool space = false;
  for (char c : text) {
    bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (blank && !space) flat += ' ';
    if (!blank) flat += c;
    space = blank;
  }
  if (flat.size() <= kMaxShown) return flat;
  return flat.substr(0, kMaxShown - 3) + "...";
}

}  // namespace armfix
