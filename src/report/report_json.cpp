// The JSON report. Field names are camelCase, like SARIF's; the schema is in docs/cli.md.
#include "report/report_json.hpp"

#include <algorithm>

#include "armfix/line_index.hpp"
#include "io/parameter_files.hpp"
#include "report/json_text.hpp"

namespace armfix {

namespace {

using Json = nlohmann::ordered_json;

// One edit against the original text: bytes for tools that splice, lines and columns (1-based,
// columns counting characters, the end exclusive) for people and editors.
Json edit_json(const std::string& original, const TextEdit& edit, bool shared, LineCursor& lines) {
  const Position start = lines.position_of(original, edit.offset);
  const Position end = lines.position_of(original, edit.offset + edit.length);
  return Json{{"offset", edit.offset},   {"length", edit.length},  {"text", edit.text},
              {"line", start.line},      {"column", start.column}, {"endLine", end.line},
              {"endColumn", end.column}, {"shared", shared}};
}

// The edits that fix finding `index`: its own, and those merged from several rules' fixes
// (`shared`, listed under each finding they fix).
Json edits_json(const FileResult& file, std::size_t index) {
  Json edits = Json::array();
  const FileOutcome& outcome = file.outcome;
  if (!file.errors.empty()) return edits;
  LineCursor lines;
  for (std::size_t e = 0; e < outcome.edits.size() && e < outcome.edit_findings.size(); ++e) {
    const auto& owners = outcome.edit_findings[e];
    if (std::find(owners.begin(), owners.end(), index) == owners.end()) continue;
    edits.push_back(edit_json(file.original, outcome.edits[e], owners.size() > 1, lines));
  }
  return edits;
}

Json finding_json(const FileResult& file, std::size_t index, Mode mode) {
  const ReportedFinding& reported = file.outcome.findings[index];
  const Finding& finding = reported.finding;
  Json parameters = Json::array();
  for (const auto& parameter : finding.required_parameters) {
    Json parameter_files = Json::array();
    for (const auto& parameter_file : file.parameter_files) {
      for (const auto& missing : parameter_file.missing) {
        if (missing == parameter.name) parameter_files.push_back(parameter_file.path);
      }
    }
    parameters.push_back({{"name", parameter.name},
                          {"description", parameter.description},
                          {"parameterFiles", parameter_files}});
  }
  return Json{
      {"rule", finding.rule != nullptr ? Json(finding.rule->name) : Json()},
      {"ref", finding.rule != nullptr ? Json(finding.rule->ref) : Json()},
      {"resource", finding.resource.name},
      {"pointer", finding.resource.pointer.to_string()},
      {"line", reported.position.line},
      {"column", reported.position.column},
      {"message", finding.message},
      {"safety", to_string(finding.safety)},
      {"status", to_string(status_of(reported, file, mode))},
      {"applied", reported.applied && (mode != Mode::Write || file.written)},
      {"strategy", finding.strategy.empty() ? Json() : Json(finding.strategy)},
      {"requiredParameters", parameters},
      {"edits", edits_json(file, index)},
  };
}

Json error_json(const SourceError& error) {
  return Json{
      {"line", error.position.line}, {"column", error.position.column}, {"message", error.message}};
}

Json parameter_file_json(const ParameterFileResult& parameter_file) {
  Json snippets = Json::object();
  for (const auto& name : parameter_file.missing)
    snippets[name] = parameter_snippet(name, parameter_file.format);
  return Json{{"path", parameter_file.path},
              {"missing", parameter_file.missing},
              {"snippets", snippets},
              {"supplied", parameter_file.supplied()},
              {"written", parameter_file.written},
              {"error", parameter_file.error ? error_json(*parameter_file.error) : Json()}};
}

// A file's entry, or null when the report leaves it out (not a template and no error).
Json file_json(const FileResult& file, Mode mode) {
  if (file.state != FileState::Checked && file.errors.empty()) return Json();
  Json findings = Json::array();
  for (std::size_t i = 0; i < file.outcome.findings.size(); ++i)
    findings.push_back(finding_json(file, i, mode));
  Json errors = Json::array();
  for (const auto& error : file.errors)
    errors.push_back(error_json(error));
  Json parameter_files = Json::array();
  for (const auto& parameter_file : file.parameter_files)
    parameter_files.push_back(parameter_file_json(parameter_file));
  auto optional_path = [](const std::string& path) { return path.empty() ? Json() : Json(path); };
  return Json{{"path", file.path},
              {"language", file.language == SourceLanguage::Bicep ? "bicep" : "json"},
              {"template", file.state == FileState::Checked},
              {"changed", file.changed() && file.errors.empty()},
              {"written", file.written},
              {"bicepSource", optional_path(file.bicep_source)},
              {"compiledTemplate", optional_path(file.compiled_template)},
              {"findings", findings},
              {"notes", file.notes},
              {"errors", errors},
              {"parameterFiles", parameter_files}};
}

Json status_counts_json(const StatusCounts& counts) {
  return Json{{"findings", counts.total()},
              {"fixed", counts.fixed},
              {"fixable", counts.fixable},
              {"unsafe", counts.unsafe},
              {"manual", counts.manual}};
}

// The report with `files` left empty, for the entries to be put in.
Json report_without_files(const RunResult& run) {
  const Totals totals = totals_of(run);
  Json rules = Json::object();
  for (const auto& [name, counts] : totals.rules)
    rules[name] = status_counts_json(counts);
  return Json{{"version", kJsonReportVersion},
              {"tool", {{"name", "armfix"}, {"version", ARMFIX_VERSION}}},
              {"mode", to_string(run.mode)},
              {"files", Json::array()},
              {"totals",
               {{"filesRead", totals.files_read},
                {"templates", totals.templates},
                {"withoutResources", totals.without_resources},
                {"notTemplates", totals.not_templates},
                {"filesWithResources", totals.files_with_resources},
                {"resources", totals.resources},
                {"compliant", totals.compliant},
                {"filesWithFindings", totals.files_with_findings},
                {"findings", totals.findings},
                {"fixed", totals.fixed},
                {"fixable", totals.fixable},
                {"unsafe", totals.unsafe},
                {"manual", totals.manual},
                {"rules", rules},
                {"errors", totals.errors},
                {"changedFiles", totals.changed_files},
                {"writtenFiles", totals.written_files},
                {"parameterFilesToUpdate", totals.parameter_files_to_update}}}};
}

}  // namespace

nlohmann::ordered_json json_report(const RunResult& run) {
  Json report = report_without_files(run);
  Json& files = report["files"];
  for (const auto& file : run.files) {
    Json entry = file_json(file, run.mode);
    if (!entry.is_null()) files.push_back(std::move(entry));
  }
  return report;
}

std::string json_report_text(const Json& report) {
  return dumped_json(report) + "\n";
}

void write_json_report(const RunResult& run, const TextWriter& write) {
  StreamedJsonArray files(json_report_text(report_without_files(run)), "files", 1, write);
  for (const auto& file : run.files) {
    Json entry = file_json(file, run.mode);
    if (!entry.is_null()) files.add(entry);
  }
  files.finish();
}

}  // namespace armfix
