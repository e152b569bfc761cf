// End-to-end tests of the machine-readable outputs on copies of samples/: the JSON report and
// SARIF checked field by field (SARIF fixes applied to the original give --write's result),
// and the Markdown summary for a pull-request body.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;
using Json = nlohmann::json;

const std::string kNewParameter = "samples/11-new-parameter/azuredeploy.json";

}  // namespace

TEST_CASE("JSON report of a run, field by field", "[cli][e2e]") {
  TempDir dir;
  copy_samples(dir / "samples");
  CommandResult result = run_armfix({"--format", "json", kNewParameter}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  Json report = Json::parse(result.out);
  CHECK(report["version"] == 2);
  CHECK(report["tool"]["name"] == "armfix");
  CHECK(report["tool"]["version"] == ARMFIX_VERSION);
  CHECK(report["mode"] == "report");
  REQUIRE(report["files"].size() == 1);
  const Json& file = report["files"][0];
  CHECK(file["path"] == kNewParameter);
  CHECK(file["template"] == true);
  CHECK(file["changed"] == true);
  CHECK(file["written"] == false);
  CHECK(file["errors"] == Json::array());
  REQUIRE(file["findings"].size() == 1);
  const Json& finding = file["findings"][0];
  CHECK(finding["rule"] == "Azure.AKS.DefenderProfile");
  CHECK(finding["ref"] == "AZR-000370");
  CHECK(finding["resource"] == "[parameters('clusterName')]");
  CHECK(finding["pointer"] == "/resources/0");
  CHECK(finding["line"] == 17);
  CHECK(finding["column"] == 5);
  CHECK_THAT(finding["message"].get<std::string>(), Catch::StartsWith("Defender for Containers"));
  CHECK(finding["safety"] == "safe");
  CHECK(finding["status"] == "fixable");
  CHECK(finding["applied"] == true);
  CHECK(finding["strategy"] == "new-parameter");
  REQUIRE(finding["requiredParameters"].size() == 1);
  CHECK(finding["requiredParameters"][0]["name"] == "logAnalyticsWorkspaceResourceId");
  CHECK_FALSE(finding["requiredParameters"][0]["description"].get<std::string>().empty());
  const Json& totals = report["totals"];
  CHECK(totals["filesRead"] == 1);
  CHECK(totals["templates"] == 1);
  CHECK(totals["findings"] == 1);
  CHECK(totals["fixable"] == 1);
  CHECK(totals["errors"] == 0);
  CHECK(totals["changedFiles"] == 1);
}

TEST_CASE("JSON report after --write says what was written", "[cli][e2e]") {
  TempDir dir;
  copy_samples(dir / "samples");
  CommandResult result = run_armfix(
      {"--write", "--format", "json", "--output", "report.json", kNewParameter}, dir.path());
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  Json report = Json::parse(read_text(dir / "report.json"));
  CHECK(report["mode"] == "write");
  CHECK(report["files"][0]["written"] == true);
  CHECK(report["files"][0]["findings"][0]["status"] == "fixed");
  CHECK(report["totals"]["writtenFiles"] == 1);
}

TEST_CASE("SARIF report: rules, results with locations, and fixes", "[cli][e2e]") {
  TempDir dir;
  copy_samples(dir / "samples");
  CommandResult result = run_armfix({"--format", "sarif", "samples"}, dir.path());
  CHECK(result.exit_code == 1);
  Json sarif = Json::parse(result.out);
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  const Json& run = sarif["runs"][0];
  const Json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "armfix");
  REQUIRE(driver["rules"].size() == 1);
  CHECK(driver["rules"][0]["id"] == "Azure.AKS.DefenderProfile");
  CHECK(driver["rules"][0]["properties"]["ref"] == "AZR-000370");
  CHECK_THAT(driver["rules"][0]["helpUri"].get<std::string>(), Catch::StartsWith("https://"));
  CHECK_FALSE(driver["rules"][0]["shortDescription"]["text"].get<std::string>().empty());
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + dir.path().string() + "/");

  const Json* new_parameter = nullptr;
  std::map<std::string, int> by_status;
  for (const auto& entry : run["results"]) {
    by_status[entry["properties"]["status"]]++;
    CHECK(entry["ruleId"] == "Azure.AKS.DefenderProfile");
    CHECK(entry["level"] == "warning");
    bool fixable = entry["properties"]["status"] == "fixable";
    CHECK(entry.contains("fixes") == fixable);
    if (entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == kNewParameter) {
      new_parameter = &entry;
    }
  }
  CHECK(by_status["unsafe"] > 0);
  CHECK(by_status["manual"] == 1);
  REQUIRE(new_parameter != nullptr);
  const Json& location = (*new_parameter)["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(location["region"]["startLine"] == 17);
  CHECK(location["region"]["startColumn"] == 5);
  const Json& replacement = (*new_parameter)["fixes"][0]["artifactChanges"][0]["replacements"][0];
  CHECK(replacement["deletedRegion"].contains("startLine"));
  CHECK(replacement["deletedRegion"].contains("endColumn"));
  CHECK(replacement["deletedRegion"].contains("charOffset"));
}

