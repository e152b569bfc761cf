// End-to-end tests of Bicep files through the armfix binary: discovery, --write against the
// golden samples in samples/bicep, diffs, the JSON, SARIF and Markdown outputs, compiled
// templates beside their source or without it, and malformed Bicep refused untouched.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;
using Json = nlohmann::json;

const std::string kPair = "samples/bicep/01-source-and-compiled";
const std::string kCompiledOnly = "samples/bicep/02-compiled-without-source/azuredeploy.json";

void copy_source_file(const std::string& relative, const fs::path& root,
                      const std::string& as = "") {
  fs::path target = root / (as.empty() ? relative : as);
  fs::create_directories(target.parent_path());
  fs::copy_file(fs::path(ARMFIX_SOURCE_DIR) / relative, target);
}

std::string source_text(const std::string& relative) {
  return read_text(fs::path(ARMFIX_SOURCE_DIR) / relative);
}

void copy_bicep_samples(const fs::path& root) {
  for (const char* file : {"01-source-and-compiled/main.bicep", "01-source-and-compiled/main.json",
                           "02-compiled-without-source/azuredeploy.json"}) {
    copy_source_file("samples/bicep/" + std::string(file), root);
  }
}

}  // namespace

TEST_CASE("cli bicep: a compiled template is paired with its source under another spelling",
          "[cli][e2e][bicep]") {
  TempDir dir;
  copy_bicep_samples(dir.path());
  fs::create_directory_symlink("samples/bicep/01-source-and-compiled", dir / "alias");
  // The source is named through the link, the compiled template by its own path: one file.
  CommandResult linked = run_armfix({kPair + "/main.json", "alias/main.bicep"}, dir.path());
  CHECK(linked.exit_code == 1);
  CHECK_THAT(linked.out, Catch::Contains(kPair + "/main.json: note: compiled from "
                                                 "alias/main.bicep, which this run checks too"));
  // A path that normalizes to the source's is the same path.
  CommandResult dotted = run_armfix(
      {"./" + kPair + "/../01-source-and-compiled/main.json", kPair + "/main.bicep"}, dir.path());
  CHECK(dotted.exit_code == 1);
  CHECK_THAT(dotted.out, Catch::Contains("note: compiled from " + kPair +
                                         "/main.bicep, which this run checks too"));
}

TEST_CASE("cli bicep: --write fixes a source and its compiled template to the golden bytes",
          "[cli][e2e][bicep]") {
  TempDir dir;
  copy_bicep_samples(dir.path());
  // Every rule but LocalAccounts, manual on clusters without managed Entra ID integration, and
  // UptimeSLA and ContainerInsights, whose fixes are unsafe.
  const std::vector<std::string> fixable = {
      "--exclude-rule", "Azure.AKS.LocalAccounts",     "--exclude-rule", "Azure.AKS.UptimeSLA",
      "--exclude-rule", "Azure.AKS.ContainerInsights", "--write",        "samples"};
  CommandResult result = run_armfix(fixable, dir.path());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains(kPair + "/main.bicep:20:10: Azure.AKS.DefenderProfile: "
                                                 "Defender for Containers is not enabled"));
  CHECK_THAT(result.out, Catch::Contains(kPair + "/main.json: note: compiled from " + kPair +
                                         "/main.bicep, which this run checks too"));
  CHECK_THAT(result.out, Catch::Contains(kCompiledOnly +
                                         ": note: compiled from Bicep, and its .bicep source is "
                                         "not here: fix the source as well"));
  CHECK_THAT(result.out, Catch::EndsWith("3 resources in 3 files: 3 fixed\n"
                                         "  Azure.AKS.AutoUpgrade: 3 findings: 3 fixed\n"
                                         "  Azure.AKS.AzurePolicyAddOn: 3 findings: 3 fixed\n"
                                         "  Azure.AKS.DefenderProfile: 3 findings: 3 fixed\n"
                                         "  Azure.AKS.NodeAutoUpgrade: 3 findings: 3 fixed\n"
                                         "  Azure.AKS.PoolScaleSet: 3 findings: 3 fixed\n"
                                         "  Azure.AKS.SecretStore: 3 findings: 3 fixed\n"
                                         "  Azure.AKS.SecretStoreRotation: 3 findings: 3 fixed\n"));
  for (const std::string& file :
       std::vector<std::string>{kPair + "/main.bicep", kPair + "/main.json", kCompiledOnly}) {
    INFO(file);
    CHECK(read_text(dir / file) == source_text(file + ".fixed"));
  }
  CommandResult again = run_armfix(fixable, dir.path());
  CHECK(again.exit_code == 0);
  CHECK(again.out == "3 resources in 3 files: 3 compliant\n");
}

