// samples/ as golden files: every template, fixed with and without --unsafe-fixes, must match
// the committed .fixed / .fixed-unsafe bytes exactly, with the findings the README promises,
// and a second run must change nothing.
#include <catch2/catch.hpp>

#include "armfix/pipeline.hpp"
#include "support.hpp"

using armfix::FileOutcome;
using armfix::PipelineOptions;
using armfix::process_text;
using armfix::Safety;
using armfix::test::file_exists;
using armfix::test::read_file;
using armfix::test::source_path;

namespace {

struct ExpectedFinding {
  Safety safety;
  std::string strategy;
};

FileOutcome run(const std::string& text, bool unsafe_fixes) {
  PipelineOptions options;
  options.unsafe_fixes = unsafe_fixes;
  return process_text(text, options);
}

void check_sample(const std::string& file, const std::vector<ExpectedFinding>& expected) {
  const auto input_path = source_path("samples/" + file);
  const std::string input = read_file(input_path);
  const std::string fixed = read_file(input_path.string() + ".fixed");
  const auto unsafe_path = input_path.string() + ".fixed-unsafe";
  const std::string fixed_unsafe = file_exists(unsafe_path) ? read_file(unsafe_path) : fixed;

  FileOutcome safe = run(input, false);
  REQUIRE_FALSE(safe.error);
  CHECK(safe.fixed_text == fixed);
  REQUIRE(safe.findings.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("finding " << i << ": " << safe.findings[i].finding.message);
    CHECK(safe.findings[i].finding.safety == expected[i].safety);
    CHECK(safe.findings[i].finding.strategy == expected[i].strategy);
    CHECK(safe.findings[i].applied == (expected[i].safety == Safety::Safe));
  }

  FileOutcome unsafe = run(input, true);
  REQUIRE_FALSE(unsafe.error);
  CHECK(unsafe.fixed_text == fixed_unsafe);

  // Idempotence: the fixed files have nothing left that the same run would fix.
  CHECK_FALSE(run(fixed, false).changed());
  CHECK_FALSE(run(fixed_unsafe, true).changed());
}

}  // namespace

TEST_CASE("sample 01: Container insights workspace is reused", "[samples]") {
  check_sample("01-container-insights/azuredeploy.json",
               {{Safety::Safe, "container-insights"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 02: defender joins other securityProfile members", "[samples]") {
  check_sample("02-other-security-members/azuredeploy.json",
               {{Safety::Safe, "workspace-resource"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 03: disabled Defender is enabled and wired", "[samples]") {
  check_sample("03-defender-disabled/azuredeploy.json",
               {{Safety::Safe, "parameter"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 04: enabled as a string becomes boolean true", "[samples]") {
  check_sample("04-enabled-as-string/azuredeploy.json",
               {{Safety::Safe, ""}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 05: the template's key spelling is reused", "[samples]") {
  check_sample("05-key-casing/azuredeploy.json",
               {{Safety::Safe, ""}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 06: legacy azureDefender is migrated only with unsafe fixes", "[samples]") {
  check_sample("06-legacy-azure-defender/azuredeploy.json",
               {{Safety::Unsafe, "azure-defender"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 07: an old apiVersion is raised only with unsafe fixes", "[samples]") {
  check_sample("07-old-api-version/azuredeploy.json",
               {{Safety::Unsafe, "container-insights"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 08: an apiVersion expression needs a person", "[samples]") {
  check_sample("08-api-version-expression/azuredeploy.json",
               {{Safety::Manual, ""}, {Safety::Safe, ""}, {Safety::Manual, ""}});
}

TEST_CASE("sample 09: enabled expressions resolve through parameters and variables", "[samples]") {
  check_sample("09-enabled-expression/azuredeploy.json", {{Safety::Unsafe, ""},
                                                          {Safety::Safe, ""},
                                                          {Safety::Safe, ""},
                                                          {Safety::Safe, ""},
                                                          {Safety::Safe, ""}});
}

TEST_CASE("sample 10: an expression-valued securityProfile is wrapped in union()", "[samples]") {
  check_sample("10-expression-security-profile/main.json",
               {{Safety::Unsafe, "parameter"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 11: a workspace parameter is added when nothing else exists", "[samples]") {
  check_sample("11-new-parameter/azuredeploy.json",
               {{Safety::Safe, "new-parameter"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 12: the parameter is passed through an inner-scope deployment", "[samples]") {
  check_sample("12-nested-inner-deployment/main.json",
               {{Safety::Safe, "new-parameter"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 13: symbolic resources use resourceInfo and skip existing clusters",
          "[samples]") {
  check_sample("13-symbolic-resources/main.json",
               {{Safety::Safe, "workspace-resource"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 14: a compliant template is left alone", "[samples]") {
  check_sample("14-compliant/azuredeploy.json", {});
}

TEST_CASE("sample 15: outer-scope nested clusters use the top-level parameters", "[samples]") {
  check_sample("15-subscription-scope-outer/azuredeploy.json",
               {{Safety::Safe, "new-parameter"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}

TEST_CASE("sample 16: CRLF, tabs, comments and trailing commas are kept", "[samples]") {
  check_sample("16-crlf-comments-tabs/azuredeploy.json",
               {{Safety::Safe, "container-insights"}, {Safety::Safe, ""}, {Safety::Safe, ""}});
}
