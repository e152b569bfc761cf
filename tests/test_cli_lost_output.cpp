// End-to-end tests of output that cannot be written: standard output or error on a full
// device, a pipe whose reader has gone, a closed descriptor. Lost output is an error (exit 2)
// named on stderr when stderr still works, and --write's files are committed all the same.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;

const std::string kFullStdout =
    "armfix: error: cannot write to standard output: No space left on device\n";
const std::string kClosedStdout =
    "armfix: error: cannot write to standard output: Bad file descriptor\n";

// A copy of samples/ with a parameter file that --workspace-id-for names but no fix needs: its
// note is printed while --write's fixed files are staged and not yet committed.
struct Repository {
  TempDir dir;
  Repository() {
    copy_samples(dir / "samples");
    write_text(dir / "samples/unused.parameters.json", parameter_file());
  }
};

const std::vector<std::string> kWriteWithNote{"--write", "--workspace-id-for",
                                              "samples/unused.parameters.json=/subscriptions/0/law",
                                              "samples"};

// Every file under `root` with its text, for comparing two copies.
std::vector<std::pair<std::string, std::string>> contents(const fs::path& root) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& name : files_in(root))
    files.emplace_back(name, read_text(root / name));
  return files;
}

// The tree a run with working streams leaves: what a run whose output is lost must leave too.
std::vector<std::pair<std::string, std::string>> written_normally(
    const std::vector<std::string>& args) {
  Repository reference;
  CommandResult result = run_armfix(args, reference.dir.path());
  REQUIRE(result.exit_code == 1);
  return contents(reference.dir / "samples");
}

}  // namespace

TEST_CASE("lost output: a full standard output is an error, exit 2", "[cli][e2e][lost-output]") {
  for (const std::vector<std::string>& mode :
       {std::vector<std::string>{}, {"--dry-run"}, {"--patch", "-"}, {"--format", "json"}}) {
    Repository repository;
    const auto before = contents(repository.dir / "samples");
    std::vector<std::string> args = mode;
    args.push_back("samples");
    INFO(args.front());
    CommandResult result =
        run_armfix(args, repository.dir.path(), {StreamSetup::Full, StreamSetup::Captured});
    CHECK(result.exit_code == 2);
    // With a diff on stdout, the report goes to stderr first; the error comes last.
    CHECK_THAT(result.err, Catch::EndsWith(kFullStdout));
    if (mode.empty()) CHECK(result.err == kFullStdout);
    CHECK(contents(repository.dir / "samples") == before);
  }
}

TEST_CASE("lost output: --write with a full standard output commits its fixes, then exits 2",
          "[cli][e2e][lost-output]") {
  Repository repository;
  CommandResult result =
      run_armfix(kWriteWithNote, repository.dir.path(), {StreamSetup::Full, StreamSetup::Captured});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::EndsWith(kFullStdout));
  CHECK(contents(repository.dir / "samples") == written_normally(kWriteWithNote));
}

TEST_CASE("lost output: --help, --version and --list-rules on a full device exit 2",
          "[cli][e2e][lost-output]") {
  TempDir dir;
  for (const char* option : {"--help", "--version", "--list-rules"}) {
    INFO(option);
    CommandResult result =
        run_armfix({option}, dir.path(), {StreamSetup::Full, StreamSetup::Captured});
    CHECK(result.exit_code == 2);
    CHECK(result.err == kFullStdout);
  }
}

TEST_CASE("lost output: a closed pipe does not kill --write, whose fixes are committed, exit 2",
          "[cli][e2e][lost-output]") {
  // `armfix --write . 2>&1 | head -0`: both streams go to a pipe nobody reads.
  Repository repository;
  CommandResult result = run_armfix(kWriteWithNote, repository.dir.path(),
                                    {StreamSetup::BrokenPipe, StreamSetup::BrokenPipe});
  CHECK(result.exit_code == 2);
  const auto after = contents(repository.dir / "samples");
  CHECK(after == written_normally(kWriteWithNote));
  for (const auto& file : after)
    CHECK_THAT(file.first, !Catch::Contains(".armfix-"));
}

TEST_CASE("lost output: a closed pipe on standard output alone is named on stderr",
          "[cli][e2e][lost-output]") {
  Repository repository;
  CommandResult result = run_armfix({"--dry-run", "samples"}, repository.dir.path(),
                                    {StreamSetup::BrokenPipe, StreamSetup::Captured});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err,
             Catch::EndsWith("armfix: error: cannot write to standard output: Broken pipe\n"));
}

TEST_CASE("lost output: a closed standard output is an error, exit 2", "[cli][e2e][lost-output]") {
  Repository repository;
  CommandResult result =
      run_armfix({"samples"}, repository.dir.path(), {StreamSetup::Closed, StreamSetup::Captured});
  CHECK(result.exit_code == 2);
  CHECK(result.err == kClosedStdout);
}

TEST_CASE("lost output: with stderr closed, --write's notes never reach a fixed file",
          "[cli][e2e][lost-output]") {
  // A closed descriptor 2 would otherwise be taken by the next file armfix opens, and the note
  // meant for stderr written into that file.
  Repository repository;
  CommandResult result = run_armfix(kWriteWithNote, repository.dir.path(),
                                    {StreamSetup::Captured, StreamSetup::Closed});
  CHECK(result.exit_code == 2);
  CHECK(contents(repository.dir / "samples") == written_normally(kWriteWithNote));
}

TEST_CASE("lost output: a closed stream nothing is written to loses nothing",
          "[cli][e2e][lost-output]") {
  Repository repository;
  CommandResult result =
      run_armfix({"samples"}, repository.dir.path(), {StreamSetup::Captured, StreamSetup::Closed});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::EndsWith("2 compliant\n"));
}
