// A replacement in a text, by position and size only: what the parser and the differ need to
// know of an edit to work only where it changed the text.
#pragma once

#include <cstddef>

namespace armfix {

// One replacement in a text: `length` bytes at `offset` gave way to `inserted` new bytes.
struct Splice {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::size_t inserted = 0;
};

}  // namespace armfix
