// What every backend's resource model shares.
#include "armfix/resource_model.hpp"

namespace armfix {

ValueRef ResourceModel::at(const ResourceRef& resource, const PropertyPath& path) const {
  ValueRef value = body(resource);
  for (const auto& key : path)
    value = member(value, key);
  return value;
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
