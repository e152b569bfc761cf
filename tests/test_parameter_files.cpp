// Parameter files: found beside their template, told what a fix now needs them to supply, and
// given a value by --workspace-id-for with a format-preserving, verified edit.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "armfix/document.hpp"
#include "bicep/bicep_document.hpp"
#include "cli_support.hpp"
#include "io/parameter_files.hpp"

using namespace armfix;
using namespace armfix::cli_test;

namespace {

// A cluster with no workspace anywhere: the fix adds a parameter without a default value.
std::string template_needing_workspace() {
  return R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "clusterName": {
      "type": "string"
    }
  },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2023-01-01",
      "name": "[parameters('clusterName')]",
      "location": "westeurope",
      "properties": {
        "dnsPrefix": "aks"
      }
    }
  ]
}
)";
}

// A parameter file indented with 4 spaces; `extra` is inserted after the clusterName member.
std::string parameters_for(const std::string& cluster, const std::string& extra = "") {
  return "{\n"
         "    \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/"
         "deploymentParameters.json#\",\n"
         "    \"contentVersion\": \"1.0.0.0\",\n"
         "    \"parameters\": {\n"
         "        \"clusterName\": {\n"
         "            \"value\": \"" +
         cluster +
         "\"\n"
         "        }" +
         extra +
         "\n"
         "    }\n"
         "}\n";
}

// A repository with one template, its dev and prod parameter files, and an unrelated one.
struct Repository {
  TempDir dir;
  Repository() {
    write_text(dir / "infra/aks.json", template_needing_workspace());
    write_text(dir / "infra/aks.parameters.dev.json", parameters_for("aks-dev"));
    write_text(dir / "infra/aks.parameters.prod.json", parameters_for("aks-prod"));
    write_text(dir / "infra/other.parameters.json", parameters_for("other"));
  }
};

const std::string kProdId =
    "/subscriptions/0/resourceGroups/prod/providers/Microsoft.OperationalInsights/workspaces/law";
const std::string kProdFor = "infra/aks.parameters.prod.json=" + kProdId;

}  // namespace

TEST_CASE("parameter files are found beside their template by name", "[parameter-files]") {
  TempDir dir;
  for (const char* name :
       {"azuredeploy.json", "azuredeploy.parameters.json", "azuredeploy.parameters.dev.json",
        "azuredeploy.parameters.a.b.json", "azuredeployX.parameters.json", "main.jsonc",
        "main.parameters.json", "azuredeploy.parameters.txt"}) {
    write_text(dir / name, "{}");
  }
  std::vector<std::string> names;
  for (const auto& file : parameter_files_beside(dir / "azuredeploy.json"))
    names.push_back(file.filename().string());
  CHECK(names ==
        std::vector<std::string>{"azuredeploy.parameters.dev.json", "azuredeploy.parameters.json"});
  names.clear();
  for (const auto& file : parameter_files_beside(dir / "main.jsonc"))
    names.push_back(file.filename().string());
  CHECK(names == std::vector<std::string>{"main.parameters.json"});
  CHECK(parameter_files_beside(dir / "nothing-here.json").empty());
}

namespace {

std::vector<std::string> names_of(const std::vector<fs::path>& files) {
  std::vector<std::string> names;
  for (const auto& file : files)
    names.push_back(file.filename().string());
  return names;
}

}  // namespace

TEST_CASE("a name can be a parameter file of two templates", "[parameter-files]") {
  TempDir dir;
  write_text(dir / "a.parameters.parameters.json", "{}");
  const std::vector<std::string> expected{"a.parameters.parameters.json"};
  CHECK(names_of(parameter_files_beside(dir / "a.json")) == expected);  // env "parameters"
  CHECK(names_of(parameter_files_beside(dir / "a.parameters.json")) == expected);  // no env
  CHECK(parameter_files_beside(dir / "a.parameters.parameters.json").empty());
}

