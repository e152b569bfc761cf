// Tests of every report rendered from hand-made results: text lines and summary, statuses,
// totals and exit codes, JSON fields, SARIF fixes against the original text, and the Markdown
// summary.
#include <catch2/catch.hpp>

#include <string>

#include "armfix/engine.hpp"
#include "report/report_json.hpp"
#include "report/report_sarif.hpp"
#include "report/report_text.hpp"
#include "report/run_result.hpp"
#include "report/summary_markdown.hpp"

namespace {

using namespace armfix;
using Json = nlohmann::ordered_json;

const RuleInfo kRule{"Azure.AKS.DefenderProfile",
                     "AZR-000370",
                     "Enable Defender.",
                     "https://example.test/rule",
                     "Safe: most. Unsafe: apiVersion.",
                     {}};

// A made-up second rule, so that one resource can fail two rules whose counts are known.
const RuleInfo kSecondRule{"Azure.Test.SecondRule",       "AZR-999999", "Something else.",
                           "https://example.test/second", "Safe: all.", {}};

// Line 3 holds a two-byte character before the edited `{}`, so columns differ from bytes.
const std::string kOriginal =
    "{\n"
    "  \"resources\": [\n"
    "    { \"name\": \"ak\xC5\x9B"
    "1\", \"properties\": {} },\n"
    "    { \"name\": \"aks2\" }\n"
    "  ]\n"
    "}\n";

ReportedFinding finding(const std::string& resource, std::size_t index, Position position,
                        Safety safety, bool applied) {
  ReportedFinding reported;
  reported.finding.rule = &kRule;
  reported.finding.resource.name = resource;
  reported.finding.resource.pointer = JsonPointer({"resources", std::to_string(index)});
  reported.finding.message = "Defender is not enabled on " + resource;
  reported.finding.safety = safety;
  reported.finding.strategy = safety == Safety::Manual ? "" : "new-parameter";
  reported.position = position;
  reported.applied = applied;
  return reported;
}

FileResult fixed_file() {
  FileResult file;
  file.path = "infra/a.json";
  file.state = FileState::Checked;
  file.original = kOriginal;
  auto safe = finding(
      "ak\xC5\x9B"
      "1",
      0, {3, 5}, Safety::Safe, true);
  safe.finding.required_parameters.push_back({"logAnalyticsWorkspaceResourceId", "The workspace"});
  file.outcome.findings.push_back(safe);
  file.outcome.findings.push_back(finding("aks2", 1, {4, 5}, Safety::Unsafe, false));
  const std::size_t braces = kOriginal.find("{}");
  const std::size_t bracket = kOriginal.find(']') + 1;
  file.outcome.edits.push_back(TextEdit{braces, 2, "{ \"x\": 1 }"});
  file.outcome.edits.push_back(TextEdit{bracket, 0, ",\n  \"parameters\": {}"});
  file.outcome.edit_findings = {{0}, {0}};  // both fix the applied finding
  return file;
}

FileResult manual_file() {
  FileResult file;
  file.path = "b.json";
  file.state = FileState::Checked;
  file.original = "{}";
  file.outcome.findings.push_back(finding("aks3", 0, {7, 9}, Safety::Manual, false));
  return file;
}

FileResult invalid_file() {
  FileResult file;
  file.path = "c.json";
  file.state = FileState::Failed;
  SourceError error;
  error.position = {3, 7};
  error.message = "expected ',' or '}'";
  file.errors.push_back(error);
  return file;
}

FileResult other_file(const std::string& path, FileState state) {
  FileResult file;
  file.path = path;
  file.state = state;
  file.skip_reason = "because";
  return file;
}

RunResult sample_run(Mode mode) {
  RunResult run;
  run.mode = mode;
  run.files.push_back(fixed_file());
  run.files.push_back(manual_file());
  run.files.push_back(invalid_file());
  run.files.push_back(other_file("d.json", FileState::NoClusters));
  run.files.push_back(other_file("e.json", FileState::NotTemplate));
  run.files.push_back(other_file("f.txt", FileState::Skipped));
  if (mode == Mode::Write) run.files[0].written = true;
  return run;
}

RunResult clean_run(Mode mode) {
  RunResult run;
  run.mode = mode;
  FileResult clean;
  clean.path = "ok.json";
  clean.outcome.resources = 2;
  run.files.push_back(clean);
  run.files.push_back(other_file("d.json", FileState::NoClusters));
  return run;
}

ReportedFinding second_rule_finding(std::size_t index, Position position, Safety safety,
                                    bool applied) {
  ReportedFinding reported =
      finding("aks" + std::to_string(index), index, position, safety, applied);
  reported.finding.rule = &kSecondRule;
  reported.finding.message = "Something else is wrong";
  return reported;
}

// Two rules: infra/a.json's first cluster fails both (one fixed, one manual), its second fails
// the second rule (unsafe), its third none; b.json's one cluster fails the second rule (fixed).
RunResult two_rule_run(Mode mode) {
  RunResult run;
  run.mode = mode;
  FileResult a;
  a.path = "infra/a.json";
  a.outcome.resources = 3;
  a.outcome.findings.push_back(finding("aks0", 0, {3, 5}, Safety::Safe, true));
  a.outcome.findings.push_back(second_rule_finding(0, {3, 5}, Safety::Manual, false));
  a.outcome.findings.push_back(second_rule_finding(1, {9, 5}, Safety::Unsafe, false));
  a.outcome.edits.push_back(TextEdit{0, 0, "x"});
  FileResult b;
  b.path = "b.json";
  b.outcome.resources = 1;
  b.outcome.findings.push_back(second_rule_finding(0, {4, 5}, Safety::Safe, true));
  b.outcome.edits.push_back(TextEdit{0, 0, "y"});
  if (mode == Mode::Write) a.written = b.written = true;
  run.files.push_back(a);
  run.files.push_back(b);
  run.files.push_back(other_file("d.json", FileState::NoClusters));
  return run;
}

std::string text_report(const RunResult& run, bool quiet = false) {
  TextReportOptions options;
  options.quiet = quiet;
  return render_text_report(run, options);
}

}  // namespace

