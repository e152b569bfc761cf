#include "armfix/evaluated.hpp"

namespace armfix {

Evaluated Evaluated::of(nlohmann::json v) {
  Evaluated evaluated;
  evaluated.value = std::move(v);
  return evaluated;
}

Evaluated Evaluated::unknown(std::string reason, bool non_empty_string) {
  Evaluated evaluated;
  evaluated.unknown_reason = std::move(reason);
  evaluated.non_empty_string = non_empty_string;
  return evaluated;
}

bool is_non_empty_string(const Evaluated& evaluated) {
  if (!evaluated.known()) return evaluated.non_empty_string;
  return evaluated.value->is_string() && !evaluated.value->get_ref<const std::string&>().empty();
}

}  // namespace armfix
