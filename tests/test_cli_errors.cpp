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

// Opens a FIFO for writing once a reader has opened it, without blocking forever.
int open_fifo_for_writing(const fs::path& fifo) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) {
      ::fcntl(fd, F_SETFL, 0);
      return fd;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
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
  CHECK_THAT(result.out, Catch::EndsWith("2 clusters in 2 files: 2 fixed; 1 error\n"));
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

// `armfix --write --jobs 1 a.json b.json` in `dir`, where b.json is a FIFO: armfix checks a.json
// and stages its fix, then waits, reading b.json, until the test writes to `fifo` or stops it.
struct WriteHeldAtFifo {
  explicit WriteHeldAtFifo(const TempDir& dir)
      : fifo_made(::mkfifo((dir / "b.json").c_str(), 0600) == 0),
        armfix(armfix_argv({"--write", "--jobs", "1", "a.json", "b.json"}), dir.path()),
        fifo(open_fifo_for_writing(dir / "b.json")) {}
  ~WriteHeldAtFifo() { close_fifo(); }
  WriteHeldAtFifo(const WriteHeldAtFifo&) = delete;
  WriteHeldAtFifo& operator=(const WriteHeldAtFifo&) = delete;

  void close_fifo() {
    if (fifo >= 0) ::close(fifo);
    fifo = -1;
  }

  bool fifo_made;
  RunningCommand armfix;
  int fifo;  // -1 when armfix did not open the FIFO in time
};

TEST_CASE("a file changed on disk during the run is not overwritten", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "a.json", cluster_template());
  WriteHeldAtFifo held(dir);
  REQUIRE(held.fifo_made);
  REQUIRE(held.fifo >= 0);
  const std::string edited = cluster_template("edited-meanwhile");
  write_text(dir / "a.json", edited);
  REQUIRE(::write(held.fifo, "{}", 2) == 2);
  held.close_fifo();
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
  WriteHeldAtFifo held(dir);
  REQUIRE(held.fifo_made);
  REQUIRE(held.fifo >= 0);
  // Same bytes, new mode: the staged file, made with the old mode, must not bring it back.
  until_change_time_moves(dir / "a.json", [&] {
    REQUIRE(::chmod((dir / "a.json").c_str(), 0604) == 0);
    REQUIRE(::chmod((dir / "a.json").c_str(), 0600) == 0);
  });
  REQUIRE(::write(held.fifo, "{}", 2) == 2);
  held.close_fifo();
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
  WriteHeldAtFifo held(dir);
  REQUIRE(held.fifo_made);
  REQUIRE(held.fifo >= 0);
  // a.json's fix is staged: its temporary file is there when armfix is stopped.
  const auto files = files_in(dir.path());
  REQUIRE(files.size() == 3);
  CHECK(files[0].rfind(".a.json.armfix-", 0) == 0);
  held.armfix.send_signal(SIGINT);
  CommandResult result = held.armfix.wait();
  held.close_fifo();
  CHECK(result.exit_code == 128 + SIGINT);  // it died of the signal, as without armfix's cleanup
  CHECK(files_in(dir.path()) == std::vector<std::string>{"a.json", "b.json"});
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
