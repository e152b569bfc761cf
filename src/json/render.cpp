// Writes new fragments the way the file's author writes: indent unit, line ending, colon
// spacing, trailing commas and one-line padding all come from the measured style.
#include "json/render.hpp"

namespace armfix {

namespace {

std::string render_scalar(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
}

std::string quote(const std::string& key) {
  return render_scalar(nlohmann::ordered_json(key));
}

std::string render_container(const nlohmann::ordered_json& value, const RenderLayout& layout) {
  bool is_object = value.is_object();
  const char* open = is_object ? "{" : "[";
  const char* close = is_object ? "}" : "]";
  if (value.empty()) return std::string(open) + close;

  bool padded = is_object ? layout.padded : layout.padded_arrays;
  RenderLayout inner = layout;
  inner.indent += layout.indent_unit;
  std::string out = open;
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (layout.multi_line) {
      out += (first ? "" : ",") + layout.newline + inner.indent;
    } else {
      out += first ? (padded ? " " : "") : layout.separator;
    }
    first = false;
    out += is_object ? render_member(it.key(), it.value(), inner) : render_value(it.value(), inner);
  }
  if (layout.multi_line) {
    if (layout.trailing_commas) out += ",";
    out += layout.newline + layout.indent;
  } else if (padded) {
    out += " ";
  }
  return out + close;
}

}  // namespace

std::string render_value(const nlohmann::ordered_json& value, const RenderLayout& layout) {
  if (value.is_object() || value.is_array()) return render_container(value, layout);
  return render_scalar(value);
}

std::string render_member(const std::string& key, const nlohmann::ordered_json& value,
                          const RenderLayout& layout) {
  return quote(key) + layout.colon + render_value(value, layout);
}

}  // namespace armfix