TEST_CASE("cli bicep: a compiled template named alone gets a note to fix its source too",
          "[cli][e2e][bicep]") {
  TempDir dir;
  copy_bicep_samples(dir.path());
  CommandResult result = run_armfix({kPair + "/main.json"}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains(kPair +
                                         "/main.json: note: compiled from Bicep: fix its "
                                         "source " +
                                         kPair +
                                         "/main.bicep as well, or the next build overwrites "
                                         "this fix\n"));
  CommandResult quiet = run_armfix({"-q", kPair + "/main.json"}, dir.path());
  CHECK_THAT(quiet.out, !Catch::Contains("note:"));
}

TEST_CASE("cli bicep: --dry-run diffs Bicep files and git apply reproduces --write",
          "[cli][e2e][bicep]") {
  TempDir previewed;
  TempDir written;
  copy_source_file("tests/golden/bicep/crlf-4-space/before.bicep", previewed.path(), "aks.bicep");
  copy_source_file("tests/golden/bicep/crlf-4-space/before.bicep", written.path(), "aks.bicep");
  CommandResult diff = run_armfix({"--dry-run", "."}, previewed.path());
  CHECK(diff.exit_code == 1);
  CHECK_THAT(diff.out, Catch::StartsWith("diff --git a/aks.bicep b/aks.bicep\n--- a/aks.bicep\n"
                                         "+++ b/aks.bicep\n@@ "));
  CHECK_THAT(diff.out, Catch::Contains("+        securityProfile: {\r\n"));
  CHECK(read_text(previewed / "aks.bicep") ==
        source_text("tests/golden/bicep/crlf-4-space/before.bicep"));
  write_text(previewed / "fix.patch", diff.out);
  CommandResult applied =
      run_command({"git", "apply", "--whitespace=nowarn", "fix.patch"}, previewed.path());
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  run_armfix({"--write", "."}, written.path());
  CHECK(read_text(previewed / "aks.bicep") == read_text(written / "aks.bicep"));
  CHECK(read_text(written / "aks.bicep") ==
        source_text("tests/golden/bicep/crlf-4-space/after.bicep"));
}

TEST_CASE("cli bicep: JSON report names the language, the pair and the notes",
          "[cli][e2e][bicep]") {
  TempDir dir;
  copy_bicep_samples(dir.path());
  CommandResult result = run_armfix({"--format", "json", "samples"}, dir.path());
  CHECK(result.exit_code == 1);
  Json report = Json::parse(result.out);
  const Json& files = report["files"];
  REQUIRE(files.size() == 3);
  CHECK(files[0]["path"] == kPair + "/main.bicep");
  CHECK(files[0]["language"] == "bicep");
  CHECK(files[0]["compiledTemplate"] == kPair + "/main.json");
  CHECK(files[0]["bicepSource"].is_null());
  CHECK(files[0]["notes"].empty());
  const Json& finding = files[0]["findings"][0];
  CHECK(finding["resource"] == "aks");
  CHECK(finding["pointer"] == "/resources/aks");
  CHECK(finding["line"] == 20);
  CHECK(finding["column"] == 10);
  CHECK(finding["strategy"] == "container-insights");
  CHECK(finding["status"] == "fixable");
  CHECK(files[1]["language"] == "json");
  CHECK(files[1]["bicepSource"] == kPair + "/main.bicep");
  REQUIRE(files[1]["notes"].size() == 1);
  CHECK(files[2]["bicepSource"].is_null());
  REQUIRE(files[2]["notes"].size() == 1);
  CHECK_THAT(files[2]["notes"][0].get<std::string>(),
             Catch::StartsWith("compiled from Bicep, and its .bicep source is not here"));
  CHECK(report["totals"]["resources"] == 3);
}

TEST_CASE("cli bicep: SARIF gives each cluster's fix its own edits, against the original",
          "[cli][e2e][bicep]") {
  TempDir reported;
  TempDir written;
  for (const auto* root : {&reported, &written}) {
    copy_source_file("tests/golden/bicep/loop-with-condition/before.bicep", root->path(),
                     "loop.bicep");
    copy_source_file("tests/golden/bicep/legacy-azure-defender/before.bicep", root->path(),
                     "legacy.bicep");
  }
  CommandResult sarif = run_armfix({"--format", "sarif", "--unsafe-fixes", "."}, reported.path());
  CHECK(sarif.exit_code == 1);
  Json report = Json::parse(sarif.out);
  const Json& results = report["runs"][0]["results"];
  REQUIRE(results.size() == 3);
  for (const auto& result : results) {
    INFO(result.dump());
    REQUIRE(result.contains("fixes"));
    CHECK(result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 10);
  }
  // The loop's two clusters: each fix holds only the edits inside its own declaration.
  CHECK(results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
               ["startLine"] == 22);
  CHECK(results[2]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
               ["startLine"] == 30);
  run_armfix({"--write", "--unsafe-fixes", "."}, written.path());
  auto fixed = apply_sarif_fixes(report, reported.path());
  REQUIRE(fixed.size() == 2);
  for (const auto& [uri, text] : fixed) {
    INFO(uri);
    CHECK(text == read_text(written / uri));
  }
}