TEST_CASE("SARIF fixes applied to the original files give --write's result", "[cli][e2e]") {
  TempDir reported;
  TempDir written;
  copy_samples(reported / "samples");
  copy_samples(written / "samples");
  CommandResult sarif =
      run_armfix({"--format", "sarif", "--unsafe-fixes", "samples"}, reported.path());
  run_armfix({"--write", "--unsafe-fixes", "samples"}, written.path());
  auto fixed = apply_sarif_fixes(Json::parse(sarif.out), reported.path());
  CHECK(fixed.size() >= 10);
  for (const auto& [uri, text] : fixed) {
    INFO(uri);
    CHECK(text == read_text(written / uri));
  }
}

TEST_CASE("JSON edits, each shared one once, applied to the original files give --write's result",
          "[cli][e2e]") {
  TempDir reported;
  TempDir written;
  copy_samples(reported / "samples");
  copy_samples(written / "samples");
  CommandResult json =
      run_armfix({"--format", "json", "--unsafe-fixes", kEveryRule, "samples"}, reported.path());
  run_armfix({"--write", "--unsafe-fixes", kEveryRule, "samples"}, written.path());
  const Json report = Json::parse(json.out);
  std::size_t files_fixed = 0;
  std::size_t shared_edits = 0;
  for (const auto& file : report["files"]) {
    // A shared edit appears under every finding it fixes: each distinct one is applied once,
    // from the highest offset down and, at one offset, a deletion before an insertion.
    std::set<std::tuple<std::size_t, std::size_t, std::string>, std::greater<>> edits;
    for (const auto& finding : file["findings"]) {
      for (const auto& edit : finding["edits"]) {
        shared_edits += edit["shared"].get<bool>() ? 1 : 0;
        edits.emplace(edit["offset"], edit["length"], edit["text"]);
      }
    }
    if (edits.empty()) continue;
    const std::string path = file["path"];
    INFO(path);
    std::string text = read_text(reported / path);
    for (const auto& [offset, length, inserted] : edits)
      text.replace(offset, length, inserted);
    CHECK(text == read_text(written / path));
    ++files_fixed;
  }
  CHECK(files_fixed >= 10);
  CHECK(shared_edits > 0);  // the samples have resources that several rules fix in one edit
}