TEST_CASE("statuses follow the mode, the safety and whether the fix was applied", "[reports]") {
  RunResult report = sample_run(Mode::Report);
  const FileResult& file = report.files[0];
  CHECK(status_of(file.outcome.findings[0], file, Mode::Report) == FindingStatus::Fixable);
  CHECK(status_of(file.outcome.findings[0], file, Mode::Patch) == FindingStatus::Fixable);
  CHECK(status_of(file.outcome.findings[1], file, Mode::Report) == FindingStatus::Unsafe);
  CHECK(status_of(report.files[1].outcome.findings[0], report.files[1], Mode::Write) ==
        FindingStatus::Manual);
  RunResult write = sample_run(Mode::Write);
  CHECK(status_of(write.files[0].outcome.findings[0], write.files[0], Mode::Write) ==
        FindingStatus::Fixed);
  write.files[0].written = false;  // the write failed
  CHECK(status_of(write.files[0].outcome.findings[0], write.files[0], Mode::Write) ==
        FindingStatus::Fixable);
}

TEST_CASE("text report: one compiler-style line per finding, errors, then the summary",
          "[reports]") {
  CHECK(text_report(sample_run(Mode::Report)) ==
        "infra/a.json:3:5: Azure.AKS.DefenderProfile: Defender is not enabled on ak\xC5\x9B"
        "1 [fixable]\n"
        "infra/a.json:4:5: Azure.AKS.DefenderProfile: Defender is not enabled on aks2 [unsafe]\n"
        "b.json:7:9: Azure.AKS.DefenderProfile: Defender is not enabled on aks3 [manual]\n"
        "c.json:3:7: error: expected ',' or '}'\n"
        "3 resources in 2 files: 1 fixable, 1 needs --unsafe-fixes, 1 needs a manual fix; "
        "1 error\n");
}

TEST_CASE("text report after --write marks applied fixes as fixed", "[reports]") {
  std::string report = text_report(sample_run(Mode::Write));
  CHECK_THAT(report, Catch::Contains("infra/a.json:3:5: Azure.AKS.DefenderProfile: Defender is "
                                     "not enabled on ak\xC5\x9B"
                                     "1 [fixed]\n"));
  CHECK_THAT(report, Catch::EndsWith("3 resources in 2 files: 1 fixed, 1 needs --unsafe-fixes, "
                                     "1 needs a manual fix; 1 error\n"));
}

TEST_CASE("quiet text report keeps only what needs attention", "[reports]") {
  std::string report = text_report(sample_run(Mode::Write), true);
  CHECK_THAT(report, !Catch::Contains("[fixed]"));
  CHECK_THAT(report, Catch::Contains("[unsafe]"));
  CHECK_THAT(report, Catch::Contains("c.json:3:7: error:"));
  CHECK_THAT(report, !Catch::Contains("resources in"));
}

