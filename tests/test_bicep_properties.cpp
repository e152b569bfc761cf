// The fuzz target's oracle for Bicep (fuzz/bicep_property_checks.hpp) on every Bicep file the
// repository and the shared corpus hold, and on inputs that once broke it: the reader's tree
// covers each file and each fix verifies under every option set the fuzzer uses.
#include <catch2/catch.hpp>

#include "bicep_property_checks.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

std::vector<std::filesystem::path> bicep_files() {
  std::vector<std::filesystem::path> files;
  for (const char* root : {"samples/bicep", "tests/golden/bicep", "fuzz/seeds"}) {
    for (auto& file : test::files_under(test::source_path(root), ".bicep"))
      files.push_back(file);
  }
  for (auto& file : test::files_under(test::shared_path("corpus-bicep"), ".bicep"))
    files.push_back(file);
  return files;
}

}  // namespace

TEST_CASE("bicep properties hold on every Bicep file of the repository and the corpus",
          "[bicep][fuzz]") {
  const auto files = bicep_files();
  REQUIRE(files.size() >= 50);
  for (const auto& file : files) {
    INFO(file.string());
    const std::string text = test::read_file(file);
    CHECK(fuzz::check_bicep_document(text) == std::nullopt);
    CHECK(fuzz::check_bicep_pipeline(text) == std::nullopt);
  }
}

TEST_CASE("bicep properties hold on hand-made edge cases", "[bicep][fuzz]") {
  const std::string cluster =
      "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01'";
  for (const std::string& text : std::vector<std::string>{
           std::string(),
           std::string("\xEF\xBB\xBF"),
           cluster + " = {}",
           cluster + " = {\r\n}\r\n",
           cluster + " = { properties: {} }",
           cluster + " = {\n  properties: null\n}\n",
           cluster + " = {\n  properties: {\n    securityProfile: null\n  }\n}\n",
           cluster + " = {\n  properties: {\n    securityProfile: { defender: null }\n  }\n}",
           cluster + " = {\n  properties: { /* c */ } // d\n}\n",
           "/* a\n*/ /* b\n*/ " + cluster + " = {\n  properties: {\n  }}\n",
           "param logAnalyticsWorkspaceResourceId int\n" + cluster + " = {\n  name: 'x'\n}\n",
       }) {
    INFO(text);
    CHECK(fuzz::check_bicep_document(text) == std::nullopt);
    CHECK(fuzz::check_bicep_pipeline(text) == std::nullopt);
  }
}
