// libFuzzer target for the whole per-file pipeline (process_text with every registered rule, so
// their fixes merge), with safe and unsafe fixes: no internal error, verified edits, the fixed
// value equal to the original with the findings' operations, idempotence, and a diff that
// applies.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto problem = armfix::fuzz::check_pipeline(text))
    armfix::fuzz::fail("fuzz_pipeline", *problem);
  return 0;
}