TEST_CASE("the parameter-file index lists a directory once for all its templates",
          "[parameter-files][scale]") {
  TempDir dir;
  write_text(dir / "a.json", "{}");
  write_text(dir / "a.parameters.json", "{}");
  write_text(dir / "b.bicep", "");
  write_text(dir / "b.bicepparam", "using './b.bicep'\n");
  ParameterFileIndex index;
  CHECK(names_of(index.files_of(dir / "a.json")) == std::vector<std::string>{"a.parameters.json"});
  // Files that appear after the listing are not seen: the directory is not listed again...
  write_text(dir / "b.parameters.json", "{}");
  CHECK(names_of(index.files_of(dir / "b.bicep")) == std::vector<std::string>{"b.bicepparam"});
  // ...and a .bicepparam file is read once, on the first lookup of a Bicep file there.
  write_text(dir / "b.bicepparam", "using './c.bicep'\n");
  CHECK(names_of(index.files_of(dir / "b.bicep")) == std::vector<std::string>{"b.bicepparam"});
  // A fresh index sees the directory as it is now.
  CHECK(names_of(ParameterFileIndex().files_of(dir / "b.bicep")) ==
        std::vector<std::string>{"b.parameters.json"});
}

TEST_CASE("the parameter-file index takes the walk's listing, under any spelling of the directory",
          "[parameter-files][scale]") {
  TempDir dir;
  write_text(dir / "t/main.json", "{}");
  write_text(dir / "t/main.parameters.json", "{}");
  const fs::path spelled = dir.path().string() + "/t/";  // as a walk of `t/` names it
  std::vector<fs::directory_entry> entries;
  for (const auto& entry : fs::directory_iterator(spelled))
    entries.push_back(entry);
  ParameterFileIndex index;
  index.add_listing(spelled, entries);
  fs::remove(dir / "t/main.parameters.json");  // gone from disk, still in the listing given
  CHECK(names_of(index.files_of(dir / "t/main.json")) ==
        std::vector<std::string>{"main.parameters.json"});
}

TEST_CASE("missing_parameters compares names ignoring case and rejects other JSON",
          "[parameter-files]") {
  auto missing =
      missing_parameters(R"({"parameters": {"LOGANALYTICSWORKSPACERESOURCEID": {"value": "x"}}})",
                         {"logAnalyticsWorkspaceResourceId", "other"});
  REQUIRE(missing);
  CHECK(missing.value() == std::vector<std::string>{"other"});

  auto not_parameters = missing_parameters(R"({"resources": []})", {"a"});
  REQUIRE_FALSE(not_parameters);
  CHECK_THAT(not_parameters.error().message, Catch::Contains("no 'parameters' object"));

  auto invalid = missing_parameters("{\n  \"parameters\": {,}\n}", {"a"});
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().position.line == 2);
}

TEST_CASE("supply_parameters adds the value in the file's own style, byte for byte",
          "[parameter-files]") {
  auto four_spaces = supply_parameters(parameters_for("aks"), {"law"}, "/id");
  REQUIRE(four_spaces);
  CHECK(four_spaces.value().text ==
        parameters_for("aks", ",\n        \"law\": {\n            \"value\": \"/id\"\n        }"));

  auto crlf_empty = supply_parameters("{\r\n\t\"parameters\": {}\r\n}", {"law"}, "/id");
  REQUIRE(crlf_empty);
  CHECK(crlf_empty.value().text ==
        "{\r\n\t\"parameters\": {\r\n\t\t\"law\": {\r\n\t\t\t\"value\": "
        "\"/id\"\r\n\t\t}\r\n\t}\r\n}");

  auto one_line = supply_parameters(R"({"parameters": {"a": {"value": 1}}})", {"law"}, "/id");
  REQUIRE(one_line);
  CHECK(one_line.value().text == R"({"parameters": {"a": {"value": 1}, "law": {"value": "/id"}}})");
}

