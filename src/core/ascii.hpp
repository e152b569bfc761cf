// ASCII case helpers: ARM and Bicep names, keys and apiVersions compare ignoring ASCII case.
#pragma once

#include <string>
#include <string_view>

namespace armfix {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_ignore_case(std::string_view text, std::string_view prefix);
bool ends_with_ignore_case(std::string_view text, std::string_view suffix);
std::string to_lower_ascii(std::string_view text);

}  // namespace armfix