TEST_CASE("coloured text report wraps status and location in ANSI codes", "[reports]") {
  TextReportOptions options;
  options.palette = Palette::of(true);
  std::string report = render_text_report(sample_run(Mode::Report), options);
  CHECK_THAT(report, Catch::Contains("\033[1minfra/a.json:3:5:\033[0m"));
  CHECK_THAT(report, Catch::Contains("\033[33m[unsafe]\033[0m"));
  CHECK_THAT(text_report(sample_run(Mode::Report)), !Catch::Contains("\033["));
}

TEST_CASE("summary line counts resources and files, with the right number agreement", "[reports]") {
  CHECK(summary_line(clean_run(Mode::Report)) == "2 resources in 1 file: 2 compliant");
  RunResult nothing;
  nothing.files.push_back(other_file("d.json", FileState::NoClusters));
  CHECK(summary_line(nothing) == "no resources in 1 file");
  RunResult mixed = sample_run(Mode::Report);
  mixed.files[0].outcome.resources = 3;
  CHECK(summary_line(mixed) ==
        "4 resources in 2 files: 1 fixable, 1 needs --unsafe-fixes, "
        "1 needs a manual fix, 1 compliant; 1 error");
  RunResult one;
  one.files.push_back(fixed_file());
  one.files[0].outcome.findings.pop_back();
  CHECK(summary_line(one) == "1 resource in 1 file: 1 fixable");
  RunResult two_unsafe = sample_run(Mode::Report);
  two_unsafe.files[1].outcome.findings[0].finding.safety = Safety::Unsafe;
  two_unsafe.files.erase(two_unsafe.files.begin() + 2);
  CHECK(summary_line(two_unsafe) == "3 resources in 2 files: 1 fixable, 2 need --unsafe-fixes");
}

TEST_CASE("a resource failing two rules counts once, by the worst status of its findings",
          "[reports]") {
  const Totals totals = totals_of(two_rule_run(Mode::Write));
  CHECK(totals.resources == 4);
  CHECK(totals.files_with_resources == 2);
  CHECK(totals.compliant == 1);
  CHECK(totals.failing.fixed == 1);    // b.json's cluster
  CHECK(totals.failing.fixable == 0);  // infra/a.json's first: fixed for one rule, manual for
  CHECK(totals.failing.manual == 1);   // the other, so it needs a manual fix
  CHECK(totals.failing.unsafe == 1);
  // The parts add up to the resources checked.
  CHECK(totals.failing.total() + totals.compliant == totals.resources);
  // Findings are still one per failing resource and rule.
  CHECK(totals.findings == 4);
  CHECK(totals.fixed == 2);
  CHECK(totals.unsafe == 1);
  CHECK(totals.manual == 1);
  CHECK(totals.files_with_findings == 2);
  REQUIRE(totals.rules.size() == 2);
  const StatusCounts& defender = totals.rules.at("Azure.AKS.DefenderProfile");
  CHECK(defender.total() == 1);
  CHECK(defender.fixed == 1);
  const StatusCounts& second = totals.rules.at("Azure.Test.SecondRule");
  CHECK(second.total() == 3);
  CHECK(second.fixed == 1);
  CHECK(second.fixable == 0);
  CHECK(second.unsafe == 1);
  CHECK(second.manual == 1);
  // Before --write, the fixed finding is only fixable: the resource still needs a person.
  const Totals report = totals_of(two_rule_run(Mode::Report));
  CHECK(report.failing.manual == 1);
  CHECK(report.failing.fixable == 1);
  CHECK(report.failing.total() + report.compliant == report.resources);
}

TEST_CASE("the worst status wins: manual, then unsafe, then fixable, then fixed", "[reports]") {
  CHECK(worse(FindingStatus::Fixed, FindingStatus::Fixable) == FindingStatus::Fixable);
  CHECK(worse(FindingStatus::Unsafe, FindingStatus::Fixable) == FindingStatus::Unsafe);
  CHECK(worse(FindingStatus::Unsafe, FindingStatus::Manual) == FindingStatus::Manual);
  CHECK(worse(FindingStatus::Manual, FindingStatus::Fixed) == FindingStatus::Manual);
  CHECK(worse(FindingStatus::Fixed, FindingStatus::Fixed) == FindingStatus::Fixed);
}

