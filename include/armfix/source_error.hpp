// Errors as values: every problem armfix reports points at a place in a file.
#pragma once

#include <cstdint>
#include <string>

namespace armfix {

// 1-based line and column; columns count Unicode characters, not bytes.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

struct SourceError {
  Position position;
  std::size_t offset = 0;  // byte offset the position was computed from
  std::string message;
};

}  // namespace armfix
