// JSON documents as armfix prints them, and printing one whose largest array is produced an
// element at a time, so that a report over many files is never held whole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/text_writer.hpp"

namespace armfix {

// Two-space indentation, as if nested `depth` levels deep; bytes that are not UTF-8 (a file
// name, text from a Bicep file) become U+FFFD rather than ending the run. No final newline.
std::string dumped_json(const nlohmann::ordered_json& json, int depth = 0);

// Writes `outline` (a document printed by dumped_json, plus its final newline) with the empty
// array `"key": []` found at nesting depth `depth` filled by the elements given to add(), in
// order: the same bytes as printing the document with those elements in it.
class StreamedJsonArray {
 public:
  StreamedJsonArray(std::string outline, std::string_view key, int depth, TextWriter write);
  void add(const nlohmann::ordered_json& element);
  void finish();

 private:
  std::string outline_;
  std::string indent_;
  std::string key_;
  std::size_t split_;
  std::size_t after_;
  TextWriter write_;
  bool started_ = false;
};

}  // namespace armfix