TEST_CASE("the report names every parameter file that must supply the new parameter",
          "[parameter-files][cli][e2e]") {
  Repository repo;
  CommandResult report = run_armfix({"infra"}, repo.dir.path());
  CHECK(report.exit_code == 1);
  const std::string note =
      " note: aks.json now needs 'logAnalyticsWorkspaceResourceId' (no default value): add to its "
      "\"parameters\": \"logAnalyticsWorkspaceResourceId\": { \"value\": \"<resource ID of the Log "
      "Analytics workspace>\" }\n";
  CHECK_THAT(report.out, Catch::Contains("infra/aks.parameters.dev.json:" + note));
  CHECK_THAT(report.out, Catch::Contains("infra/aks.parameters.prod.json:" + note));
  CHECK_THAT(report.out, !Catch::Contains("other.parameters.json"));
  CHECK_THAT(report.out, Catch::EndsWith("2 parameter files must supply new parameters\n"));

  CommandResult json = run_armfix({"--format", "json", "infra"}, repo.dir.path());
  const auto value = nlohmann::json::parse(json.out);
  const auto& file = value["files"][0];
  REQUIRE(file["parameterFiles"].size() == 2);
  CHECK(file["parameterFiles"][0]["path"] == "infra/aks.parameters.dev.json");
  CHECK(file["parameterFiles"][0]["missing"] ==
        nlohmann::json::array({"logAnalyticsWorkspaceResourceId"}));
  CHECK(file["parameterFiles"][0]["supplied"] == false);
  CHECK(file["parameterFiles"][0]["error"].is_null());
  CHECK(file["findings"][0]["requiredParameters"][0]["parameterFiles"] ==
        nlohmann::json::array({"infra/aks.parameters.dev.json", "infra/aks.parameters.prod.json"}));
  CHECK(value["totals"]["parameterFilesToUpdate"] == 2);

  TempDir out;
  run_armfix({"--summary", (out / "pr.md").string(), "infra"}, repo.dir.path());
  const std::string summary = read_text(out / "pr.md");
  CHECK_THAT(summary, Catch::Contains("- `infra/aks.parameters.dev.json` must supply "
                                      "`logAnalyticsWorkspaceResourceId`"));
  CHECK_THAT(summary, Catch::Contains("\"logAnalyticsWorkspaceResourceId\": { \"value\":"));

  CommandResult sarif = run_armfix({"--format", "sarif", "infra"}, repo.dir.path());
  const auto sarif_value = nlohmann::json::parse(sarif.out);
  const auto& related = sarif_value["runs"][0]["results"][0]["relatedLocations"];
  REQUIRE(related.size() == 2);
  CHECK(related[1]["physicalLocation"]["artifactLocation"]["uri"] ==
        "infra/aks.parameters.prod.json");
  CHECK(related[0]["message"]["text"] ==
        "this parameter file must now supply 'logAnalyticsWorkspaceResourceId'; add "
        "\"logAnalyticsWorkspaceResourceId\": { \"value\": \"<resource ID of the Log Analytics "
        "workspace>\" }");
}

TEST_CASE("parameter files: --workspace-id-for writes the value into that file only",
          "[parameter-files][cli][e2e]") {
  Repository repo;
  CommandResult write =
      run_armfix({"--write", "--workspace-id-for", kProdFor, "infra"}, repo.dir.path());
  CHECK(write.exit_code == 0);
  CHECK_THAT(write.out, Catch::Contains("infra/aks.parameters.prod.json: note: aks.json now needs "
                                        "'logAnalyticsWorkspaceResourceId' (no default value): "
                                        "--workspace-id-for supplies it [fixed]"));
  CHECK_THAT(write.out, Catch::EndsWith("1 parameter file must supply new parameters\n"));
  CHECK(read_text(repo.dir / "infra/aks.parameters.dev.json") == parameters_for("aks-dev"));
  const std::string expected_prod =
      parameters_for("aks-prod",
                     ",\n        \"logAnalyticsWorkspaceResourceId\": {\n"
                     "            \"value\": \"" +
                         kProdId + "\"\n        }");
  CHECK(read_text(repo.dir / "infra/aks.parameters.prod.json") == expected_prod);

  // A second run: the template already has its parameter, so nothing is left to supply.
  CommandResult again =
      run_armfix({"--write", "--workspace-id-for", kProdFor, "infra"}, repo.dir.path());
  CHECK(again.exit_code == 0);
  CHECK(read_text(repo.dir / "infra/aks.parameters.prod.json") == expected_prod);
  CHECK_THAT(again.err, Catch::Contains("infra/aks.parameters.prod.json: note: --workspace-id-for: "
                                        "no fix adds a parameter this file must supply"));
}

TEST_CASE("parameter files: --dry-run and --patch show the change, git apply equals --write",
          "[parameter-files][cli][e2e]") {
  Repository patched;
  Repository written;
  CommandResult dry_run =
      run_armfix({"--dry-run", "--workspace-id-for", kProdFor, "infra"}, patched.dir.path());
  CHECK(dry_run.exit_code == 1);
  CHECK_THAT(dry_run.out, Catch::Contains("diff --git a/infra/aks.parameters.prod.json "
                                          "b/infra/aks.parameters.prod.json\n"));
  CHECK_THAT(dry_run.out, !Catch::Contains("aks.parameters.dev.json b/"));
  write_text(patched.dir / "fix.diff", dry_run.out);
  CHECK(run_command({"git", "apply", "fix.diff"}, patched.dir.path()).exit_code == 0);
  run_armfix({"--write", "--workspace-id-for", kProdFor, "infra"}, written.dir.path());
  for (const char* file :
       {"infra/aks.json", "infra/aks.parameters.prod.json", "infra/aks.parameters.dev.json"}) {
    INFO(file);
    CHECK(read_text(patched.dir / file) == read_text(written.dir / file));
  }
  CommandResult patch =
      run_armfix({"--patch", "-", "--workspace-id-for", kProdFor, "infra"}, patched.dir.path());
  CHECK(patch.exit_code == 0);
  CHECK(patch.out.empty());  // already applied: nothing left
}

