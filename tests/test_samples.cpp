// samples/ as golden files: every template, fixed with and without --unsafe-fixes, must match
// the committed .fixed / .fixed-unsafe bytes exactly, its findings (every rule's) must be the
// committed .findings lines, and a second run must change nothing. ARMFIX_UPDATE_SAMPLES=1
// writes the golden files from what the run gives instead, for review with git diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "armfix/pipeline.hpp"
#include "support.hpp"

using armfix::FileOutcome;
using armfix::PipelineOptions;
using armfix::process_text;
using armfix::test::file_exists;
using armfix::test::read_file;
using armfix::test::source_path;

namespace {

FileOutcome run(const std::string& text, bool unsafe_fixes) {
  PipelineOptions options;
  options.unsafe_fixes = unsafe_fixes;
  return process_text(text, options);
}

// One line per finding of the default run: where, safety, rule, workspace strategy, message.
std::string findings_text(const FileOutcome& outcome) {
  std::string text;
  for (const auto& reported : outcome.findings) {
    const armfix::Finding& finding = reported.finding;
    text += std::to_string(reported.position.line) + ":" +
            std::to_string(reported.position.column) + ": " + to_string(finding.safety) + ": " +
            (finding.rule != nullptr ? finding.rule->name : std::string("?")) +
            (finding.strategy.empty() ? "" : " [" + finding.strategy + "]") + ": " +
            finding.message + (reported.applied ? " (applied)" : "") + "\n";
  }
  return text;
}

std::string read_or_empty(const std::string& path) {
  return file_exists(path) ? read_file(path) : std::string();
}

void write_golden(const std::string& path, const std::string& text, bool keep) {
  if (!keep) {
    std::remove(path.c_str());
    return;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

void check_sample(const std::string& file) {
  const std::string input_path = source_path("samples/" + file).string();
  const std::string input = read_file(input_path);
  FileOutcome safe = run(input, false);
  REQUIRE_FALSE(safe.error);
  FileOutcome unsafe = run(input, true);
  REQUIRE_FALSE(unsafe.error);
  const std::string safe_text = safe.changed() ? safe.fixed_text : input;
  const std::string unsafe_text = unsafe.changed() ? unsafe.fixed_text : input;

  if (std::getenv("ARMFIX_UPDATE_SAMPLES") != nullptr) {
    write_golden(input_path + ".fixed", safe_text, true);
    write_golden(input_path + ".fixed-unsafe", unsafe_text, unsafe_text != safe_text);
    write_golden(input_path + ".findings", findings_text(safe), !safe.findings.empty());
  }
  const std::string fixed = read_file(input_path + ".fixed");
  const auto unsafe_path = input_path + ".fixed-unsafe";
  const std::string fixed_unsafe = file_exists(unsafe_path) ? read_file(unsafe_path) : fixed;
  CHECK(safe_text == fixed);
  CHECK(findings_text(safe) == read_or_empty(input_path + ".findings"));
  CHECK(unsafe_text == fixed_unsafe);

  // Idempotence: the fixed files have nothing left that the same run would fix.
  CHECK_FALSE(run(fixed, false).changed());
  CHECK_FALSE(run(fixed_unsafe, true).changed());
}

}  // namespace

TEST_CASE("sample 01: Container insights workspace is reused", "[samples]") {
  check_sample("01-container-insights/azuredeploy.json");
}

TEST_CASE("sample 02: defender joins other securityProfile members", "[samples]") {
  check_sample("02-other-security-members/azuredeploy.json");
}

TEST_CASE("sample 03: disabled Defender is enabled and wired", "[samples]") {
  check_sample("03-defender-disabled/azuredeploy.json");
}

TEST_CASE("sample 04: enabled as a string becomes boolean true", "[samples]") {
  check_sample("04-enabled-as-string/azuredeploy.json");
}

TEST_CASE("sample 05: the template's key spelling is reused", "[samples]") {
  check_sample("05-key-casing/azuredeploy.json");
}

TEST_CASE("sample 06: legacy azureDefender is migrated only with unsafe fixes", "[samples]") {
  check_sample("06-legacy-azure-defender/azuredeploy.json");
}

TEST_CASE("sample 07: an old apiVersion is raised only with unsafe fixes", "[samples]") {
  check_sample("07-old-api-version/azuredeploy.json");
}

TEST_CASE("sample 08: an apiVersion expression needs a person", "[samples]") {
  check_sample("08-api-version-expression/azuredeploy.json");
}

TEST_CASE("sample 09: enabled expressions resolve through parameters and variables", "[samples]") {
  check_sample("09-enabled-expression/azuredeploy.json");
}

TEST_CASE("sample 10: an expression-valued securityProfile is wrapped in union()", "[samples]") {
  check_sample("10-expression-security-profile/main.json");
}

TEST_CASE("sample 11: a workspace parameter is added when nothing else exists", "[samples]") {
  check_sample("11-new-parameter/azuredeploy.json");
}

TEST_CASE("sample 12: the parameter is passed through an inner-scope deployment", "[samples]") {
  check_sample("12-nested-inner-deployment/main.json");
}

TEST_CASE("sample 13: symbolic resources use resourceInfo and skip existing clusters",
          "[samples]") {
  check_sample("13-symbolic-resources/main.json");
}

TEST_CASE("sample 14: a compliant template is left alone", "[samples]") {
  check_sample("14-compliant/azuredeploy.json");
}

TEST_CASE("sample 15: outer-scope nested clusters use the top-level parameters", "[samples]") {
  check_sample("15-subscription-scope-outer/azuredeploy.json");
}

TEST_CASE("sample 16: CRLF, tabs, comments and trailing commas are kept", "[samples]") {
  check_sample("16-crlf-comments-tabs/azuredeploy.json");
}
