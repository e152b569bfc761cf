// What every backend's resource model shares.
#include "armfix/resource_model.hpp"

#include <algorithm>
#include <string>

namespace armfix {

std::string element_key(std::size_t index) {
  return "[" + std::to_string(index) + "]";
}

std::optional<std::size_t> element_index(std::string_view key) {
  if (key.size() < 3 || key.front() != '[' || key.back() != ']') return std::nullopt;
  std::size_t index = 0;
  for (char c : key.substr(1, key.size() - 2)) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

ValueRef ResourceModel::element(ValueRef array, std::string_view key) const {
  auto index = element_index(key);
  if (!index || !array.is(Shape::Array)) return {};
  std::vector<ValueRef> all = elements(array);
  return *index < all.size() ? all[*index] : ValueRef{};
}

ValueRef ResourceModel::at(const ResourceRef& resource, const PropertyPath& path) const {
  ValueRef value = body(resource);
  for (const auto& key : path)
    value = element_index(key) ? element(value, key) : member(value, key);
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
