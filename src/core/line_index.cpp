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

// Blocks of 255 bytes go into 8-bit counters, which the compiler keeps in vector registers;
// only a text with CRs looks for pairs.
LineBreakCounts count_line_breaks(std::string_view text) {
  LineBreakCounts counts;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  constexpr std::size_t kBlock = 255;
  for (std::size_t block = 0; block < text.size(); block += kBlock) {
    const std::size_t end = std::min(text.size(), block + kBlock);
    std::uint8_t lf = 0;
    std::uint8_t cr = 0;
    for (std::size_t i = block; i < end; ++i) {
      lf = static_cast<std::uint8_t>(lf + (bytes[i] == '\n' ? 1 : 0));
      cr = static_cast<std::uint8_t>(cr + (bytes[i] == '\r' ? 1 : 0));
    }
    counts.lf += lf;
    counts.cr += cr;
  }
  if (counts.cr == 0) return counts;
  const char* end = text.data() + text.size();
  for (const char* at = text.data(); at < end; ++at) {
    at = static_cast<const char*>(std::memchr(at, '\r', static_cast<std::size_t>(end - at)));
    if (at == nullptr) break;
    if (at + 1 < end && at[1] == '\n') ++counts.crlf;
  }
  return counts;
}

// memrchr goes back many bytes at a time: style detection asks this for every container.
std::size_t line_start(std::string_view text, std::size_t offset) {
  const char* data = text.data();
  const void* lf = memrchr(data, '\n', offset);
  std::size_t start =
      lf != nullptr ? static_cast<std::size_t>(static_cast<const char*>(lf) - data) + 1 : 0;
  const void* cr = memrchr(data + start, '\r', offset - start);
  // A CR just before `offset` is no line break when `offset` is the LF after it.
  if (cr != nullptr && static_cast<const char*>(cr) == data + offset - 1 && offset < text.size() &&
      text[offset] == '\n') {
    cr = memrchr(data + start, '\r', offset - 1 - start);
  }
  return cr != nullptr ? static_cast<std::size_t>(static_cast<const char*>(cr) - data) + 1 : start;
}

namespace {

// Line breaks that end a line before `to`, among the bytes [from, to).
std::size_t line_breaks_between(std::string_view text, std::size_t from, std::size_t to) {
  std::size_t breaks = count_line_breaks(text.substr(from, to - from)).line_breaks();
  // A CR ending the range is half of a CRLF when an LF follows it: the LF ends that line.
  if (to > from && to < text.size() && text[to - 1] == '\r' && text[to] == '\n') --breaks;
  return breaks;
}

}  // namespace

Position LineCursor::position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  if (offset < offset_) {
    offset_ = 0;
    line_ = 1;
  }
  line_ += static_cast<std::uint32_t>(line_breaks_between(text, offset_, offset));
  offset_ = offset;
  return Position{line_, column_of(text, line_start(text, offset), offset)};
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