TEST_CASE("resources with findings: each once, however many rules fail it", "[reports]") {
  const RunResult run = two_rule_run(Mode::Report);
  CHECK(resources_with_findings(run.files[0].outcome) == 2);
  CHECK(resources_with_findings(run.files[1].outcome) == 1);
  CHECK(resources_with_findings(FileOutcome{}) == 0);
}

TEST_CASE("a resource that fails a rule without being counted as checked is still counted",
          "[reports]") {
  RunResult run = two_rule_run(Mode::Report);
  run.files[0].outcome.resources = 0;
  const Totals totals = totals_of(run);
  CHECK(totals.resources == 3);  // infra/a.json's two failing resources and b.json's
  CHECK(totals.compliant == 0);
}

TEST_CASE("text summary: a line per rule after the summary line with two rules, none with one",
          "[reports]") {
  CHECK(text_report(two_rule_run(Mode::Write)) ==
        "infra/a.json:3:5: Azure.AKS.DefenderProfile: Defender is not enabled on aks0 [fixed]\n"
        "infra/a.json:3:5: Azure.Test.SecondRule: Something else is wrong [manual]\n"
        "infra/a.json:9:5: Azure.Test.SecondRule: Something else is wrong [unsafe]\n"
        "b.json:4:5: Azure.Test.SecondRule: Something else is wrong [fixed]\n"
        "4 resources in 2 files: 1 fixed, 1 needs --unsafe-fixes, 1 needs a manual fix, "
        "1 compliant\n"
        "  Azure.AKS.DefenderProfile: 1 finding: 1 fixed\n"
        "  Azure.Test.SecondRule: 3 findings: 1 fixed, 1 needs --unsafe-fixes, "
        "1 needs a manual fix\n");
  CHECK(rule_summary_lines(totals_of(two_rule_run(Mode::Report))) ==
        "  Azure.AKS.DefenderProfile: 1 finding: 1 fixable\n"
        "  Azure.Test.SecondRule: 3 findings: 1 fixable, 1 needs --unsafe-fixes, "
        "1 needs a manual fix\n");
  // One rule: the summary line alone.
  CHECK(rule_summary_lines(totals_of(sample_run(Mode::Report))).empty());
  CHECK(rule_summary_lines(totals_of(clean_run(Mode::Report))).empty());
  RunResult one_rule = two_rule_run(Mode::Report);
  one_rule.files[0].outcome.findings.erase(one_rule.files[0].outcome.findings.begin());
  CHECK(rule_summary_lines(totals_of(one_rule)).empty());
  CHECK_THAT(text_report(one_rule), Catch::EndsWith("1 compliant\n"));
  // Quiet: no summary, so no rule lines either.
  CHECK_THAT(text_report(two_rule_run(Mode::Write), true), !Catch::Contains("findings:"));
}

TEST_CASE("exit codes: 2 on any error, 1 while findings remain, else 0", "[reports]") {
  CHECK(exit_code_of(sample_run(Mode::Report)) == 2);
  RunResult without_error = sample_run(Mode::Write);
  without_error.files.erase(without_error.files.begin() + 2);
  CHECK(exit_code_of(without_error) == 1);  // unsafe and manual findings remain
  RunResult all_fixed;
  all_fixed.mode = Mode::Write;
  all_fixed.files.push_back(fixed_file());
  all_fixed.files[0].outcome.findings.pop_back();
  all_fixed.files[0].written = true;
  CHECK(exit_code_of(all_fixed) == 0);
  all_fixed.mode = Mode::DryRun;
  CHECK(exit_code_of(all_fixed) == 1);  // shown, not applied
  CHECK(exit_code_of(clean_run(Mode::Report)) == 0);
}

TEST_CASE("totals count every kind of file and finding", "[reports]") {
  Totals totals = totals_of(sample_run(Mode::Report));
  CHECK(totals.files_read == 4);
  CHECK(totals.templates == 2);
  CHECK(totals.without_resources == 1);
  CHECK(totals.not_templates == 1);
  CHECK(totals.files_with_findings == 2);
  CHECK(totals.resources == 3);
  CHECK(totals.compliant == 0);
  CHECK(totals.findings == 3);
  CHECK(totals.fixable == 1);
  CHECK(totals.unsafe == 1);
  CHECK(totals.manual == 1);
  CHECK(totals.errors == 1);
  CHECK(totals.changed_files == 1);
  CHECK(totals.written_files == 0);
}

