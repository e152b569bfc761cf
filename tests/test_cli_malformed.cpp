// End-to-end tests of files armfix refuses to read as they are, each an error with its place,
// exit 2 and the file untouched: text in UTF-16 or UTF-32, and templates that give a key armfix
// reads their structure by twice, where which one counts is ARM's guess.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using namespace armfix::cli_test;

// ASCII or UTF-8 `text` as UTF-16 little-endian with its byte-order mark, or as UTF-32
// big-endian without one. Only ASCII is needed here.
std::string utf16le_with_mark(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (char c : text) {
    out += c;
    out += '\0';
  }
  return out;
}
std::string utf32be(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += std::string(3, '\0');
    out += c;
  }
  return out;
}

const std::string kBicepCluster =
    "resource aks 'Microsoft.ContainerService/managedClusters@2023-01-01' = {\n"
    "  name: 'aks'\n"
    "  location: 'westeurope'\n"
    "  properties: {}\n"
    "}\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// `text` with a line after the last resource's closing bracket.
std::string with_member_last(const std::string& text, const std::string& member) {
  return replaced(text, "  ]\n}\n", "  ],\n  " + member + "\n}\n");
}
// `text` with a line before its first resource.
std::string with_member_first(const std::string& text, const std::string& member) {
  return replaced(text, "\"contentVersion\": \"1.0.0.0\",\n",
                  "\"contentVersion\": \"1.0.0.0\",\n  " + member + ",\n");
}

const std::string kAmbiguous = "which one Azure Resource Manager uses is ambiguous\n";

// Runs `armfix --write` on `file` alone, holding `text`: the report, and a check that the file
// is left as it was.
CommandResult write_refused(const TempDir& dir, const std::string& file, const std::string& text) {
  write_text(dir / file, text);
  CommandResult result = run_armfix({"--write", file}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK(read_text(dir / file) == text);
  return result;
}

}  // namespace

TEST_CASE("a UTF-16 or UTF-32 template, named or walked, is an error naming its encoding",
          "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "infra/a.json", utf16le_with_mark(cluster_template()));
  write_text(dir / "infra/b.json", utf32be(cluster_template()));
  write_text(dir / "infra/main.bicep", utf16le_with_mark(kBicepCluster));
  // Without the cluster marker in any encoding, it is passed over as a UTF-8 file would be.
  write_text(dir / "infra/package.json", utf16le_with_mark(R"({"name": "x"})"));
  const std::string errors =
      "infra/a.json:1:1: error: file is encoded as UTF-16 (little-endian); armfix reads UTF-8 "
      "only (convert it with iconv -f UTF-16 -t UTF-8)\n"
      "infra/b.json:1:1: error: file appears to be encoded as UTF-32 (big-endian), without a "
      "byte-order mark; armfix reads UTF-8 only (convert it with iconv -f UTF-32BE -t UTF-8)\n"
      "infra/main.bicep:1:1: error: file is encoded as UTF-16 (little-endian); armfix reads "
      "UTF-8 only (convert it with iconv -f UTF-16 -t UTF-8)\n";
  CommandResult walked = run_armfix({"--write", "infra"}, dir.path());
  CHECK(walked.exit_code == 2);
  CHECK(walked.out == errors + "no resources in 1 file; 3 errors\n");
  CommandResult named =
      run_armfix({"--write", "infra/a.json", "infra/b.json", "infra/main.bicep"}, dir.path());
  CHECK(named.exit_code == 2);
  CHECK(named.out == errors + "no resources in 0 files; 3 errors\n");
  CHECK(read_text(dir / "infra/a.json") == utf16le_with_mark(cluster_template()));
  CHECK(read_text(dir / "infra/main.bicep") == utf16le_with_mark(kBicepCluster));
}

TEST_CASE("a UTF-16 parameter file is an error naming its encoding", "[cli][e2e]") {
  TempDir dir;
  fs::copy_file(fs::path(ARMFIX_SOURCE_DIR) / "samples/11-new-parameter/azuredeploy.json",
                dir / "azuredeploy.json");
  write_text(dir / "azuredeploy.parameters.json", utf16le_with_mark(parameter_file()));
  CommandResult result = run_armfix({}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.out,
             Catch::Contains("\nazuredeploy.parameters.json:1:1: error: file is encoded as UTF-16 "
                             "(little-endian); armfix reads UTF-8 only (convert it with iconv -f "
                             "UTF-16 -t UTF-8)\n"));
}

