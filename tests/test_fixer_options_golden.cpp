// The workspace options (--workspace-id, --no-workspace, --workspace-param) as byte-exact
// golden files under tests/golden/fixer/.
#include <catch2/catch.hpp>

#include "armfix/pipeline.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

void check_golden(const std::string& name, const PipelineOptions& options,
                  const std::string& strategy) {
  const auto dir = test::source_path("tests/golden/fixer/" + name);
  FileOutcome outcome = process_text(test::read_file(dir / "before.json"), options);
  REQUIRE_FALSE(outcome.error);
  CHECK(outcome.fixed_text == test::read_file(dir / "after.json"));
  REQUIRE(outcome.findings.size() == 1);
  CHECK(outcome.findings[0].finding.strategy == strategy);
  CHECK_FALSE(process_text(outcome.fixed_text, options).changed());
}

}  // namespace

TEST_CASE("fixer golden: --workspace-id gives the new parameter a default", "[fixer][golden]") {
  PipelineOptions options = test::defender_only();
  options.fix.workspace_id =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring/providers/"
      "Microsoft.OperationalInsights/workspaces/log-central";
  check_golden("workspace-id", options, "new-parameter");
}

TEST_CASE("fixer golden: --no-workspace sets only securityMonitoring", "[fixer][golden]") {
  PipelineOptions options = test::defender_only();
  options.fix.no_workspace = true;
  check_golden("no-workspace", options, "");
}

TEST_CASE("fixer golden: --workspace-param reuses the named parameter over Container insights",
          "[fixer][golden]") {
  PipelineOptions options = test::defender_only();
  options.fix.workspace_param = "securityWorkspace";
  options.fix.workspace_param_given = true;
  check_golden("workspace-param", options, "workspace-param");
}
