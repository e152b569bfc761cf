// Intent constructors and the helpers rules use to describe paths.
#include "armfix/intent.hpp"

namespace armfix {

Intent Intent::set(PropertyPath path, nlohmann::ordered_json value) {
  Intent intent;
  intent.kind = IntentKind::Set;
  intent.path = std::move(path);
  intent.value = std::move(value);
  return intent;
}

Intent Intent::wrap(PropertyPath path, nlohmann::ordered_json forced, bool null_safe) {
  Intent intent;
  intent.kind = IntentKind::Wrap;
  intent.path = std::move(path);
  intent.value = std::move(forced);
  intent.null_safe = null_safe;
  return intent;
}

Intent Intent::raise_api_version(std::string version) {
  Intent intent;
  intent.kind = IntentKind::RaiseApiVersion;
  intent.api_version = std::move(version);
  return intent;
}

nlohmann::ordered_json nest(const PropertyPath& path, nlohmann::ordered_json value) {
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    nlohmann::ordered_json outer = nlohmann::ordered_json::object();
    outer[*it] = std::move(value);
    value = std::move(outer);
  }
  return value;
}

std::string dotted(const PropertyPath& path) {
  std::string text;
  for (const auto& key : path) {
    if (!text.empty()) text += '.';
    text += key;
  }
  return text;
}

}  // namespace armfix
