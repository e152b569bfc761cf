// End-to-end tests of errors: each names file:line:col, the run goes on with the other files,
// and the exit code is 2. Covers invalid templates, missing paths, read-only files, a file
// changed while armfix runs, unwritable outputs and usage errors.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;

// A FIFO at `path`, filled to the brim: the descriptor returned keeps it open for reading, and
// whoever opens it for writing next blocks on the first byte written.
int full_fifo(const fs::path& path) {
  if (::mkfifo(path.c_str(), 0600) != 0) return -1;
  int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  int writer = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
  const std::string block(4096, 'x');
  while (::write(writer, block.data(), block.size()) > 0) {
  }
  while (::write(writer, "x", 1) > 0) {  // the last bytes a block does not fit in
  }
  ::close(writer);
  return reader;
}

}  // namespace

TEST_CASE("an invalid file among valid ones: error with position, others still processed",
          "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "a.json", cluster_template("first"));
  write_text(dir / "b.json",
             "{\n  \"resources\": [\n    { \"type\": \"Microsoft.ContainerService/managedClusters\""
             " \"name\": \"x\" }\n  ]\n}\n");
  write_text(dir / "c.json", cluster_template("last"));
  CommandResult result = run_armfix({"--write"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out, Catch::Contains("a.json:10:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::Contains("\nb.json:3:60: error: "));
  CHECK_THAT(result.out, Catch::Contains("\nc.json:10:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::EndsWith("2 resources in 2 files: 2 fixed; 1 error\n"));
  CHECK(read_text(dir / "a.json") != cluster_template("first"));
  CHECK(read_text(dir / "c.json") != cluster_template("last"));
}

TEST_CASE("errors reach stderr when the report is JSON or goes to a file", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "bad.json", "{ \"managedClusters\": ");
  CommandResult json = run_armfix({"--format", "json"}, dir.path());
  CHECK(json.exit_code == 2);
  CHECK_THAT(json.err, Catch::StartsWith("bad.json:1:"));
  CHECK_THAT(json.err, Catch::Contains(": error: "));
  CommandResult file = run_armfix({"--output", "report.txt", "bad.json"}, dir.path());
  CHECK(file.exit_code == 2);
  CHECK_THAT(file.err, Catch::StartsWith("bad.json:1:"));
  CHECK_THAT(read_text(dir / "report.txt"), Catch::StartsWith("bad.json:1:"));
}

TEST_CASE("a path that does not exist is an error, the rest is still checked", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "t.json", cluster_template());
  CommandResult result = run_armfix({"missing.json", "t.json"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out, Catch::StartsWith("missing.json:1:1: error: No such file or directory\n"
                                           "t.json:10:5: Azure.AKS.DefenderProfile: "));
}

TEST_CASE("a read-only file is not written: error, exit 2, others written", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "locked.json", cluster_template());
  write_text(dir / "open.json", cluster_template());
  REQUIRE(::chmod((dir / "locked.json").c_str(), 0444) == 0);
  CommandResult result = run_armfix({"--write"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out,
             Catch::Contains("locked.json:1:1: error: file is read-only; not written\n"));
  CHECK_THAT(result.out, Catch::Contains("locked.json:10:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::Contains("[fixable]"));
  CHECK(read_text(dir / "locked.json") == cluster_template());
  CHECK(read_text(dir / "open.json") != cluster_template());
  CHECK(files_in(dir.path()) == std::vector<std::string>{"locked.json", "open.json"});
}

// `armfix --write a.json` in `dir`, with a --workspace-id-for no fix uses and stderr a full
// FIFO: armfix checks a.json and stages its fix, then blocks printing its note about the unused
// option, before it replaces any file, until the test drains the FIFO or stops armfix.
struct WriteHeldAtNote {
  explicit WriteHeldAtNote(const TempDir& dir)
      : unused_parameter_file(written(side / "unused.parameters.json", parameter_file())),
        stderr_fifo(full_fifo(side / "stderr")),
        armfix(shell_argv(), dir.path()),
        staged(wait_for_staged(dir)) {}
  ~WriteHeldAtNote() { drain(); }
  WriteHeldAtNote(const WriteHeldAtNote&) = delete;
  WriteHeldAtNote& operator=(const WriteHeldAtNote&) = delete;

  // Lets armfix go on: reads what it writes to stderr until it ends.
  void drain() {
    if (stderr_fifo < 0) return;
    ::fcntl(stderr_fifo, F_SETFL, 0);
    char buffer[4096];
    while (::read(stderr_fifo, buffer, sizeof buffer) > 0) {
    }
    ::close(stderr_fifo);
    stderr_fifo = -1;
  }

  TempDir side;  // outside the checked directory
  fs::path unused_parameter_file;
  int stderr_fifo;
  RunningCommand armfix;
  bool staged;  // a.json's fix was staged in time

 private:
  std::vector<std::string> shell_argv() const {
    std::vector<std::string> argv{"sh", "-c", "exec \"$@\" 2> \"$0\"", (side / "stderr").string()};
    for (auto& argument :
         armfix_argv({"--write", "--workspace-id-for",
                      unused_parameter_file.string() + "=/subscriptions/0/resourceGroups/rg/"
                                                       "providers/Microsoft.OperationalInsights/"
                                                       "workspaces/ws",
                      "a.json"}))
      argv.push_back(std::move(argument));
    return argv;
  }

  static fs::path written(const fs::path& path, const std::string& text) {
    write_text(path, text);
    return path;
  }

  static bool wait_for_staged(const TempDir& dir) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      for (const auto& file : files_in(dir.path())) {
        if (file.rfind(".a.json.armfix-", 0) == 0) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
};

TEST_CASE("a file changed on disk during the run is not overwritten", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "a.json", cluster_template());
  WriteHeldAtNote held(dir);
  REQUIRE(held.staged);
  const std::string edited = cluster_template("edited-meanwhile");
  write_text(dir / "a.json", edited);
  held.drain();
  CommandResult result = held.armfix.wait();
  CHECK(result.exit_code == 2);
  CHECK_THAT(
      result.out,
      Catch::Contains("a.json:1:1: error: changed on disk since it was read; not overwritten"));
  CHECK(read_text(dir / "a.json") == edited);
}

TEST_CASE("a file whose mode changed during the run is not overwritten", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "a.json", cluster_template());
  REQUIRE(::chmod((dir / "a.json").c_str(), 0644) == 0);
  WriteHeldAtNote held(dir);
  REQUIRE(held.staged);
  // Same bytes, new mode: the staged file, made with the old mode, must not bring it back.
  until_change_time_moves(dir / "a.json", [&] {
    REQUIRE(::chmod((dir / "a.json").c_str(), 0604) == 0);
    REQUIRE(::chmod((dir / "a.json").c_str(), 0600) == 0);
  });
  held.drain();
  CommandResult result = held.armfix.wait();
  CHECK(result.exit_code == 2);
  CHECK_THAT(
      result.out,
      Catch::Contains("a.json:1:1: error: changed on disk since it was read; not overwritten"));
  CHECK(read_text(dir / "a.json") == cluster_template());
  struct stat status {};
  REQUIRE(::stat((dir / "a.json").c_str(), &status) == 0);
  CHECK((status.st_mode & 07777) == 0600);
}

TEST_CASE("an interrupted write leaves no temporary file and no changed file", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "a.json", cluster_template());
  WriteHeldAtNote held(dir);
  // a.json's fix is staged: its temporary file is there when armfix is stopped.
  REQUIRE(held.staged);
  REQUIRE(files_in(dir.path()).size() == 2);
  held.armfix.send_signal(SIGINT);
  CommandResult result = held.armfix.wait();
  CHECK(result.exit_code == 128 + SIGINT);  // it died of the signal, as without armfix's cleanup
  CHECK(files_in(dir.path()) == std::vector<std::string>{"a.json"});
  CHECK(read_text(dir / "a.json") == cluster_template());
}

TEST_CASE("an output file that cannot be written is an error", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "t.json", compliant_template());
  CommandResult result = run_armfix({"--patch", "no/such/dir/p.patch"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("armfix: error: cannot write no/such/dir/p.patch: "));
}

TEST_CASE("usage errors say what was wrong and how to get help", "[cli][e2e]") {
  TempDir dir;
  CommandResult result = run_armfix({"--dry-run", "--write"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "armfix: error: --dry-run excludes --write\nRun 'armfix --help' for usage.\n");
  CommandResult unknown = run_armfix({"--fix-everything"}, dir.path());
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("--fix-everything"));
  CHECK_THAT(unknown.err, Catch::Contains("armfix --help"));
}
