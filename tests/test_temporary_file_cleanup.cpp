// The cleanup on interruption: every temporary file created before the signal is removed, and
// none is created after it.
#include "io/temporary_file_cleanup.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "cli_support.hpp"

using armfix::TemporaryFileCleanup;
using armfix::cli_test::files_in;
using armfix::cli_test::TempDir;

namespace {

constexpr int kWriters = 4;

// In a child process: writers create temporary files in `dir` as fast as they can, keeping the
// last few as a staged --write does, and each says on `ready` once it has made one. Never
// returns: the signal the test sends ends it.
[[noreturn]] void create_until_interrupted(const std::filesystem::path& dir, int ready) {
  TemporaryFileCleanup cleanup;
  std::vector<std::thread> writers;
  writers.reserve(kWriters);
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&] {
      std::deque<std::string> kept;
      for (bool told = false;; told = true) {
        std::string name = (dir / ".t.json.armfix-XXXXXX").string();
        const int fd = TemporaryFileCleanup::create_tracked(name);
        if (fd < 0) ::_exit(3);
        ::close(fd);
        kept.push_back(name);
        if (!told && ::write(ready, "+", 1) != 1) ::_exit(4);
        if (kept.size() > 8) {
          ::unlink(kept.front().c_str());
          TemporaryFileCleanup::untrack(kept.front());
          kept.pop_front();
        }
      }
    });
  }
  for (auto& writer : writers)
    writer.join();
  ::_exit(5);
}

}  // namespace

TEST_CASE("an interruption leaves no temporary file, however busy the writers creating them",
          "[temporary_file_cleanup]") {
  // A file created, then tracked, could be created while the cleanup runs and be left behind:
  // with writers this busy, some round would catch one.
  for (int round = 0; round < 50; ++round) {
    INFO("round " << round);
    TempDir dir;
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(ready[0]);
      create_until_interrupted(dir.path(), ready[1]);
    }
    ::close(ready[1]);
    char told[kWriters];
    std::size_t got = 0;
    while (got < sizeof told) {
      const ssize_t n = ::read(ready[0], told + got, sizeof told - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ::close(ready[0]);
    ::kill(child, round % 2 == 0 ? SIGTERM : SIGINT);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(got == sizeof told);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == (round % 2 == 0 ? SIGTERM : SIGINT));
    CHECK(files_in(dir.path()).empty());
  }
}
