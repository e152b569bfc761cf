// The command line: parse the options, then hand them to the runner.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <exception>
#include <new>
#include <sstream>
#include <string>
#include <system_error>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "armfix/pipeline.hpp"
#include "cli/cli_options.hpp"
#include "cli/runner.hpp"
#include "io/checked_stream.hpp"

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

// A descriptor 0, 1 or 2 closed by the caller (`>&-`) would be taken by the next file armfix
// opens, and a note meant for stderr could land in a staged template. /dev/null opened for
// reading takes its place: writes to it fail (EBADF), so the lost output is still noticed.
void occupy_closed_standard_descriptors() {
  for (int descriptor = STDIN_FILENO; descriptor <= STDERR_FILENO; ++descriptor) {
    if (::fcntl(descriptor, F_GETFD) != -1 || errno != EBADF) continue;
    const int opened = ::open("/dev/null", O_RDONLY);
    if (opened >= 0 && opened != descriptor) {
      ::dup2(opened, descriptor);
      ::close(opened);
    }
  }
}

int run_command_line(int argc, char** argv) {
  // --help, --version and usage errors are collected, then written as checked as the rest.
  std::ostringstream help;
  std::ostringstream usage_error;
  armfix::ParsedCommandLine parsed = armfix::parse_command_line(argc, argv, help, usage_error);
  if (parsed.options) return armfix::run(*parsed.options, armfix::fix_text);
  armfix::CheckedStream out(stdout, "standard output");
  armfix::CheckedStream err(stderr, "standard error");
  out.write(help.str());
  err.write(usage_error.str());
  return armfix::finish_output(out, err) ? parsed.exit_code : 2;
}

}  // namespace

int main(int argc, char** argv) {
  occupy_closed_standard_descriptors();
  // A closed pipe must fail the write (EPIPE), not kill the run between staging and committing
  // --write's files: the run finishes, then reports the lost output and exits 2.
  std::signal(SIGPIPE, SIG_IGN);
  return_large_buffers_when_freed();
  try {
    return run_command_line(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("armfix: error: out of memory\n", stderr);
  } catch (const std::system_error& error) {
    // A thread or another resource the system would not give.
    std::fprintf(stderr, "armfix: error: out of resources: %s\n", error.what());
  } catch (const std::exception& exception) {
    std::fprintf(stderr, "armfix: error: internal error: %s\n", exception.what());
  }
  return 2;
}