TEST_CASE("cli: --summary writes a pull-request body", "[cli][e2e]") {
  TempDir dir;
  copy_samples(dir / "samples");
  CommandResult result =
      run_armfix({"--patch", "fixes.patch", "--summary", "pr.md", "samples"}, dir.path());
  CHECK(result.exit_code == 1);
  std::string summary = read_text(dir / "pr.md");
  CHECK_THAT(summary, Catch::StartsWith("## armfix"));
  CHECK_THAT(summary, Catch::Contains("| File | Resource | Status |"));
  CHECK_THAT(summary,
             Catch::Contains("| `" + kNewParameter +
                             ":17` | `[parameters('clusterName')]` | fixed by the patch | "));
  CHECK_THAT(summary, Catch::Contains("| new-parameter |"));
  CHECK_THAT(summary, Catch::Contains("| container-insights |"));
  CHECK_THAT(summary, Catch::Contains("### Needs `--unsafe-fixes`"));
  CHECK_THAT(summary, Catch::Contains("- `samples/07-old-api-version/azuredeploy.json:17`"));
  CHECK_THAT(summary, Catch::Contains("### Needs a person"));
  CHECK_THAT(summary, Catch::Contains("- `samples/08-api-version-expression/azuredeploy.json:16`"));
  CHECK_THAT(summary, Catch::Contains("### New parameters deployments must supply"));
  CHECK_THAT(summary, Catch::Contains("| `logAnalyticsWorkspaceResourceId` |"));
  CHECK_THAT(summary, Catch::Contains("`" + kNewParameter + "`"));
  CHECK_THAT(summary, !Catch::Contains("### Errors"));
}

namespace {

// Bytes C3 28: a lead byte without its continuation, the classic invalid UTF-8.
const std::string kInvalid = "\xC3(";
const std::string kReplaced = "\xEF\xBF\xBD(";  // U+FFFD in its place

const std::string kBicepWithInvalidString =
    "// a comment \xC3(\n"
    "resource aks 'Microsoft.ContainerService/managedClusters@2023-01-01' = {\n"
    "  name: 'aks\xC3('\n  location: 'westeurope'\n  properties: {\n"
    "    securityProfile: {\n      defender: {\n        securityMonitoring: {\n"
    "          enabled: 'x\xC3('\n        }\n      }\n    }\n  }\n}\n";

}  // namespace

TEST_CASE("an option value that is not UTF-8 stops the run before anything is read",
          "[cli][e2e][utf8]") {
  TempDir dir;
  copy_samples(dir / "samples");
  const std::string original = read_text(dir / kNewParameter);
  for (const std::vector<std::string>& option :
       {std::vector<std::string>{"--workspace-id", "/law" + kInvalid},
        {"--workspace-param", "law" + kInvalid},
        {"--workspace-id-for", kNewParameter + "=/law" + kInvalid}}) {
    INFO(option.front());
    std::vector<std::string> args{"--write", "--format", "json"};
    args.insert(args.end(), option.begin(), option.end());
    args.push_back(kNewParameter);
    CommandResult result = run_armfix(args, dir.path());
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Catch::StartsWith("armfix: error: " + option.front() + ": not "));
    CHECK_THAT(result.err, Catch::Contains("\\xC3("));
    CHECK(read_text(dir / kNewParameter) == original);
  }
}

TEST_CASE("a file name that is not UTF-8: escaped in JSON, percent-encoded in SARIF, as is in text",
          "[cli][e2e][utf8]") {
  TempDir dir;
  const std::string name = "aks" + kInvalid + ".json";
  write_text(dir / name, cluster_template());
  CommandResult json = run_armfix({"--format", "json", "."}, dir.path());
  CHECK(json.exit_code == 1);
  CHECK(json.err.empty());
  CHECK(Json::parse(json.out)["files"][0]["path"] == "aks" + kReplaced + ".json");

  CommandResult sarif = run_armfix({"--format", "sarif", "."}, dir.path());
  CHECK(sarif.exit_code == 1);
  const Json location = Json::parse(sarif.out)["runs"][0]["results"][0]["locations"][0];
  CHECK(location["physicalLocation"]["artifactLocation"]["uri"] == "aks%C3%28.json");

  CommandResult text = run_armfix({"."}, dir.path());
  CHECK(text.exit_code == 1);
  CHECK_THAT(text.out, Catch::StartsWith(name + ":10:5: Azure.AKS.DefenderProfile: "));
}

