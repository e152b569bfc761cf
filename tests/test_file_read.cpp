// Tests of reading files: only regular files are read, never by blocking on a FIFO or without a
// bound on a device, and not when what was read is not what the file held.
#include "io/file_read.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "armfix/pipeline.hpp"
#include "cli/cli_options.hpp"
#include "cli/file_check.hpp"
#include "cli_support.hpp"

namespace {

using armfix::cli_test::TempDir;
using armfix::cli_test::write_text;
namespace fs = std::filesystem;

std::string read_error(const fs::path& path) {
  std::string bytes;
  return armfix::read_whole_file(path, bytes).value_or("(read)");
}

std::string chunked_read_error(const fs::path& path) {
  return armfix::read_in_chunks(path, [](std::string_view) {}).value_or("(read)");
}

// Runs `check` in a child process, which a read that blocks cannot hold up: true when the child
// ended within a generous limit and `check` held there.
bool holds_without_blocking(const std::function<bool()>& check) {
  const pid_t child = ::fork();
  if (child == 0) _exit(check() ? 0 : 1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int status = 0;
  while (::waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("a FIFO is refused when read, without waiting for a writer", "[file_read]") {
  TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
  CHECK(holds_without_blocking([&] {
    const std::string refusal = "not a regular file (a FIFO); not read";
    return read_error(dir / "pipe.json") == refusal &&
           chunked_read_error(dir / "pipe.json") == refusal;
  }));
}

TEST_CASE("a device or directory is refused when read, whatever its name", "[file_read]") {
  TempDir dir;
  fs::create_symlink("/dev/null", dir / "null.json");
  fs::create_directories(dir / "sub.json");
  CHECK(read_error("/dev/null") == "not a regular file (a character device); not read");
  CHECK(read_error(dir / "null.json") == "not a regular file (a character device); not read");
  CHECK(chunked_read_error(dir / "null.json") ==
        "not a regular file (a character device); not read");
  CHECK(read_error(dir / "sub.json") == "not a regular file (a directory); not read");
}

TEST_CASE("no more is read than a file's size when opened, and one byte to see it grew",
          "[file_read]") {
  // The kernel gives /proc files a size of 0 and then content: a file that grew while read.
  const fs::path growing = "/proc/self/status";
  REQUIRE(fs::file_size(growing) == 0);
  CHECK(read_error(growing) == "cannot read: the file changed while it was read");
  std::string buffer(8, 'x');
  std::size_t size = 5;
  CHECK(armfix::read_file_into(growing, buffer, size).has_value());
  CHECK(size == 0);
  std::size_t handed_over = 0;
  CHECK_FALSE(armfix::read_in_chunks(growing, [&](std::string_view chunk) {
                handed_over += chunk.size();
              }).has_value());
  CHECK(handed_over == 1);
}

TEST_CASE("a file replaced by a device after discovery is refused when checked", "[file_read]") {
  TempDir dir;
  write_text(dir / "t.json", armfix::cli_test::cluster_template());
  armfix::DiscoveredPath file;
  file.display_path = "t.json";
  file.path = dir / "t.json";
  fs::remove(dir / "t.json");
  fs::create_symlink("/dev/null", dir / "t.json");
  armfix::FileResult result = armfix::check_file(file, armfix::CliOptions{}, armfix::process_text);
  CHECK(result.state == armfix::FileState::Failed);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message == "not a regular file (a character device); not read");
}