TEST_CASE("parameter files: SARIF fixes carry the parameter file's edit",
          "[parameter-files][cli][e2e]") {
  Repository reported;
  Repository written;
  CommandResult sarif = run_armfix({"--format", "sarif", "--workspace-id-for", kProdFor, "infra"},
                                   reported.dir.path());
  run_armfix({"--write", "--workspace-id-for", kProdFor, "infra"}, written.dir.path());
  const auto value = nlohmann::json::parse(sarif.out);
  const auto& changes = value["runs"][0]["results"][0]["fixes"][0]["artifactChanges"];
  REQUIRE(changes.size() == 2);
  CHECK(changes[1]["artifactLocation"]["uri"] == "infra/aks.parameters.prod.json");
  const auto& replacement = changes[1]["replacements"][0];
  const std::string original = read_text(reported.dir / "infra/aks.parameters.prod.json");
  std::string fixed = original;
  fixed.replace(replacement["deletedRegion"]["charOffset"].get<std::size_t>(),
                replacement["deletedRegion"]["charLength"].get<std::size_t>(),
                replacement["insertedContent"]["text"].get<std::string>());
  CHECK(fixed == read_text(written.dir / "infra/aks.parameters.prod.json"));
}

TEST_CASE("a parameter file is not written when its template could not be",
          "[parameter-files][cli][e2e]") {
  Repository repo;
  fs::permissions(repo.dir / "infra/aks.json",
                  fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                  fs::perm_options::remove);
  CommandResult write =
      run_armfix({"--write", "--workspace-id-for", kProdFor, "infra"}, repo.dir.path());
  CHECK(write.exit_code == 2);
  CHECK(read_text(repo.dir / "infra/aks.parameters.prod.json") == parameters_for("aks-prod"));
}

TEST_CASE("an invalid parameter file is an error with its position, the template is still fixed",
          "[parameter-files][cli][e2e]") {
  Repository repo;
  write_text(repo.dir / "infra/aks.parameters.dev.json", "{\n  \"parameters\": {\n    x\n  }\n}\n");
  CommandResult write = run_armfix({"--write", "infra"}, repo.dir.path());
  CHECK(write.exit_code == 2);
  CHECK_THAT(write.out, Catch::Contains("infra/aks.parameters.dev.json:3:5: error: "));
  CHECK(read_text(repo.dir / "infra/aks.json") != template_needing_workspace());
}

TEST_CASE("parameter files: --workspace-id-for needs FILE=ID naming an existing file",
          "[parameter-files][cli]") {
  Repository repo;
  CommandResult no_equals =
      run_armfix({"--workspace-id-for", "infra/aks.parameters.dev.json", "infra"}, repo.dir.path());
  CHECK(no_equals.exit_code == 2);
  CHECK_THAT(no_equals.err, Catch::Contains("expected FILE=ID"));
  CommandResult missing =
      run_armfix({"--workspace-id-for", "nope.json=/id", "infra"}, repo.dir.path());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("parameter file 'nope.json' does not exist"));
  CommandResult conflict = run_armfix(
      {"--no-workspace", "--workspace-id-for", "infra/aks.parameters.dev.json=/id", "infra"},
      repo.dir.path());
  CHECK(conflict.exit_code == 2);
  CHECK_THAT(conflict.err, Catch::Contains("Run 'armfix --help' for usage."));
}

