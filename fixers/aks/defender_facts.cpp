// Defender for Containers facts independent of ARM JSON or Bicep syntax.
#include "aks/defender_facts.hpp"

#include "core/ascii.hpp"

namespace armfix {

bool looks_like_api_version(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return text.size() == 10 || text[10] == '-';
}

bool supports_defender(std::string_view api_version) {
  if (api_version.size() < 10) return false;
  std::string_view date = api_version.substr(0, 10);
  bool preview = api_version.size() > 10;
  return date >=
         std::string_view(preview ? kFirstDefenderPreviewApiVersion : kFirstDefenderApiVersion);
}

bool names_a_workspace_id(std::string_view name) {
  std::string lower = to_lower_ascii(name);
  bool about_workspace = lower.find("workspace") != std::string::npos ||
                         lower.find("loganalytics") != std::string::npos;
  bool holds_id = ends_with_ignore_case(lower, "resourceid") ||
                  ends_with_ignore_case(lower, "workspaceid") ||
                  ends_with_ignore_case(lower, "analyticsid");
  return about_workspace && holds_id;
}

}  // namespace armfix
