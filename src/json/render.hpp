// Renders new JSON values in a document's own style, at a given indentation.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace armfix {

struct RenderLayout {
  bool multi_line = true;  // containers spread over lines, or compact on one line
  std::string indent;      // the indentation of the line the value starts on
  std::string indent_unit = "  ";
  std::string newline = "\n";
  std::string colon = ": ";      // the bytes between a key and its value
  bool trailing_commas = false;  // end multi-line containers with a comma
  bool padded = true;            // one-line objects read `{ "a": 1 }`
  std::string separator = ", ";  // the bytes between the items of a one-line container
  bool padded_arrays = false;    // one-line arrays read `[ 1 ]`
};

std::string render_value(const nlohmann::ordered_json& value, const RenderLayout& layout);

// `"key": value`, the value rendered as by render_value.
std::string render_member(const std::string& key, const nlohmann::ordered_json& value,
                          const RenderLayout& layout);

}  // namespace armfix