TEST_CASE("bicepparam files are found by their using statement", "[parameter-files][bicep]") {
  TempDir dir;
  write_text(dir / "main.bicep", "");
  write_text(dir / "dev.bicepparam", "// dev\nusing './main.bicep'\n");
  write_text(dir / "prod.bicepparam", "using 'main.bicep'\n");
  write_text(dir / "other.bicepparam", "using './other.bicep'\n");
  write_text(dir / "main.parameters.json", "{}");
  std::vector<std::string> names;
  for (const auto& file : parameter_files_beside(dir / "main.bicep"))
    names.push_back(file.filename().string());
  CHECK(names ==
        std::vector<std::string>{"dev.bicepparam", "main.parameters.json", "prod.bicepparam"});
  // A JSON template does not take .bicepparam files.
  write_text(dir / "main.json", "{}");
  names.clear();
  for (const auto& file : parameter_files_beside(dir / "main.json"))
    names.push_back(file.filename().string());
  CHECK(names == std::vector<std::string>{"main.parameters.json"});
}

TEST_CASE("bicepparam files: what is missing, and a param line in the file's line endings",
          "[parameter-files][bicep]") {
  const auto format = ParameterFileFormat::BicepParam;
  auto missing = missing_parameters("using './main.bicep'\n// param law = 'x'\nparam  other = 1\n",
                                    {"law", "other"}, format);
  REQUIRE(missing);
  CHECK(missing.value() == std::vector<std::string>{"law"});
  auto not_bicepparam = missing_parameters("param law = 'x'\n", {"law"}, format);
  REQUIRE_FALSE(not_bicepparam);
  CHECK_THAT(not_bicepparam.error().message, Catch::Contains("no 'using' statement"));

  auto crlf =
      supply_parameters("using './main.bicep'\r\nparam a = 1", {"law"}, "/sub/it's/${x}\\", format);
  REQUIRE(crlf);
  CHECK(crlf.value().text ==
        "using './main.bicep'\r\nparam a = 1\r\nparam law = '/sub/it\\'s/\\${x}\\\\'\r\n");
  REQUIRE(crlf.value().edits.size() == 1);
  CHECK(crlf.value().edits[0].offset == 33);
  CHECK(crlf.value().edits[0].length == 0);
  CHECK(parameter_snippet("law", format) ==
        "param law = '<resource ID of the Log Analytics workspace>'");
}

TEST_CASE("bicepparam files: named in the report and given the value by --workspace-id-for",
          "[parameter-files][bicep][cli][e2e]") {
  TempDir dir;
  write_text(dir / "main.bicep",
             "param clusterName string\n\n"
             "resource aks 'Microsoft.ContainerService/managedClusters@2023-01-01' = {\n"
             "  name: clusterName\n  location: 'westeurope'\n  properties: {\n"
             "    dnsPrefix: 'aks'\n  }\n}\n");
  const std::string dev = "using './main.bicep'\n\nparam clusterName = 'aks-dev'\n";
  write_text(dir / "dev.bicepparam", dev);
  write_text(dir / "prod.bicepparam", "using './main.bicep'\nparam clusterName = 'aks-prod'\n");
  CommandResult report = run_armfix({"."}, dir.path());
  CHECK_THAT(report.out,
             Catch::Contains("dev.bicepparam: note: main.bicep now needs "
                             "'logAnalyticsWorkspaceResourceId' (no default value): add the line: "
                             "param logAnalyticsWorkspaceResourceId = '<resource ID of the Log "
                             "Analytics workspace>'\n"));
  CommandResult write = run_armfix(
      {"--write", "--workspace-id-for", "prod.bicepparam=/subscriptions/0/workspaces/law", "."},
      dir.path());
  CHECK(write.exit_code == 0);
  CHECK(read_text(dir / "prod.bicepparam") ==
        "using './main.bicep'\nparam clusterName = 'aks-prod'\n"
        "param logAnalyticsWorkspaceResourceId = '/subscriptions/0/workspaces/law'\n");
  CHECK(read_text(dir / "dev.bicepparam") == dev);
  CHECK_THAT(read_text(dir / "main.bicep"),
             Catch::Contains("param logAnalyticsWorkspaceResourceId string"));
}

