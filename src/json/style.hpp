// The formatting habits of a document, measured so that inserted text looks native.
#pragma once

#include <string>
#include <string_view>

#include "armfix/document.hpp"

namespace armfix {

struct Style {
  std::string indent_unit = "  ";  // one level: a tab or N spaces, measured from the lines
  std::string newline = "\n";      // the dominant line ending
  bool final_newline = true;       // the file ends with a line break
  bool space_after_colon = true;   // `"a": 1` rather than `"a":1`
  bool trailing_commas = false;    // multi-line containers end with a comma after the last item
  bool padded_single_line = true;  // one-line objects read `{ "a": 1 }` rather than `{"a": 1}`
  bool space_after_comma = true;   // one-line containers read `1, 2` rather than `1,2`
  bool padded_single_line_arrays = false;  // one-line arrays read `[ 1 ]` rather than `[1]`
};

Style detect_style(const Document& document);

// True when the node's value starts and ends on the same line.
bool is_single_line(const Document& document, NodeId id);

// The white space that starts the line holding `offset`.
std::string_view line_indent(std::string_view text, std::size_t offset);

// The first '\r' or '\n' at or after `from`, or npos.
std::size_t find_line_break(std::string_view text, std::size_t from = 0);

// The line ending of the line holding `offset`, or `fallback` on the last line.
std::string_view line_ending_at(std::string_view text, std::size_t offset,
                                std::string_view fallback);

}  // namespace armfix
