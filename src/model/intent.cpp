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

Intent Intent::wrap(PropertyPath path, nlohmann::ordered_json forced, bool null_safe,
                    nlohmann::ordered_json defaults) {
  Intent intent;
  intent.kind = IntentKind::Wrap;
  intent.path = std::move(path);
  intent.value = std::move(forced);
  intent.null_safe = null_safe;
  intent.defaults = std::move(defaults);
  return intent;
}

Intent Intent::raise_api_version(std::string version) {
  Intent intent;
  intent.kind = IntentKind::RaiseApiVersion;
  intent.api_version = std::move(version);
  return intent;
}

Intent Intent::migrate(PropertyPath path, std::string name, nlohmann::ordered_json value,
                       std::vector<std::pair<std::string, std::string>> renamed) {
  Intent intent;
  intent.kind = IntentKind::Migrate;
  intent.path = std::move(path);
  intent.name = std::move(name);
  intent.value = std::move(value);
  intent.renamed = std::move(renamed);
  return intent;
}

Intent Intent::add_parameter(std::string name, std::string description,
                             std::optional<std::string> default_value) {
  Intent intent;
  intent.kind = IntentKind::AddParameter;
  intent.name = std::move(name);
  intent.description = std::move(description);
  intent.default_value = std::move(default_value);
  return intent;
}

Intent Intent::depend_on(std::size_t target) {
  Intent intent;
  intent.kind = IntentKind::DependOn;
  intent.target = target;
  return intent;
}

nlohmann::ordered_json verbatim(std::string_view source) {
  return nlohmann::ordered_json::binary(
      nlohmann::ordered_json::binary_t::container_type(source.begin(), source.end()));
}

std::optional<std::string> verbatim_source(const nlohmann::ordered_json& value) {
  if (!value.is_binary()) return std::nullopt;
  const auto& bytes = value.get_binary();
  return std::string(bytes.begin(), bytes.end());
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
    if (!text.empty() && !element_index(key)) text += '.';
    text += key;
  }
  return text;
}

}  // namespace armfix