TEST_CASE("JSON report written an entry at a time is the report, byte for byte",
          "[reports][scale]") {
  auto streamed = [](const RunResult& run) {
    std::string text;
    int parts = 0;
    write_json_report(run, [&](std::string_view part) {
      text += part;
      ++parts;
    });
    return std::make_pair(text, parts);
  };
  for (Mode mode : {Mode::Report, Mode::Write, Mode::DryRun}) {
    INFO(to_string(mode));
    const RunResult run = sample_run(mode);
    const auto [text, parts] = streamed(run);
    CHECK(text == json_report_text(json_report(run)));
    CHECK(parts > 3);  // never the whole report in one part
    CHECK(Json::parse(text)["files"].size() == 3);
  }
  RunResult empty;
  CHECK(streamed(empty).first == json_report_text(json_report(empty)));
  CHECK(Json::parse(streamed(empty).first)["files"].empty());
}

TEST_CASE("SARIF log written a result at a time is the log, byte for byte", "[reports][scale]") {
  const std::vector<const RuleInfo*> rules{&kRule};
  auto streamed = [&rules](const RunResult& run) {
    std::string text;
    int parts = 0;
    write_sarif_report(run, rules, [&](std::string_view part) {
      text += part;
      ++parts;
    });
    return std::make_pair(text, parts);
  };
  for (Mode mode : {Mode::Report, Mode::Write}) {
    INFO(to_string(mode));
    const RunResult run = sample_run(mode);
    const auto [text, parts] = streamed(run);
    CHECK(text == json_report_text(sarif_report(run, rules)));
    CHECK(parts > 3);
    CHECK(Json::parse(text)["runs"][0]["results"].size() == 3);
  }
  RunResult empty;
  CHECK(streamed(empty).first == json_report_text(sarif_report(empty, rules)));
}

TEST_CASE("JSON report: version, files with findings and errors, totals", "[reports]") {
  Json report = json_report(sample_run(Mode::Write));
  CHECK(report["version"] == kJsonReportVersion);
  CHECK(report["tool"]["name"] == "armfix");
  CHECK(report["mode"] == "write");
  REQUIRE(report["files"].size() == 3);  // templates and files with errors
  const Json& file = report["files"][0];
  CHECK(file["path"] == "infra/a.json");
  CHECK(file["template"] == true);
  CHECK(file["changed"] == true);
  CHECK(file["written"] == true);
  REQUIRE(file["findings"].size() == 2);
  const Json& fixed = file["findings"][0];
  CHECK(fixed["rule"] == "Azure.AKS.DefenderProfile");
  CHECK(fixed["ref"] == "AZR-000370");
  CHECK(fixed["resource"] ==
        "ak\xC5\x9B"
        "1");
  CHECK(fixed["pointer"] == "/resources/0");
  CHECK(fixed["line"] == 3);
  CHECK(fixed["column"] == 5);
  CHECK(fixed["message"] ==
        "Defender is not enabled on ak\xC5\x9B"
        "1");
  CHECK(fixed["safety"] == "safe");
  CHECK(fixed["status"] == "fixed");
  CHECK(fixed["applied"] == true);
  CHECK(fixed["strategy"] == "new-parameter");
  CHECK(fixed["requiredParameters"] ==
        Json::parse(
            R"([{"name": "logAnalyticsWorkspaceResourceId", "description": "The workspace",
                 "parameterFiles": []}])"));
  const Json& unsafe = file["findings"][1];
  CHECK(unsafe["safety"] == "unsafe");
  CHECK(unsafe["status"] == "unsafe");
  CHECK(unsafe["applied"] == false);
  CHECK(report["files"][1]["findings"][0]["strategy"].is_null());
  const Json& invalid = report["files"][2];
  CHECK(invalid["path"] == "c.json");
  CHECK(invalid["template"] == false);
  CHECK(invalid["errors"] ==
        Json::parse(R"([{"line": 3, "column": 7, "message": "expected ',' or '}'"}])"));
  const Json& totals = report["totals"];
  CHECK(totals["filesRead"] == 4);
  CHECK(totals["templates"] == 2);
  CHECK(totals["withoutResources"] == 1);
  CHECK(totals["notTemplates"] == 1);
  CHECK(totals["resources"] == 3);
  CHECK(totals["compliant"] == 0);
  CHECK(totals["findings"] == 3);
  CHECK(totals["fixed"] == 1);
  CHECK(totals["unsafe"] == 1);
  CHECK(totals["manual"] == 1);
  CHECK(totals["errors"] == 1);
  CHECK(totals["changedFiles"] == 1);
  CHECK(totals["writtenFiles"] == 1);
  CHECK(totals["parameterFilesToUpdate"] == 0);
}

