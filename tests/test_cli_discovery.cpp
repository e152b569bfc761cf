// End-to-end tests of what a run looks at: parameter files and other JSON, explicit files,
// pruned directories, --exclude, -v, paths relative to the current directory, and what is not
// a regular file or cannot be examined.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;

}  // namespace

TEST_CASE("parameter files and other JSON are skipped silently when walked", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "infra/azuredeploy.json", compliant_template());
  write_text(dir / "infra/azuredeploy.parameters.json", parameter_file());
  write_text(dir / "infra/policy.json", R"({"properties": {"policyRule": {"if": {}}}})");
  write_text(dir / "infra/package.json", R"({"name": "x"})");
  CommandResult result = run_armfix({}, dir.path());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == "1 resource in 1 file: 1 compliant\n");
}

TEST_CASE("a file named explicitly that is not a template gets a one-line note", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "azuredeploy.parameters.json", parameter_file());
  write_text(dir / "package.json", R"({"name": "x"})");
  write_text(dir / "notes.txt", "Microsoft.ContainerService/managedClusters");
  CommandResult result =
      run_armfix({"azuredeploy.parameters.json", "package.json", "notes.txt"}, dir.path());
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "azuredeploy.parameters.json: note: skipped: not an ARM deployment template\n"
        "package.json: note: skipped: not an ARM deployment template\n"
        "notes.txt: note: skipped: not a .json, .jsonc or .bicep file\n");
}

TEST_CASE("templates under .git and node_modules are never looked at", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / ".git/t.json", cluster_template());
  write_text(dir / "site/node_modules/pkg/t.json", cluster_template());
  write_text(dir / "infra/t.json", cluster_template());
  CommandResult result = run_armfix({"--dry-run"}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::StartsWith("diff --git a/infra/t.json b/infra/t.json\n"));
  CHECK_THAT(result.out, !Catch::Contains("node_modules"));
  CHECK_THAT(result.out, !Catch::Contains(".git/"));
}

TEST_CASE("cli: --exclude skips matching files and directories", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "infra/t.json", cluster_template());
  write_text(dir / "infra/generated/t.json", cluster_template());
  write_text(dir / "test/t.test.json", cluster_template());
  CommandResult result =
      run_armfix({"--exclude", "generated", "--exclude", "*.test.json"}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::StartsWith("infra/t.json:10:5: "));
  CHECK_THAT(result.out, Catch::EndsWith("1 resource in 1 file: 1 fixable\n"));
}

TEST_CASE("cli: -v lists what was skipped and why", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "a/t.json", cluster_template());
  write_text(dir / "a/params.json", parameter_file());
  write_text(dir / "a/readme.md", "");
  write_text(dir / "a/other.json", "{}");
  write_text(dir / "b/skip.json", cluster_template());
  write_text(dir / "node_modules/x.json", "{}");
  CommandResult result = run_armfix({"-v", "--exclude", "b"}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK(result.err ==
        "a/other.json: note: skipped: no managedClusters resource (not parsed)\n"
        "a/params.json: note: skipped: not an ARM deployment template\n"
        "a/readme.md: note: skipped: not a .json, .jsonc or .bicep file\n"
        "b: note: skipped: matches --exclude 'b'\n"
        "node_modules: note: skipped: dependency directory\n");
}

TEST_CASE("paths are reported relative to the current directory", "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "repo/infra/t.json", cluster_template());
  CommandResult from_root = run_armfix({(dir / "repo/infra").string()}, dir / "repo");
  CHECK_THAT(from_root.out, Catch::StartsWith("infra/t.json:10:5: "));
  CommandResult from_inside = run_armfix({"../infra/"}, dir / "repo/infra");
  CHECK_THAT(from_inside.out, Catch::StartsWith("t.json:10:5: "));
  fs::create_directories(dir / "elsewhere");
  CommandResult from_outside = run_armfix({"../repo/infra"}, dir / "elsewhere");
  CHECK_THAT(from_outside.out, Catch::StartsWith("../repo/infra/t.json:10:5: "));
}

