// Printing JSON documents, whole or with one array streamed.
#include "report/json_text.hpp"

#include <stdexcept>
#include <utility>

namespace armfix {

namespace {

std::string indentation(int depth) {
  return std::string(static_cast<std::size_t>(2 * depth), ' ');
}

}  // namespace

std::string dumped_json(const nlohmann::ordered_json& json, int depth) {
  std::string text = json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (depth == 0) return text;
  const std::string indent = indentation(depth);
  std::string indented = indent;
  indented.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    indented += c;
    if (c == '\n') indented += indent;  // printed strings escape their own line breaks
  }
  return indented;
}

StreamedJsonArray::StreamedJsonArray(std::string outline, std::string_view key, int depth,
                                     TextWriter write)
    : outline_(std::move(outline)),
      indent_(indentation(depth)),
      key_("\"" + std::string(key) + "\": ["),
      write_(std::move(write)) {
  // Only the keys of the object holding the array are printed at this indentation after a
  // line break, so the first match is the array.
  const std::string empty = "\n" + indent_ + key_ + "]";
  split_ = outline_.find(empty);
  if (split_ == std::string::npos) throw std::logic_error("no empty array " + key_ + "] to fill");
  after_ = split_ + empty.size();
}

void StreamedJsonArray::add(const nlohmann::ordered_json& element) {
  if (!started_) {
    write_(std::string_view(outline_).substr(0, split_));
    write_("\n" + indent_ + key_ + "\n");
    started_ = true;
  } else {
    write_(",\n");
  }
  write_(dumped_json(element, static_cast<int>(indent_.size() / 2) + 1));
}

void StreamedJsonArray::finish() {
  if (!started_) return write_(outline_);
  write_("\n" + indent_ + "]");
  write_(std::string_view(outline_).substr(after_));
}

}  // namespace armfix
