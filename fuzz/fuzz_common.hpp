// What every libFuzzer target of armfix does with a violated property: say which, then abort,
// so libFuzzer records the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "property_checks.hpp"

namespace armfix::fuzz {

[[noreturn]] inline void fail(const std::string& target, const std::string& problem,
                              const std::string& detail = "") {
  std::fprintf(stderr, "\n==armfix-fuzz== %s: property violated: %s\n", target.c_str(),
               problem.c_str());
  if (!detail.empty()) std::fprintf(stderr, "%s\n", detail.c_str());
  std::abort();
}

}  // namespace armfix::fuzz