namespace {

// Every kind of character a value can bring into a string: line breaks, a tab, C0 and C1
// control characters, DEL, both quotes, a backslash, an interpolation and a lone dollar,
// and non-ASCII characters of two, three and four bytes.
const std::string kNastyValue =
    "/sub/a\rb\nc\td\x01"
    "e\x1f\x7f\xc2\x85"
    "f'g\"h\\i${x}$j \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

const std::string kBicepNeedingWorkspace =
    "param clusterName string\n\n"
    "resource aks 'Microsoft.ContainerService/managedClusters@2023-01-01' = {\n"
    "  name: clusterName\n  location: 'westeurope'\n  properties: {\n"
    "    dnsPrefix: 'aks'\n  }\n}\n";

const std::string kWorkspaceParameter = "logAnalyticsWorkspaceResourceId";

// A JSON string found by following `path` from the root, as armfix's JSON reader decodes it.
std::string json_string_at(const fs::path& file, const std::vector<std::string>& path) {
  auto parsed = Document::parse(read_text(file));
  REQUIRE(parsed);
  NodeId node = parsed.value().root();
  for (const auto& key : path)
    node = parsed.value().find_member(node, key);
  REQUIRE(parsed.value().is_string(node));
  return parsed.value().string_value(node);
}

// The value a `.bicepparam` file's `param <name> = '...'` line gives, decoded as Bicep does.
std::string bicepparam_value(const fs::path& file, const std::string& name) {
  const std::string text = read_text(file);
  const std::string start = "param " + name + " = ";
  const std::size_t at = text.find(start);
  REQUIRE(at != std::string::npos);
  const std::size_t end = text.find('\n', at);
  auto value = decode_bicep_string(text.substr(at + start.size(), end - at - start.size()));
  REQUIRE(value);
  return *value;
}

}  // namespace

TEST_CASE("values written into parameter files read back unchanged, whatever their characters",
          "[parameter-files][bicep][cli][e2e][escaping]") {
  TempDir dir;
  write_text(dir / "aks.json", template_needing_workspace());
  write_text(dir / "aks.parameters.json", parameters_for("aks"));
  write_text(dir / "main.bicep", kBicepNeedingWorkspace);
  write_text(dir / "prod.bicepparam", "using './main.bicep'\nparam clusterName = 'aks'\n");
  CommandResult write =
      run_armfix({"--write", "--workspace-id-for", "aks.parameters.json=" + kNastyValue,
                  "--workspace-id-for", "prod.bicepparam=" + kNastyValue, "."},
                 dir.path());
  CHECK(write.exit_code == 0);
  CHECK(json_string_at(dir / "aks.parameters.json", {"parameters", kWorkspaceParameter, "value"}) ==
        kNastyValue);
  CHECK(bicepparam_value(dir / "prod.bicepparam", kWorkspaceParameter) == kNastyValue);
  // The written files read as they should: one parameter line, no stray line break.
  CHECK(read_text(dir / "prod.bicepparam") ==
        "using './main.bicep'\nparam clusterName = 'aks'\nparam " + kWorkspaceParameter +
            " = '/sub/a\\rb\\nc\\td\\u{1}e\\u{1F}\\u{7F}\\u{85}f\\'g\"h\\\\i\\${x}$j "
            "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'\n");
  CommandResult again = run_armfix({"."}, dir.path());
  CHECK(again.exit_code == 0);
  CHECK(again.err.empty());
}

TEST_CASE("a --workspace-id default value reads back unchanged, whatever its characters",
          "[parameter-files][bicep][cli][e2e][escaping]") {
  TempDir dir;
  write_text(dir / "aks.json", template_needing_workspace());
  write_text(dir / "main.bicep", kBicepNeedingWorkspace);
  CommandResult write = run_armfix({"--write", "--workspace-id", kNastyValue, "."}, dir.path());
  CHECK(write.exit_code == 0);
  CHECK(json_string_at(dir / "aks.json", {"parameters", kWorkspaceParameter, "defaultValue"}) ==
        kNastyValue);
  auto bicep = BicepDocument::parse(read_text(dir / "main.bicep"));
  REQUIRE(bicep);
  const NodeId parameter = bicep.value().find_declaration(kWorkspaceParameter);
  REQUIRE(parameter != kNoNode);
  CHECK(bicep.value().string_value(bicep.value().node(parameter).value) == kNastyValue);
  CommandResult again = run_armfix({"."}, dir.path());
  CHECK(again.exit_code == 0);
  CHECK(again.err.empty());
}

TEST_CASE("quote_bicep_string escapes what decode_bicep_string reads back", "[bicep][escaping]") {
  CHECK(quote_bicep_string("a\x01\x7f\xc2\x9f\xc2\xa0") == "'a\\u{1}\\u{7F}\\u{9F}\xc2\xa0'");
  for (unsigned byte = 1; byte < 0x80; ++byte) {
    const std::string value = "<" + std::string(1, static_cast<char>(byte)) + "${>";
    INFO(byte);
    CHECK(decode_bicep_string(quote_bicep_string(value)) == value);
  }
}
