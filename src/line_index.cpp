// Offsets to line and column, for every message that points into a file.
#include "armfix/line_index.hpp"

#include <algorithm>
#include <cstring>

namespace armfix {

namespace {

bool is_continuation_byte(unsigned char byte) {
  return (byte & 0xC0U) == 0x80U;
}

}  // namespace

std::size_t count_characters(std::string_view bytes) {
  return static_cast<std::size_t>(std::count_if(bytes.begin(), bytes.end(), [](char c) {
    return !is_continuation_byte(static_cast<unsigned char>(c));
  }));
}

namespace {

// The column of `offset` on the line starting at `start`. A byte order mark is not a character
// an editor shows, so it does not count.
std::uint32_t column_of(std::string_view text, std::size_t start, std::size_t offset) {
  if (start == 0 && text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) start = 3;
  return static_cast<std::uint32_t>(count_characters(text.substr(start, offset - start)) + 1);
}

}  // namespace

// Built on the first position asked of a document, often for one finding: memchr finds the
// next '\n' and the next '\r' many bytes at a time, where a byte loop cost more than parsing.
LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  const char* data = text.data();
  const char* end = data + text.size();
  auto next = [end](const char* from, char c) {
    const void* found =
        from < end ? std::memchr(from, c, static_cast<std::size_t>(end - from)) : nullptr;
    return found != nullptr ? static_cast<const char*>(found) : end;
  };
  const char* lf = next(data, '\n');
  const char* cr = next(data, '\r');
  while (lf != end || cr != end) {
    if (lf < cr) {
      starts_.push_back(static_cast<std::size_t>(lf - data) + 1);
      lf = next(lf + 1, '\n');
    } else {
      // A '\r' ends a line unless a '\n' follows, which then ends it.
      if (cr + 1 == end || cr[1] != '\n')
        starts_.push_back(static_cast<std::size_t>(cr - data) + 1);
      cr = next(cr + 1, '\r');
    }
  }
}

Position LineIndex::position_of(std::string_view text, std::size_t offset) const {
  offset = std::min(offset, text.size());
  auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
  auto line = static_cast<std::size_t>(next - starts_.begin());  // >= 1: starts_[0] == 0
  std::size_t start = starts_[line - 1];
  return Position{static_cast<std::uint32_t>(line), column_of(text, start, offset)};
}

Position position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    bool lone_cr = text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n');
    if (text[i] == '\n' || lone_cr) {
      ++line;
      start = i + 1;
    }
  }
  return Position{line, column_of(text, start, offset)};
}

}  // namespace armfix
