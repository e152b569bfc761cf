// libFuzzer target for the lossless JSONC reader (Document::parse and its accessors): any bytes
// in, either an error that points inside them or a tree that gives the bytes back unchanged.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto problem = armfix::fuzz::check_document(text))
    armfix::fuzz::fail("fuzz_document", *problem);
  return 0;
}
