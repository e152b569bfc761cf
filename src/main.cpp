// The armfix command line: parse the options, then hand them to the runner.
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "armfix/cli_options.hpp"
#include "armfix/pipeline.hpp"
#include "armfix/runner.hpp"

namespace {

// glibc raises its mmap threshold each time a large block is freed, so file-sized buffers end
// up in per-thread arenas that keep their pages after use, and peak memory grows with the
// number of threads rather than with the largest file. A fixed threshold maps every file-sized
// buffer on its own and gives it back to the system when freed.
void return_large_buffers_when_freed() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  return_large_buffers_when_freed();
  armfix::ParsedCommandLine parsed = armfix::parse_command_line(argc, argv, std::cout, std::cerr);
  if (!parsed.options) return parsed.exit_code;
  return armfix::run(*parsed.options, armfix::fix_text);
}