// infra/a.json with a second rule's finding on its first resource, both fixed by the edit
// of `{}` (their fixes merged), the parameter edit the first finding's alone.
RunResult merged_edit_run(Mode mode) {
  RunResult run;
  run.mode = mode;
  FileResult file = fixed_file();
  auto second = second_rule_finding(0, {3, 5}, Safety::Safe, true);
  file.outcome.findings.insert(file.outcome.findings.begin() + 1, second);
  file.outcome.edit_findings = {{0, 1}, {0}};
  run.files.push_back(file);
  return run;
}

TEST_CASE("JSON report: each finding lists the edits that fix it, shared ones marked",
          "[reports]") {
  const Json findings = json_report(merged_edit_run(Mode::Report))["files"][0]["findings"];
  REQUIRE(findings.size() == 3);
  // Byte 56 is column 37 of line 3: the `{}` after a two-byte character.
  const Json merged = Json::parse(R"({"offset": 56, "length": 2, "text": "{ \"x\": 1 }",
      "line": 3, "column": 37, "endLine": 3, "endColumn": 39, "shared": true})");
  REQUIRE(findings[0]["edits"].size() == 2);
  CHECK(findings[0]["edits"][0] == merged);
  CHECK(findings[0]["edits"][1]["offset"] == kOriginal.find(']') + 1);
  CHECK(findings[0]["edits"][1]["line"] == 5);
  CHECK(findings[0]["edits"][1]["column"] == 4);
  CHECK(findings[0]["edits"][1]["shared"] == false);
  CHECK(findings[1]["rule"] == "Azure.Test.SecondRule");
  CHECK(findings[1]["edits"] == Json::array({merged}));
  // A fix that is not applied has no edits.
  CHECK(findings[2]["edits"] == Json::array());
  // A file with an error reports no edits: nothing of it is changed.
  RunResult failed = merged_edit_run(Mode::Write);
  failed.files[0].errors.push_back(SourceError{{1, 1}, 0, "cannot write"});
  CHECK(json_report(failed)["files"][0]["findings"][0]["edits"] == Json::array());
}

