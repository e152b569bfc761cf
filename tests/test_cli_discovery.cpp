// End-to-end tests of what a run looks at: parameter files and other JSON, explicit files,
// pruned directories, --exclude, -v, and paths relative to the current directory.
#include <catch2/catch.hpp>

#include <string>

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
  CHECK(result.out == "1 cluster in 1 file: 1 compliant\n");
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
  CHECK_THAT(result.out, Catch::EndsWith("1 cluster in 1 file: 1 fixable\n"));
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
