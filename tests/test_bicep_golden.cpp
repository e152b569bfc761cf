// Bicep golden files: each case under tests/golden/bicep/<case>/ is a `before.bicep`, the exact
// bytes after a safe run (`after.bicep`) and, where unsafe fixes change more, after a run with
// --unsafe-fixes (`after-unsafe.bicep`). Findings, safety and workspace strategy are checked
// too, and a second run on each result must change nothing.
#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>

#include "armfix/bicep_pipeline.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

struct Expected {
  Safety safety;
  std::string strategy;
};

const std::string kWorkspaceId =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring/providers/"
    "Microsoft.OperationalInsights/workspaces/log-central";

void check_case(const std::string& name, const std::vector<Expected>& expected,
                PipelineOptions options = test::defender_only()) {
  const auto dir = test::source_path("tests/golden/bicep/" + name);
  const std::string before = test::read_file(dir / "before.bicep");
  const std::string after = test::read_file(dir / "after.bicep");
  const auto unsafe_path = dir / "after-unsafe.bicep";
  const std::string after_unsafe =
      test::file_exists(unsafe_path) ? test::read_file(unsafe_path) : after;

  options.unsafe_fixes = false;
  FileOutcome safe = process_bicep_text(before, options);
  REQUIRE_FALSE(safe.error);
  CHECK(safe.kind == FileKind::Template);
  CHECK(safe.fixed_text == after);
  CHECK(safe.changed() == (after != before));
  REQUIRE(safe.findings.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("finding " << i << ": " << safe.findings[i].finding.message);
    CHECK(safe.findings[i].finding.safety == expected[i].safety);
    CHECK(safe.findings[i].finding.strategy == expected[i].strategy);
    CHECK(safe.findings[i].applied == (expected[i].safety == Safety::Safe));
  }

  PipelineOptions unsafe_options = options;
  unsafe_options.unsafe_fixes = true;
  FileOutcome unsafe = process_bicep_text(before, unsafe_options);
  REQUIRE_FALSE(unsafe.error);
  CHECK(unsafe.fixed_text == after_unsafe);

  // Idempotence: nothing is left that the same run would fix.
  CHECK_FALSE(process_bicep_text(after, options).changed());
  FileOutcome again = process_bicep_text(after_unsafe, unsafe_options);
  CHECK_FALSE(again.changed());
  for (const auto& finding : again.findings)
    CHECK(finding.finding.safety == Safety::Manual);
}

}  // namespace

TEST_CASE("bicep golden: the rule documentation's own example is compliant", "[bicep][golden]") {
  check_case("rule-example", {});
}

TEST_CASE("bicep golden: the Container insights workspace is reused", "[bicep][golden]") {
  check_case("container-insights", {{Safety::Safe, "container-insights"}});
}

TEST_CASE("bicep golden: a workspace resource in the file is wired as symbol.id",
          "[bicep][golden]") {
  check_case("workspace-resource", {{Safety::Safe, "workspace-resource"}});
}

TEST_CASE("bicep golden: defender joins other securityProfile members after a comment",
          "[bicep][golden]") {
  check_case("other-security-members", {{Safety::Safe, "parameter"}});
}

TEST_CASE("bicep golden: enabled false becomes true and a missing workspace is wired",
          "[bicep][golden]") {
  check_case("defender-disabled", {{Safety::Safe, "parameter"}});
}

TEST_CASE("bicep golden: enabled as a string becomes boolean true", "[bicep][golden]") {
  check_case("enabled-as-string", {{Safety::Safe, ""}});
}

TEST_CASE("bicep golden: property names in another case are edited in place", "[bicep][golden]") {
  check_case("key-casing", {{Safety::Safe, ""}});
}

TEST_CASE("bicep golden: legacy azureDefender is migrated only with unsafe fixes",
          "[bicep][golden]") {
  check_case("legacy-azure-defender", {{Safety::Unsafe, "azure-defender"}});
}

TEST_CASE("bicep golden: an old apiVersion is raised in the type string only with unsafe fixes",
          "[bicep][golden]") {
  check_case("old-api-version", {{Safety::Unsafe, "parameter"}});
}

TEST_CASE("bicep golden: enabled from a false parameter is unsafe, from a true variable passes",
          "[bicep][golden]") {
  check_case("enabled-expression", {{Safety::Unsafe, ""}});
}

TEST_CASE("bicep golden: an expression-valued defender is wrapped in union() when unsafe",
          "[bicep][golden]") {
  check_case("expression-security-profile", {{Safety::Unsafe, "new-parameter"}});
}

TEST_CASE("bicep golden: a new parameter is declared after the file's header", "[bicep][golden]") {
  check_case("new-parameter", {{Safety::Safe, "new-parameter"}});
}

TEST_CASE("bicep golden: looped and conditional clusters are fixed in their body",
          "[bicep][golden]") {
  check_case("loop-with-condition", {{Safety::Safe, "parameter"}, {Safety::Safe, "parameter"}});
}

TEST_CASE("bicep golden: existing clusters and their child resources are untouched",
          "[bicep][golden]") {
  check_case("existing-cluster", {});
}

TEST_CASE("bicep golden: CRLF and four-space indentation are kept", "[bicep][golden]") {
  check_case("crlf-4-space", {{Safety::Safe, "container-insights"}});
}

TEST_CASE("bicep golden: tabs and a missing final newline are kept", "[bicep][golden]") {
  check_case("tabs-no-final-newline", {{Safety::Safe, "new-parameter"}});
}

TEST_CASE("bicep golden: a one-line object stays on one line", "[bicep][golden]") {
  check_case("one-line-objects", {{Safety::Safe, "parameter"}});
}

TEST_CASE("bicep golden: --workspace-id gives the new parameter a default", "[bicep][golden]") {
  PipelineOptions options = test::defender_only();
  options.fix.workspace_id = kWorkspaceId;
  check_case("option-workspace-id", {{Safety::Safe, "new-parameter"}}, options);
}

TEST_CASE("bicep golden: --no-workspace sets only securityMonitoring", "[bicep][golden]") {
  PipelineOptions options = test::defender_only();
  options.fix.no_workspace = true;
  check_case("option-no-workspace", {{Safety::Safe, ""}}, options);
}

TEST_CASE("bicep golden: --workspace-param wins over Container insights", "[bicep][golden]") {
  PipelineOptions options = test::defender_only();
  options.fix.workspace_param = "securityWorkspace";
  options.fix.workspace_param_given = true;
  check_case("option-workspace-param", {{Safety::Safe, "workspace-param"}}, options);
}

TEST_CASE("bicep golden: every case directory is covered by a test", "[bicep][golden]") {
  std::vector<std::string> cases;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::source_path("tests/golden/bicep"))) {
    if (entry.is_directory()) cases.push_back(entry.path().filename().string());
  }
  std::sort(cases.begin(), cases.end());
  CHECK(cases == std::vector<std::string>{"container-insights",
                                          "crlf-4-space",
                                          "defender-disabled",
                                          "enabled-as-string",
                                          "enabled-expression",
                                          "existing-cluster",
                                          "expression-security-profile",
                                          "key-casing",
                                          "legacy-azure-defender",
                                          "loop-with-condition",
                                          "new-parameter",
                                          "old-api-version",
                                          "one-line-objects",
                                          "option-no-workspace",
                                          "option-workspace-id",
                                          "option-workspace-param",
                                          "other-security-members",
                                          "rule-example",
                                          "tabs-no-final-newline",
                                          "workspace-resource"});
}