TEST_CASE("SARIF results name the rules that share their fix's edit", "[reports]") {
  const Json results =
      sarif_report(merged_edit_run(Mode::Report), {&kRule, &kSecondRule})["runs"][0]["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["properties"]["sharedFixWith"] == Json::array({"Azure.Test.SecondRule"}));
  CHECK(results[1]["properties"]["sharedFixWith"] == Json::array({"Azure.AKS.DefenderProfile"}));
  CHECK_FALSE(results[2]["properties"].contains("sharedFixWith"));
  // The shared edit is given once, with the first finding's fix.
  CHECK(results[0].contains("fixes"));
  CHECK_FALSE(results[1].contains("fixes"));
}

TEST_CASE("Markdown summary: a Rule column with several rules, and edits shared between rules",
          "[reports]") {
  const std::string markdown = summary_markdown(merged_edit_run(Mode::Patch));
  CHECK_THAT(markdown, Catch::Contains("| File | Resource | Rule | Status |"));
  CHECK_THAT(markdown, Catch::Contains("| `Azure.AKS.DefenderProfile` | fixed by the patch (one "
                                       "edit with `Azure.Test.SecondRule`) |"));
  CHECK_THAT(markdown, Catch::Contains("| `Azure.Test.SecondRule` | fixed by the patch (one edit "
                                       "with `Azure.AKS.DefenderProfile`) |"));
  CHECK_THAT(markdown, Catch::Contains("| `aks2` | `Azure.AKS.DefenderProfile` | needs "
                                       "`--unsafe-fixes` |"));
}

TEST_CASE("SARIF replacement: lines and character columns, offsets and inserted text",
          "[reports]") {
  const std::size_t braces = kOriginal.find("{}");
  Json replacement = sarif_replacement(kOriginal, TextEdit{braces, 2, "{ \"x\": 1 }"});
  CHECK(replacement == Json::parse(R"({
    "deletedRegion": {"startLine": 3, "startColumn": 37, "endLine": 3, "endColumn": 39,
                      "charOffset": 55, "charLength": 2},
    "insertedContent": {"text": "{ \"x\": 1 }"}})"));
  Json insertion = sarif_replacement(kOriginal, TextEdit{0, 0, "x"});
  CHECK(insertion["deletedRegion"]["charLength"] == 0);
  CHECK(insertion["deletedRegion"]["endColumn"] == 1);
  Json deletion = sarif_replacement(kOriginal, TextEdit{1, 1, ""});
  CHECK(deletion["deletedRegion"]["endLine"] == 2);  // the line break is deleted
  CHECK(deletion["deletedRegion"]["endColumn"] == 1);
  CHECK_FALSE(deletion.contains("insertedContent"));
  Json with_bom = sarif_replacement("\xEF\xBB\xBF{}", TextEdit{4, 0, "x"});
  CHECK_FALSE(with_bom["deletedRegion"].contains("charOffset"));
}

TEST_CASE("SARIF report: driver rules, results, and fixes that rebuild the fixed file",
          "[reports]") {
  Json sarif = sarif_report(sample_run(Mode::Report), {&kRule});
  CHECK(sarif["version"] == "2.1.0");
  const Json& run = sarif["runs"][0];
  const Json& rule = run["tool"]["driver"]["rules"][0];
  CHECK(rule["id"] == "Azure.AKS.DefenderProfile");
  CHECK(rule["helpUri"] == "https://example.test/rule");
  CHECK(rule["shortDescription"]["text"] == "Enable Defender.");
  REQUIRE(run["results"].size() == 3);
  const Json& first = run["results"][0];
  CHECK(first["ruleId"] == "Azure.AKS.DefenderProfile");
  CHECK(first["ruleIndex"] == 0);
  CHECK(first["message"]["text"] ==
        "Defender is not enabled on ak\xC5\x9B"
        "1");
  const Json& location = first["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "infra/a.json");
  CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(location["region"]["startLine"] == 3);
  CHECK(location["region"]["startColumn"] == 5);
  // Both edits belong to the one applied finding; the unsafe one, not applied, has no fix.
  REQUIRE(first["fixes"].size() == 1);
  const Json& replacements = first["fixes"][0]["artifactChanges"][0]["replacements"];
  REQUIRE(replacements.size() == 2);
  CHECK_FALSE(run["results"][1].contains("fixes"));
  // Applying the replacements by character offset rebuilds what the edits make.
  std::string rebuilt = kOriginal;
  std::string expected = apply_edits(kOriginal, sample_run(Mode::Report).files[0].outcome.edits);
  for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
    std::size_t chars = (*it)["deletedRegion"]["charOffset"];
    std::size_t byte = 0;
    for (std::size_t seen = 0; seen < chars; ++byte) {
      if ((static_cast<unsigned char>(kOriginal[byte]) & 0xC0U) != 0x80U) ++seen;
    }
    while (byte < kOriginal.size() &&
           (static_cast<unsigned char>(kOriginal[byte]) & 0xC0U) == 0x80U)
      ++byte;
    std::size_t length = (*it)["deletedRegion"]["charLength"];
    rebuilt.replace(byte, length, (*it).value("insertedContent", Json::object()).value("text", ""));
  }
  CHECK(rebuilt == expected);
  const Json& notification = run["invocations"][0]["toolExecutionNotifications"][0];
  CHECK(notification["level"] == "error");
  CHECK(notification["message"]["text"] == "expected ',' or '}'");
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
}

TEST_CASE("SARIF URIs are percent-encoded and relative to the source root", "[reports]") {
  CHECK(sarif_artifact_location("infra/my template#1.json") ==
        Json::parse(R"({"uri": "infra/my%20template%231.json", "uriBaseId": "%SRCROOT%"})"));
  CHECK(sarif_artifact_location("/abs/t.json") == Json::parse(R"({"uri": "file:///abs/t.json"})"));
}

TEST_CASE("Markdown summary: table, unsafe and manual sections, new parameters, errors",
          "[reports]") {
  std::string markdown = summary_markdown(sample_run(Mode::Patch));
  CHECK_THAT(markdown,
             Catch::Contains("3 resources in 2 files: 1 fixable, 1 needs --unsafe-fixes"));
  CHECK_THAT(markdown, Catch::Contains("| File | Resource | Status |"));
  CHECK_THAT(markdown, Catch::Contains("| `infra/a.json:3` | `ak\xC5\x9B"
                                       "1` | fixed by the patch | "
                                       "Defender is not enabled on ak\xC5\x9B"
                                       "1 | new-parameter |"));
  CHECK_THAT(markdown, Catch::Contains("### Needs `--unsafe-fixes`"));
  CHECK_THAT(markdown,
             Catch::Contains("- `infra/a.json:4` `aks2`: Defender is not enabled on aks2"));
  CHECK_THAT(markdown, Catch::Contains("### Needs a person"));
  CHECK_THAT(markdown, Catch::Contains("- `b.json:7` `aks3`"));
  CHECK_THAT(markdown, Catch::Contains("### New parameters deployments must supply"));
  CHECK_THAT(markdown, Catch::Contains("| `logAnalyticsWorkspaceResourceId` | The workspace | "
                                       "`infra/a.json` |"));
  CHECK_THAT(markdown, Catch::Contains("### Errors"));
  CHECK_THAT(markdown, Catch::Contains("- `c.json:3:7`: expected ',' or '}'"));
}

TEST_CASE("JSON totals: findings per rule, each resource once", "[reports]") {
  const Json totals = json_report(two_rule_run(Mode::Write))["totals"];
  CHECK(totals["resources"] == 4);
  CHECK(totals["filesWithResources"] == 2);
  CHECK(totals["withoutResources"] == 1);
  CHECK(totals["compliant"] == 1);
  CHECK(totals["findings"] == 4);
  CHECK(totals["rules"] == Json::parse(R"({
    "Azure.AKS.DefenderProfile":
      {"findings": 1, "fixed": 1, "fixable": 0, "unsafe": 0, "manual": 0},
    "Azure.Test.SecondRule":
      {"findings": 3, "fixed": 1, "fixable": 0, "unsafe": 1, "manual": 1}})"));
  // One rule: one entry; no findings: an empty object, so scripts can always read it.
  const Json one = json_report(sample_run(Mode::Report))["totals"]["rules"];
  CHECK(one == Json::parse(R"({"Azure.AKS.DefenderProfile":
    {"findings": 3, "fixed": 0, "fixable": 1, "unsafe": 1, "manual": 1}})"));
  CHECK(json_report(clean_run(Mode::Report))["totals"]["rules"] == Json::object());
}

TEST_CASE("Markdown summary: a table per rule when more than one rule has findings", "[reports]") {
  const std::string markdown = summary_markdown(two_rule_run(Mode::Patch));
  CHECK_THAT(markdown, Catch::StartsWith("## armfix: Azure.AKS.DefenderProfile, "
                                         "Azure.Test.SecondRule\n\n"
                                         "4 resources in 2 files: 1 fixable, 1 needs "
                                         "--unsafe-fixes, 1 needs a manual fix, 1 compliant.\n\n"
                                         "| Rule | Fixed | Fixable | Left for `--unsafe-fixes` "
                                         "| Left for a person |\n"
                                         "|---|---|---|---|---|\n"
                                         "| `Azure.AKS.DefenderProfile` | 1 | 0 | 0 | 0 |\n"
                                         "| `Azure.Test.SecondRule` | 1 | 0 | 1 | 1 |\n\n"
                                         "| File | Resource | Rule | Status |"));
  // In report mode nothing is fixed yet; after --write what was written is.
  CHECK_THAT(summary_markdown(two_rule_run(Mode::Report)),
             Catch::Contains("| `Azure.Test.SecondRule` | 0 | 1 | 1 | 1 |\n"));
  CHECK_THAT(summary_markdown(two_rule_run(Mode::Write)),
             Catch::Contains("| `Azure.Test.SecondRule` | 1 | 0 | 1 | 1 |\n"));
  // One rule: no table of rules.
  CHECK_THAT(summary_markdown(sample_run(Mode::Patch)), !Catch::Contains("| Rule |"));
  CHECK_THAT(summary_markdown(clean_run(Mode::Patch)), !Catch::Contains("| Rule |"));
}

TEST_CASE("Markdown summary of a clean run has no sections to act on", "[reports]") {
  std::string markdown = summary_markdown(clean_run(Mode::Patch));
  CHECK_THAT(markdown, Catch::Contains("2 resources in 1 file: 2 compliant"));
  CHECK_THAT(markdown, !Catch::Contains("###"));
  CHECK_THAT(markdown, !Catch::Contains("| File |"));
}

TEST_CASE("Markdown table cells escape pipes and line breaks", "[reports]") {
  RunResult run = sample_run(Mode::Report);
  run.files[0].outcome.findings[0].finding.message = "a | b\nc";
  CHECK_THAT(summary_markdown(run), Catch::Contains("| a \\| b c |"));
}
