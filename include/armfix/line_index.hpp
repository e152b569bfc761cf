// Maps byte offsets in a text to 1-based line and character column. A line break is LF, CRLF or
// a lone CR, as editors count them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "armfix/source_error.hpp"

namespace armfix {

// Positions asked in mostly increasing order, as findings are: line breaks are counted from the
// previous position on, at memory speed, instead of indexing every line of a large file for a
// few messages. Holds no reference to the text: pass the same text each time.
class LineCursor {
 public:
  Position position_of(std::string_view text, std::size_t offset);

 private:
  std::size_t offset_ = 0;
  std::uint32_t line_ = 1;  // the line of offset_: one more than the line breaks before it
};

struct LineBreakCounts {
  std::size_t lf = 0;    // '\n' bytes, including those of CRLF pairs
  std::size_t cr = 0;    // '\r' bytes, including those of CRLF pairs
  std::size_t crlf = 0;  // CRLF pairs
  std::size_t line_breaks() const { return lf + cr - crlf; }
};
// The line breaks of a text by kind, at memory speed.
LineBreakCounts count_line_breaks(std::string_view text);

// The offset where the line holding `offset` starts: after the last LF, or lone CR, before it.
std::size_t line_start(std::string_view text, std::size_t offset);

// Position of one offset, scanning from the start (for a single message).
Position position_of(std::string_view text, std::size_t offset);

// Number of characters (UTF-8 code points) in a byte range.
std::size_t count_characters(std::string_view bytes);

}  // namespace armfix
