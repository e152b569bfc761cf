// End-to-end tests of the four modes on temporary copies of samples/: what each prints and
// writes, every exit code, and that the --dry-run diff and the --patch file, applied by git,
// reproduce --write byte for byte.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;

const std::string kSafeSample = "samples/11-new-parameter/azuredeploy.json";
const std::string kUnsafeSample = "samples/07-old-api-version/azuredeploy.json";
const std::string kManualSample = "samples/08-api-version-expression/azuredeploy.json";
const std::string kCompliantSample = "samples/14-compliant/azuredeploy.json";
const std::string kCrlfSample = "samples/16-crlf-comments-tabs/azuredeploy.json";

std::map<std::string, std::string> contents_of(const fs::path& root) {
  std::map<std::string, std::string> contents;
  for (const auto& file : files_in(root))
    contents[file] = read_text(root / file);
  return contents;
}

void git_apply(const fs::path& patch, const fs::path& cwd) {
  CommandResult applied = run_command({"git", "apply", "--whitespace=nowarn", patch.string()}, cwd);
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
}

struct Fixture {
  TempDir dir;
  explicit Fixture(const std::vector<std::string>& files = {}) {
    if (files.empty()) {
      copy_samples(dir / "samples");
      return;
    }
    for (const auto& file : files) {
      fs::create_directories((dir / file).parent_path());
      fs::copy_file(fs::path(ARMFIX_SOURCE_DIR) / file, dir / file);
    }
  }
  CommandResult armfix(const std::vector<std::string>& args) const {
    return run_armfix(args, dir.path());
  }
};

std::string expected_after_write(const std::string& sample, bool unsafe = false) {
  fs::path source = fs::path(ARMFIX_SOURCE_DIR) / sample;
  fs::path unsafe_result = source.string() + ".fixed-unsafe";
  if (unsafe && fs::exists(unsafe_result)) return read_text(unsafe_result);
  return read_text(source.string() + ".fixed");
}

std::string last_line(const std::string& text) {
  std::size_t end = text.size() - (text.empty() || text.back() != '\n' ? 0 : 1);
  std::size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1));
}

}  // namespace

