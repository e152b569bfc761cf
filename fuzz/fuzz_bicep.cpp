// libFuzzer target for the lossless Bicep reader (BicepDocument::parse and its accessors), and
// for the Bicep pipeline on inputs that parse: any bytes in, either an error that points inside
// them, or a tree that covers them and fixes that verify, keep comments and are idempotent.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bicep_property_checks.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto problem = armfix::fuzz::check_bicep_document(text))
    armfix::fuzz::fail("fuzz_bicep", *problem);
  if (armfix::BicepDocument::parse(text).ok()) {
    if (auto problem = armfix::fuzz::check_bicep_pipeline(text))
      armfix::fuzz::fail("fuzz_bicep", *problem);
  }
  return 0;
}