// Each of these once hung or ate memory without bound: a run that outlives this is killed.
constexpr std::chrono::seconds kHangLimit{30};

TEST_CASE("a FIFO, device or socket named on the command line is an error, and never read",
          "[cli][e2e]") {
  TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", dir / "zero.json");
  fs::create_symlink("/dev/null", dir / "null.bicep");
  const UnixSocket socket(dir / "socket.json");
  REQUIRE(socket.bound());
  write_text(dir / "t.json", cluster_template());
  CommandResult result = run_armfix_within(
      kHangLimit, {"pipe.json", "zero.json", "null.bicep", "socket.json", "t.json"}, dir.path());
  REQUIRE_FALSE(result.timed_out);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out,
             Catch::StartsWith("pipe.json:1:1: error: not a regular file (a FIFO); not read\n"
                               "zero.json:1:1: error: not a regular file (a character device); "
                               "not read\n"
                               "null.bicep:1:1: error: not a regular file (a character device); "
                               "not read\n"
                               "socket.json:1:1: error: not a regular file (a socket); not read\n"
                               "t.json:10:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::EndsWith("1 resource in 1 file: 1 fixable; 4 errors\n"));
}

TEST_CASE("walked FIFOs and devices and links to them are skipped, with the reason under -v",
          "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "infra/t.json", cluster_template());
  REQUIRE(::mkfifo((dir / "infra/pipe.json").c_str(), 0600) == 0);
  fs::create_symlink("pipe.json", dir / "infra/to-pipe.json");
  fs::create_symlink("/dev/zero", dir / "infra/zero.json");
  CommandResult quiet = run_armfix_within(kHangLimit, {"infra"}, dir.path());
  REQUIRE_FALSE(quiet.timed_out);
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.err.empty());
  CHECK_THAT(quiet.out, Catch::EndsWith("1 resource in 1 file: 1 fixable\n"));
  CommandResult verbose = run_armfix_within(kHangLimit, {"-v", "infra"}, dir.path());
  REQUIRE_FALSE(verbose.timed_out);
  CHECK(verbose.exit_code == 1);
  CHECK(verbose.err ==
        "infra/pipe.json: note: skipped: not a regular file (a FIFO)\n"
        "infra/to-pipe.json: note: skipped: not a regular file (a symbolic link to a FIFO)\n"
        "infra/zero.json: note: skipped: not a regular file (a symbolic link to a character "
        "device)\n");
}

TEST_CASE("what the walk cannot examine or read is an error, never skipped in silence",
          "[cli][e2e]") {
  // Permissions bind root only through its dropped privileges: as root, armfix runs as nobody.
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  write_text(dir / "listed-only/t.json", cluster_template());
  write_text(dir / "open/secret.json", cluster_template());
  write_text(dir / "open/t.json", cluster_template());
  fs::permissions(dir / "listed-only", fs::perms(0644));  // names readable, entries not
  fs::permissions(dir / "open/secret.json", fs::perms::none);
  std::vector<std::string> argv = armfix_argv({"."});
  if (::geteuid() == 0) {
    argv.insert(argv.begin(),
                {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"});
  }
  CommandResult result = run_command(argv, dir.path());
  CHECK(result.exit_code == 2);
  CHECK(result.err.empty());
  // The walk takes an entry's type from its directory's listing, so the file in the directory
  // whose entries cannot be looked at fails when it is read.
  CHECK_THAT(result.out,
             Catch::StartsWith("listed-only/t.json:1:1: error: cannot read: Permission denied\n"
                               "open/secret.json:1:1: error: cannot read: Permission denied\n"
                               "open/t.json:10:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::EndsWith("1 resource in 1 file: 1 fixable; 2 errors\n"));
}
