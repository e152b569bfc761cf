// The layout habits of a Bicep file, measured so that inserted lines look native.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "bicep/bicep_document.hpp"

namespace armfix {

struct BicepStyle {
  std::string indent_unit = "  ";  // one level: the most common step between a line that
                                   // opens an object or array and its first member's line
  std::string newline = "\n";      // the dominant line ending
};

BicepStyle detect_bicep_style(const BicepDocument& document);

// True when the node's bytes hold a line break.
bool spans_lines(const BicepDocument& document, NodeId id);
// True when only spaces and tabs precede `offset` on its line.
bool starts_its_line(std::string_view text, std::size_t offset);
// The offset of the line break that ends the line holding `offset`, or the text's size; a
// comment that starts on that line and runs over several lines is passed over.
std::size_t end_of_line(const BicepDocument& document, std::size_t offset);
// The offset where the line holding `offset` starts.
std::size_t start_of_line(std::string_view text, std::size_t offset);

}  // namespace armfix