TEST_CASE("report mode lists each finding with its status and writes nothing", "[cli][e2e]") {
  Fixture fixture;
  auto before = contents_of(fixture.dir.path());
  CommandResult result = fixture.armfix({"samples"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains(kSafeSample + ":17:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::Contains("[fixable]\n"));
  CHECK_THAT(result.out, Catch::Contains("(unsafe: raises apiVersion 2021-03-01 to 2022-06-01"));
  CHECK_THAT(result.out, Catch::Contains("[unsafe]\n"));
  CHECK_THAT(result.out, Catch::Contains(kManualSample + ":16:5: "));
  CHECK_THAT(result.out, Catch::Contains("[manual]\n"));
  CHECK_THAT(result.out, !Catch::Contains(kCompliantSample));
  CHECK_THAT(last_line(result.out),
             Catch::Matches("[0-9]+ resources in [0-9]+ files: [0-9]+ fixable, "
                            "[0-9]+ need --unsafe-fixes, 1 needs a manual fix, [0-9]+ compliant"));
  CHECK(result.err.empty());
  CHECK(contents_of(fixture.dir.path()) == before);
}

TEST_CASE("report mode on clean templates exits 0", "[cli][e2e]") {
  Fixture fixture({kCompliantSample});
  CommandResult result = fixture.armfix({});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "1 resource in 1 file: 1 compliant\n");
}

TEST_CASE("cli: --dry-run prints the diff on stdout, the report on stderr, writes nothing",
          "[cli][e2e]") {
  Fixture fixture({kSafeSample});
  CommandResult result = fixture.armfix({"--dry-run"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out,
             Catch::StartsWith("diff --git a/" + kSafeSample + " b/" + kSafeSample + "\n--- a/" +
                               kSafeSample + "\n+++ b/" + kSafeSample + "\n@@ "));
  CHECK_THAT(result.err, Catch::Contains(kSafeSample + ":17:5: Azure.AKS.DefenderProfile:"));
  CHECK_THAT(result.err, Catch::EndsWith("1 resource in 1 file: 1 fixable\n"));
  CHECK(read_text(fixture.dir / kSafeSample) ==
        read_text(fs::path(ARMFIX_SOURCE_DIR) / kSafeSample));
}

TEST_CASE("git apply of the --dry-run output reproduces --write byte for byte", "[cli][e2e]") {
  Fixture previewed;
  Fixture written;
  CommandResult diff = previewed.armfix({kEveryRule, "--dry-run", "samples"});
  REQUIRE(diff.exit_code == 1);
  write_text(previewed.dir / "../armfix-dry-run.patch", diff.out);
  CHECK(written.armfix({kEveryRule, "--write", "samples"}).exit_code ==
        1);  // unsafe and manual remain
  git_apply(previewed.dir / "../armfix-dry-run.patch", previewed.dir.path());
  fs::remove(previewed.dir / "../armfix-dry-run.patch");
  CHECK(contents_of(previewed.dir.path()) == contents_of(written.dir.path()));
  CHECK(read_text(written.dir / kCrlfSample) == expected_after_write(kCrlfSample));
}

TEST_CASE("git apply of the --patch file reproduces --write --unsafe-fixes byte for byte",
          "[cli][e2e]") {
  Fixture patched;
  Fixture written;
  auto before = contents_of(patched.dir.path());
  CommandResult result =
      patched.armfix({kEveryRule, "--patch", "../fixes.patch", "--unsafe-fixes", "samples"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("[fixable]"));  // the report stays on stdout
  CHECK_THAT(result.out, !Catch::Contains("diff --git"));
  CHECK(contents_of(patched.dir.path()) == before);  // nothing but the patch is written

  CHECK(written.armfix({kEveryRule, "--write", "--unsafe-fixes", "samples"}).exit_code ==
        1);  // manual
  git_apply(patched.dir / "../fixes.patch", patched.dir.path());
  fs::remove(patched.dir / "../fixes.patch");
  CHECK(contents_of(patched.dir.path()) == contents_of(written.dir.path()));
  CHECK(read_text(written.dir / kUnsafeSample) == expected_after_write(kUnsafeSample, true));
}

TEST_CASE("cli: --patch - puts only the patch on stdout", "[cli][e2e]") {
  Fixture fixture;
  CommandResult patch = fixture.armfix({"--patch", "-", "samples"});
  CommandResult dry_run = fixture.armfix({"--dry-run", "samples"});
  CHECK(patch.exit_code == 1);
  CHECK_THAT(patch.out, Catch::StartsWith("diff --git "));
  CHECK(patch.out == dry_run.out);
  CHECK_THAT(patch.err, Catch::Contains("[fixable]"));
  CHECK_THAT(patch.err, Catch::Contains("resources in"));
}

TEST_CASE("cli: --patch with nothing to fix writes an empty patch and exits 0", "[cli][e2e]") {
  Fixture fixture({kCompliantSample});
  CHECK(fixture.armfix({"--patch", "out.patch", "samples"}).exit_code == 0);
  CHECK(fs::exists(fixture.dir / "out.patch"));
  CHECK(read_text(fixture.dir / "out.patch").empty());
}

TEST_CASE("cli: --write fixes in place and exits 0 when every finding is fixed", "[cli][e2e]") {
  Fixture fixture({kSafeSample, kCrlfSample, kCompliantSample});
  // Every rule but UseRBAC, UptimeSLA and ContainerInsights, whose fixes of the samples are
  // unsafe, and LocalAccounts, manual on clusters without managed Entra ID integration.
  const std::vector<std::string> fixable = {
      "--exclude-rule", "Azure.AKS.UseRBAC",           "--exclude-rule", "Azure.AKS.UptimeSLA",
      "--exclude-rule", "Azure.AKS.ContainerInsights", "--exclude-rule", "Azure.AKS.LocalAccounts"};
  std::vector<std::string> args = fixable;
  args.emplace_back("-w");
  CommandResult result = fixture.armfix(args);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains(kSafeSample + ":17:5: Azure.AKS.DefenderProfile:"));
  CHECK_THAT(result.out, Catch::Contains("[fixed]\n"));
  CHECK_THAT(result.out, Catch::EndsWith("3 resources in 3 files: 2 fixed, 1 compliant\n"
                                         "  Azure.AKS.AutoUpgrade: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.AzurePolicyAddOn: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.DefenderProfile: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.ManagedIdentity: 1 finding: 1 fixed\n"
                                         "  Azure.AKS.NodeAutoUpgrade: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.PoolScaleSet: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.SecretStore: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.SecretStoreRotation: 2 findings: 2 fixed\n"
                                         "  Azure.AKS.StandardLB: 2 findings: 2 fixed\n"));
  CHECK(read_text(fixture.dir / kSafeSample) == expected_after_write(kSafeSample));
  CHECK(read_text(fixture.dir / kCrlfSample) == expected_after_write(kCrlfSample));

  args.back() = "--write";
  CommandResult again = fixture.armfix(args);
  CHECK(again.exit_code == 0);
  CHECK(again.out == "3 resources in 3 files: 3 compliant\n");
}

TEST_CASE("cli: --write exits 1 while unsafe or manual findings remain", "[cli][e2e]") {
  Fixture fixture({kUnsafeSample, kManualSample});
  CommandResult result = fixture.armfix({"--write"});  // Defender alone: nothing it can fix
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::EndsWith("2 resources in 2 files: 1 needs --unsafe-fixes, "
                                         "1 needs a manual fix\n"));
  CHECK(read_text(fixture.dir / kUnsafeSample) ==
        read_text(fs::path(ARMFIX_SOURCE_DIR) / kUnsafeSample));
  // Every rule but LocalAccounts, manual on a cluster without managed Entra ID integration.
  CommandResult unsafe = fixture.armfix(
      {"--exclude-rule", "Azure.AKS.LocalAccounts", "--write", "--unsafe-fixes", kUnsafeSample});
  CHECK(unsafe.exit_code == 0);
  CHECK(read_text(fixture.dir / kUnsafeSample) == expected_after_write(kUnsafeSample, true));
}

TEST_CASE("cli: --write never rewrites unchanged files, keeps modes, leaves no temporary files",
          "[cli][e2e]") {
  Fixture fixture({kSafeSample, kManualSample, kCompliantSample});
  REQUIRE(::chmod((fixture.dir / kSafeSample).c_str(), 0600) == 0);
  auto files_before = files_in(fixture.dir.path());
  struct stat manual_before {
  }, compliant_before{};
  REQUIRE(::stat((fixture.dir / kManualSample).c_str(), &manual_before) == 0);
  REQUIRE(::stat((fixture.dir / kCompliantSample).c_str(), &compliant_before) == 0);

  fixture.armfix({"--write"});
  struct stat fixed {
  }, manual_after{}, compliant_after{};
  REQUIRE(::stat((fixture.dir / kSafeSample).c_str(), &fixed) == 0);
  REQUIRE(::stat((fixture.dir / kManualSample).c_str(), &manual_after) == 0);
  REQUIRE(::stat((fixture.dir / kCompliantSample).c_str(), &compliant_after) == 0);
  CHECK((fixed.st_mode & 07777) == 0600);
  CHECK(manual_after.st_ino == manual_before.st_ino);
  CHECK(manual_after.st_mtim.tv_nsec == manual_before.st_mtim.tv_nsec);
  CHECK(compliant_after.st_ino == compliant_before.st_ino);
  CHECK(files_in(fixture.dir.path()) == files_before);
}

TEST_CASE("exit codes for every mode: 0 clean, 1 findings remain, 2 error", "[cli][e2e]") {
  struct Case {
    std::vector<std::string> mode;
    std::string folder;
    int exit_code;
  };
  const std::vector<Case> cases = {
      {{}, "clean", 0},
      {{}, "safe", 1},
      {{}, "error", 2},
      {{"--dry-run"}, "clean", 0},
      {{"--dry-run"}, "safe", 1},
      {{"--dry-run"}, "error", 2},
      {{"--patch", "p.patch"}, "clean", 0},
      {{"--patch", "p.patch"}, "safe", 1},
      {{"--patch", "p.patch"}, "error", 2},
      {{"--write"}, "clean", 0},
      {{"--write"}, "safe", 0},  // every finding fixed
      {{"--write"}, "unsafe", 1},
      {{"--write"}, "error", 2},
  };
  for (const auto& test : cases) {
    TempDir dir;
    write_text(dir / "clean/t.json", compliant_template());
    write_text(dir / "safe/t.json", cluster_template());
    write_text(dir / "unsafe/t.json", cluster_template("aks", "2021-03-01"));
    write_text(dir / "error/t.json", cluster_template());
    write_text(dir / "error/bad.json", "{ \"resources\": [ managedClusters ] }");
    std::vector<std::string> args = test.mode;
    args.push_back(test.folder);
    INFO("armfix " << (test.mode.empty() ? "" : test.mode[0]) << " " << test.folder);
    CHECK(run_armfix(args, dir.path()).exit_code == test.exit_code);
  }
}

TEST_CASE("workspace options change how the workspace is wired", "[cli][e2e]") {
  Fixture fixture({kSafeSample});
  CommandResult with_id = fixture.armfix(
      {"--dry-run", "--workspace-id", "/subscriptions/0/workspaces/law", kSafeSample});
  CHECK_THAT(with_id.out, Catch::Contains("\"defaultValue\": \"/subscriptions/0/workspaces/law\""));
  CommandResult named = fixture.armfix({"--dry-run", "--workspace-param", "lawId", kSafeSample});
  CHECK_THAT(named.out, Catch::Contains("[parameters('lawId')]"));
  CommandResult none = fixture.armfix({"--dry-run", "--no-workspace", kSafeSample});
  CHECK_THAT(none.out, Catch::Contains("securityMonitoring"));
  CHECK_THAT(none.out, !Catch::Contains("logAnalyticsWorkspaceResourceId"));
}

TEST_CASE("cli: --rule by ref, --list-rules and --version", "[cli][e2e]") {
  Fixture fixture({kSafeSample});
  CHECK(fixture.armfix({"--rule", "AZR-000370"}).exit_code == 1);
  CommandResult list = fixture.armfix({"--list-rules"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::StartsWith("Azure.AKS.DefenderProfile (AZR-000370)\n"));
  CHECK_THAT(list.out, Catch::Contains("docs:   https://"));
  CHECK_THAT(list.out, Catch::Contains("safety: "));
  CommandResult version = fixture.armfix({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == std::string("armfix ") + ARMFIX_VERSION + "\n");
}

TEST_CASE("output is the same whatever the number of jobs", "[cli][e2e]") {
  Fixture fixture;
  CommandResult one = fixture.armfix({"--dry-run", "--jobs", "1", "samples"});
  CommandResult many = fixture.armfix({"--dry-run", "--jobs", "7", "samples"});
  CHECK(one.exit_code == many.exit_code);
  CHECK(one.out == many.out);
  CHECK(one.err == many.err);
}

TEST_CASE("cli: --output sends the report to a file", "[cli][e2e]") {
  Fixture fixture({kSafeSample});
  CommandResult result = fixture.armfix({"--output", "report.txt", "samples"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK_THAT(read_text(fixture.dir / "report.txt"),
             Catch::EndsWith("1 resource in 1 file: 1 fixable\n"));
}

TEST_CASE("colour only when asked for or on a terminal", "[cli][e2e]") {
  Fixture fixture({kSafeSample});
  CommandResult plain = fixture.armfix({"--dry-run"});
  CHECK_THAT(plain.out + plain.err, !Catch::Contains("\033["));
  CommandResult colored = fixture.armfix({"--dry-run", "--color", "always"});
  CHECK_THAT(colored.out, Catch::Contains("\033[32m+"));
  CHECK_THAT(colored.err, Catch::Contains("\033[36m[fixable]\033[0m"));
}

TEST_CASE("cli: -q prints only what needs attention", "[cli][e2e]") {
  Fixture fixture({kSafeSample, kUnsafeSample});
  CommandResult result = fixture.armfix({"--write", "-q"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::StartsWith(kUnsafeSample + ":17:5: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::EndsWith("[unsafe]\n"));
  CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 1);
  CHECK(result.err.empty());
}