TEST_CASE("top-level resources given twice, in either order or case, is an error", "[cli][e2e]") {
  TempDir dir;
  const std::string& base = cluster_template();
  CHECK(write_refused(dir, "t.json", with_member_last(base, R"("resources": [])")).out ==
        "t.json:20:3: error: key 'resources' given twice (also at 9:3); " + kAmbiguous +
            "no resources in 0 files; 1 error\n");
  CHECK(write_refused(dir, "t.json", with_member_first(base, R"("resources": [])")).out ==
        "t.json:10:3: error: key 'resources' given twice (also at 4:3); " + kAmbiguous +
            "no resources in 0 files; 1 error\n");
  CHECK(write_refused(dir, "t.json", with_member_last(base, R"("Resources": [])")).out ==
        "t.json:20:3: error: key 'Resources' given twice (also at 9:3, as 'resources'); " +
            kAmbiguous + "no resources in 0 files; 1 error\n");
  CHECK(write_refused(dir, "t.json", with_member_first(base, R"("Resources": [])")).out ==
        "t.json:10:3: error: key 'resources' given twice (also at 4:3, as 'Resources'); " +
            kAmbiguous + "no resources in 0 files; 1 error\n");
  CHECK(write_refused(dir, "t.json", with_member_first(base, R"("parameters": {})")).out ==
        "t.json:5:3: error: key 'parameters' given twice (also at 4:3); " + kAmbiguous +
            "no resources in 0 files; 1 error\n");
  CHECK(write_refused(dir, "t.json",
                      with_member_first(base, R"("$schema": "https://example.com/other.json")"))
            .out == "t.json:4:3: error: key '$schema' given twice (also at 2:3); " + kAmbiguous +
                        "no resources in 0 files; 1 error\n");
}

TEST_CASE("a resource's type or name, or a nested template, given twice is an error",
          "[cli][e2e]") {
  TempDir dir;
  CHECK(write_refused(dir, "name.json",
                      replaced(cluster_template(), R"("name": "aks1",)",
                               "\"name\": \"aks1\",\n      \"NAME\": \"aks2\","))
            .out == "name.json:14:7: error: key 'NAME' given twice (also at 13:7, as 'name'); " +
                        kAmbiguous + "no resources in 0 files; 1 error\n");
  CHECK(write_refused(dir, "type.json",
                      replaced(cluster_template(), R"("apiVersion")",
                               "\"type\": \"Microsoft.Storage/storageAccounts\",\n"
                               "      \"apiVersion\""))
            .out == "type.json:12:7: error: key 'type' given twice (also at 11:7); " + kAmbiguous +
                        "no resources in 0 files; 1 error\n");
  const std::string nested = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "nested",
      "properties": {
        "mode": "Incremental",
        "template": {},
        "template": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2023-01-01",
              "name": "aks",
              "properties": {}
            }
          ]
        }
      }
    }
  ]
}
)";
  CHECK(write_refused(dir, "nested.json", nested).out ==
        "nested.json:12:9: error: key 'template' given twice (also at 11:9); " + kAmbiguous +
            "no resources in 0 files; 1 error\n");
  const std::string symbolic = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "languageVersion": "2.0",
  "contentVersion": "1.0.0.0",
  "resources": {
    "aks": {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2023-01-01", "name": "a", "properties": {}},
    "AKS": {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2023-01-01", "name": "b", "properties": {}}
  }
}
)";
  CHECK(write_refused(dir, "symbolic.json", symbolic).out ==
        "symbolic.json:7:5: error: key 'AKS' given twice (also at 6:5, as 'aks'); " + kAmbiguous +
            "no resources in 0 files; 1 error\n");
}

TEST_CASE(
    "a key given twice inside a cluster, on the way to what a fix sets, stays a manual "
    "finding",
    "[cli][e2e]") {
  TempDir dir;
  write_text(dir / "t.json", replaced(cluster_template(), R"("dnsPrefix": "aks")",
                                      R"("securityProfile": {}, "SecurityProfile": {})"));
  CommandResult result = run_armfix({"--write", "t.json"}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("properties has the key 'securityProfile' more than "
                                         "once; keep one of them"));
  CHECK_THAT(result.out, Catch::EndsWith("1 resource in 1 file: 1 needs a manual fix\n"));
  write_text(dir / "t.json",
             replaced(cluster_template(), R"("apiVersion": "2023-01-01",)",
                      R"("apiVersion": "2023-01-01", "APIVERSION": "2020-01-01",)"));
  CommandResult api_version = run_armfix({"--write", "t.json"}, dir.path());
  CHECK(api_version.exit_code == 1);
  CHECK_THAT(api_version.out,
             Catch::Contains("the cluster has the key 'apiVersion' more than once; keep one"));
}

TEST_CASE("a Bicep object with a property given twice is an error, as Bicep does not compile it",
          "[cli][e2e][bicep]") {
  TempDir dir;
  const std::string text = replaced(kBicepCluster, "  location:", "  'name': 'other'\n  location:");
  CHECK(write_refused(dir, "main.bicep", text).out ==
        "main.bicep:3:3: error: property 'name' given twice in one object (also at 2:3); Bicep "
        "does not compile it\n"
        "no resources in 0 files; 1 error\n");
}