TEST_CASE("a Bicep string that is not UTF-8: JSON and SARIF replace it, --write still writes",
          "[cli][e2e][utf8][bicep]") {
  TempDir dir;
  write_text(dir / "main.bicep", kBicepWithInvalidString);
  const std::string shown = "securityMonitoring.enabled is the string 'x" + kReplaced + "'";

  CommandResult sarif = run_armfix({"--format", "sarif", "."}, dir.path());
  CHECK(sarif.exit_code == 1);
  CHECK_THAT(Json::parse(sarif.out)["runs"][0]["results"][0]["message"]["text"].get<std::string>(),
             Catch::Contains(shown));

  CommandResult write = run_armfix({"--write", "--format", "json", "."}, dir.path());
  CHECK(write.exit_code == 0);
  const Json report = Json::parse(write.out);
  CHECK_THAT(report["files"][0]["findings"][0]["message"].get<std::string>(),
             Catch::Contains(shown));
  CHECK(report["files"][0]["written"] == true);
  const std::string fixed = read_text(dir / "main.bicep");
  CHECK_THAT(fixed, Catch::Contains("enabled: true"));
  CHECK_THAT(fixed, Catch::Contains("\n// a comment \xC3(\nresource aks"));
}

TEST_CASE("an output file that is an input file is refused before anything runs",
          "[cli][e2e][output-paths]") {
  TempDir dir;
  copy_samples(dir / "samples");
  fs::create_symlink("azuredeploy.json", dir / "samples/11-new-parameter/link.json");
  const auto before = files_in(dir.path());
  const std::string original = read_text(dir / kNewParameter);
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::string refused = " is an input file; nothing was done\n";
  for (const Case& refusal : std::vector<Case>{
           // The patch file's name forgotten: `azuredeploy.json` would get the patch.
           {{"--patch", kNewParameter, "samples"},
            "armfix: error: --patch " + kNewParameter + refused +
                "armfix: note: write the patch to another file, or leave " + kNewParameter +
                " out with --exclude\n"},
           // Another spelling, a link: the same file all the same.
           {{"--output", "./samples/../" + kNewParameter, "samples"},
            "armfix: error: --output ./samples/../" + kNewParameter + refused +
                "armfix: note: write the report to another file, or leave " + kNewParameter +
                " out with --exclude\n"},
           {{"--write", "--summary", "samples/11-new-parameter/link.json", kNewParameter},
            "armfix: error: --summary samples/11-new-parameter/link.json" + refused +
                "armfix: note: write the summary to another file\n"},
       }) {
    INFO(refusal.args.front());
    CommandResult result = run_armfix(refusal.args, dir.path());
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == refusal.err);
    CHECK(files_in(dir.path()) == before);
    CHECK(read_text(dir / kNewParameter) == original);
  }
}

TEST_CASE("an output file that is a template's parameter file is refused",
          "[cli][e2e][output-paths]") {
  TempDir dir;
  write_text(dir / "aks.json", cluster_template());
  write_text(dir / "aks.parameters.prod.json", parameter_file());
  // Named alone, the template's parameter file is not a file the run was given, yet it reads it.
  CommandResult result = run_armfix(
      {"--format", "json", "--output", "aks.parameters.prod.json", "aks.json"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "armfix: error: --output aks.parameters.prod.json is an input file; nothing was done\n"
        "armfix: note: write the report to another file\n");
  CHECK(read_text(dir / "aks.parameters.prod.json") == parameter_file());
}

TEST_CASE("two outputs naming the same file are refused, a new output file is fine",
          "[cli][e2e][output-paths]") {
  TempDir dir;
  copy_samples(dir / "samples");
  CommandResult same =
      run_armfix({"--patch", "out.txt", "--summary", "./out.txt", "samples"}, dir.path());
  CHECK(same.exit_code == 2);
  CHECK(same.err ==
        "armfix: error: --patch out.txt and --summary ./out.txt are the same file; nothing was "
        "done\n");
  CHECK_FALSE(fs::exists(dir / "out.txt"));

  CommandResult separate = run_armfix(
      {"--patch", "out.patch", "--output", "report.txt", "--summary", "pr.md", "samples"},
      dir.path());
  CHECK(separate.exit_code == 1);
  CHECK(separate.err.empty());
  CHECK_THAT(read_text(dir / "out.patch"), Catch::StartsWith("diff --git "));
}