TEST_CASE("cli bicep: the summary says which compiled templates are fixed with their source",
          "[cli][e2e][bicep]") {
  TempDir dir;
  copy_bicep_samples(dir.path());
  CommandResult result =
      run_armfix({"--patch", "fixes.patch", "--summary", "pr.md", "samples"}, dir.path());
  CHECK(result.exit_code == 1);
  std::string summary = read_text(dir / "pr.md");
  CHECK_THAT(summary, Catch::Contains("| `" + kPair +
                                      "/main.bicep:20` | `aks` | fixed by the "
                                      "patch | "));
  CHECK_THAT(summary, Catch::Contains("### Compiled from Bicep\n"));
  CHECK_THAT(summary, Catch::Contains("- `" + kPair + "/main.json`: compiled from " + kPair +
                                      "/main.bicep, which this run checks too: the fix goes "
                                      "into both"));
  CHECK_THAT(summary, Catch::Contains("- `" + kCompiledOnly +
                                      "`: compiled from Bicep, and its .bicep source is not "
                                      "here"));
  CHECK_THAT(read_text(dir / "fixes.patch"),
             Catch::Contains("diff --git a/" + kPair + "/main.bicep b/" + kPair + "/main.bicep\n"));
}

TEST_CASE("cli bicep: malformed Bicep is an error at its line and column, left untouched",
          "[cli][e2e][bicep]") {
  TempDir dir;
  const std::string broken =
      "param clusterName string\n"
      "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n"
      "  name: clusterName\n"
      "  properties: {\n"
      "    dnsPrefix: 'x\n"
      "  }\n"
      "}\n";
  write_text(dir / "broken.bicep", broken);
  write_text(dir / "good.bicep", source_text("tests/golden/bicep/new-parameter/before.bicep"));
  CommandResult result = run_armfix({"--write", "."}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out,
             Catch::Contains("broken.bicep:5:16: error: unterminated string: a '...' string must "
                             "close on its line\n"));
  CHECK(read_text(dir / "broken.bicep") == broken);
  CHECK(read_text(dir / "good.bicep") ==
        source_text("tests/golden/bicep/new-parameter/after.bicep"));
}

TEST_CASE("cli bicep: the corpus's invalid compiler input is refused and left untouched",
          "[cli][e2e][bicep][corpus]") {
  TempDir dir;
  const fs::path invalid = fs::path(ARMFIX_SHARED_DIR) / "corpus-bicep/azure-bicep" /
                           "src__Bicep.Core.Samples__Files__baselines__InvalidResources_CRLF__"
                           "main.bicep";
  fs::copy_file(invalid, dir / "invalid.bicep");
  CommandResult result = run_armfix({"--write", "--unsafe-fixes", "invalid.bicep"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out, Catch::StartsWith("invalid.bicep:3:1: error: expected a declaration"));
  CHECK(read_text(dir / "invalid.bicep") == read_text(invalid));
}

TEST_CASE("cli bicep: a compiled template whose source keeps an unsafe finding says so",
          "[cli][e2e][bicep]") {
  TempDir dir;
  copy_source_file("tests/golden/bicep/old-api-version/before.bicep", dir.path(), "main.bicep");
  copy_source_file(kPair + "/main.json", dir.path(), "main.json");
  // Every rule, as samples/ holds the compiled template fixed by every rule.
  CommandResult result = run_armfix({kEveryRule, "--write", "."}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("main.bicep:5:10: Azure.AKS.DefenderProfile: "));
  CHECK_THAT(result.out, Catch::Contains("[unsafe]\n"));
  CHECK_THAT(result.out, Catch::Contains("main.json: note: compiled from main.bicep, which this "
                                         "run checks too but does not fully fix: fix the source "
                                         "as its findings say, or the next build overwrites this "
                                         "fix\n"));
  // The safe fix of Azure.AKS.AzurePolicyAddOn is written; the unsafe apiVersion raise is not.
  const std::string source = read_text(dir / "main.bicep");
  CHECK(source != source_text("tests/golden/bicep/old-api-version/before.bicep"));
  CHECK_THAT(source, Catch::Contains("managedClusters@2021-03-01'"));
  CHECK_THAT(source, Catch::Contains("azurepolicy: {"));
  CHECK(read_text(dir / "main.json") == source_text(kPair + "/main.json.fixed"));
}
