// SARIF 2.1.0 for GitHub code scanning and reviewdog.
//
// A file's fix is one set of non-overlapping edits; each edit is given to the finding it fixes
// (the first of them when several rules' fixes were merged into it), so applying every
// result's fixes reproduces --write exactly.
#include "report/report_sarif.hpp"

#include "io/parameter_files.hpp"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/document.hpp"
#include "armfix/line_index.hpp"

namespace armfix {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSourceRoot = "%SRCROOT%";

std::string percent_encoded(const std::string& path) {
  std::string uri;
  for (unsigned char c : path) {
    bool unreserved = std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' ||
                      c == '/' || c == '+' || c == '@' || c == ',' || c == '=';
    if (unreserved) {
      uri += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      uri += escaped;
    }
  }
  return uri;
}

Json region_start(Position position) {
  return Json{{"startLine", position.line}, {"startColumn", position.column}};
}

Json rule_json(const RuleInfo& rule) {
  return Json{{"id", rule.name},
              {"name", rule.name},
              {"shortDescription", {{"text", rule.synopsis}}},
              {"fullDescription", {{"text", rule.synopsis + " " + rule.safety_notes}}},
              {"helpUri", rule.help_uri},
              {"properties", {{"ref", rule.ref}}}};
}

// Which applied finding each of a file's edits belongs to, by index into the findings: the
// first of those the pipeline says it fixes. An edit merged from several rules' fixes is
// given once, so applying every result's fixes reproduces --write exactly.
std::map<std::size_t, std::vector<const TextEdit*>> edits_by_finding(const FileResult& file) {
  std::map<std::size_t, std::vector<const TextEdit*>> owners;
  const auto& outcome = file.outcome;
  for (std::size_t e = 0; e < outcome.edits.size(); ++e) {
    if (e >= outcome.edit_findings.size() || outcome.edit_findings[e].empty()) continue;
    owners[outcome.edit_findings[e].front()].push_back(&outcome.edits[e]);
  }
  return owners;
}

Json fix_json(const FileResult& file, const Finding& finding,
              const std::vector<const TextEdit*>& edits) {
  // Edits that touch (an insertion where a deletion starts) become one replacement: consumers
  // apply replacements in an order SARIF leaves open, so touching ones must not be separate.
  std::vector<TextEdit> merged;
  for (const TextEdit* edit : edits) {
    if (!merged.empty() && merged.back().offset + merged.back().length == edit->offset) {
      merged.back().length += edit->length;
      merged.back().text += edit->text;
    } else {
      merged.push_back(*edit);
    }
  }
  Json replacements = Json::array();
  for (const TextEdit& edit : merged)
    replacements.push_back(sarif_replacement(file.original, edit));
  return Json{
      {"description", {{"text", finding.message}}},
      {"artifactChanges", Json::array({{{"artifactLocation", sarif_artifact_location(file.path)},
                                        {"replacements", replacements}}})}};
}

// The edits that give a parameter file the value --workspace-id-for names.
Json parameter_file_change(const ParameterFileResult& parameter_file) {
  Json replacements = Json::array();
  for (const TextEdit& edit : parameter_file.edits)
    replacements.push_back(sarif_replacement(parameter_file.original, edit));
  return Json{{"artifactLocation", sarif_artifact_location(parameter_file.path)},
              {"replacements", replacements}};
}

std::string snippets_of(const ParameterFileResult& parameter_file) {
  std::string snippets;
  for (const auto& name : parameter_file.missing)
    snippets += (snippets.empty() ? "" : ", ") + parameter_snippet(name, parameter_file.format);
  return snippets;
}

// Parameter files that must supply what the finding's fix adds, as related locations; those
// armfix supplies join the fix. Given with one finding per file only.
void add_parameter_files(Json& result, const FileResult& file) {
  Json related = Json::array();
  for (const auto& parameter_file : file.parameter_files) {
    if (parameter_file.error || parameter_file.missing.empty()) continue;
    std::string names;
    for (const auto& name : parameter_file.missing)
      names += (names.empty() ? "'" : ", '") + name + "'";
    related.push_back(
        {{"id", related.size()},
         {"message",
          {{"text", parameter_file.supplied()
                        ? "this parameter file gets a value for " + names + " (--workspace-id-for)"
                        : "this parameter file must now supply " + names + "; add " +
                              snippets_of(parameter_file)}}},
         {"physicalLocation",
          {{"artifactLocation", sarif_artifact_location(parameter_file.path)}}}});
    if (parameter_file.supplied() && result.contains("fixes")) {
      result["fixes"][0]["artifactChanges"].push_back(parameter_file_change(parameter_file));
    }
  }
  if (!related.empty()) result["relatedLocations"] = related;
}

Json result_json(const FileResult& file, std::size_t index, Mode mode,
                 const std::map<std::string, std::size_t>& rule_index,
                 const std::map<std::size_t, std::vector<const TextEdit*>>& owned_edits,
                 bool with_parameter_files) {
  const ReportedFinding& reported = file.outcome.findings[index];
  const Finding& finding = reported.finding;
  Json result;
  if (finding.rule != nullptr) {
    result["ruleId"] = finding.rule->name;
    auto it = rule_index.find(finding.rule->name);
    if (it != rule_index.end()) result["ruleIndex"] = it->second;
  }
  result["level"] = "warning";
  result["message"] = {{"text", finding.message}};
  result["locations"] =
      Json::array({{{"physicalLocation",
                     {{"artifactLocation", sarif_artifact_location(file.path)},
                      {"region", region_start(reported.position)}}},
                    {"logicalLocations",
                     Json::array({{{"name", finding.resource.name},
                                   {"fullyQualifiedName", finding.resource.pointer.to_string()},
                                   {"kind", "resource"}}})}}});
  auto owned = owned_edits.find(index);
  if (owned != owned_edits.end()) {
    result["fixes"] = Json::array({fix_json(file, finding, owned->second)});
  }
  if (with_parameter_files) add_parameter_files(result, file);
  result["properties"] = {{"ref", finding.rule != nullptr ? finding.rule->ref : ""},
                          {"safety", to_string(finding.safety)},
                          {"status", to_string(status_of(reported, file, mode))},
                          {"strategy", finding.strategy}};
  if (file.errors.empty()) {
    const auto sharing = rules_sharing_edits(file.outcome, index);
    if (!sharing.empty()) result["properties"]["sharedFixWith"] = sharing;
  }
  return result;
}

Json note_json(const FileResult& file, const std::string& note) {
  return Json{
      {"level", "note"},
      {"message", {{"text", note}}},
      {"locations", Json::array({{{"physicalLocation",
                                   {{"artifactLocation", sarif_artifact_location(file.path)}}}}})}};
}

Json notification_json(const std::string& path, const SourceError& error) {
  return Json{{"level", "error"},
              {"message", {{"text", error.message}}},
              {"locations", Json::array({{{"physicalLocation",
                                           {{"artifactLocation", sarif_artifact_location(path)},
                                            {"region", region_start(error.position)}}}}})}};
}

}  // namespace

Json sarif_artifact_location(const std::string& path) {
  if (!path.empty() && path.front() == '/') return Json{{"uri", "file://" + percent_encoded(path)}};
  return Json{{"uri", percent_encoded(path)}, {"uriBaseId", kSourceRoot}};
}

Json sarif_replacement(std::string_view original, const TextEdit& edit) {
  LineCursor lines;
  const Position start = lines.position_of(original, edit.offset);
  const Position end = lines.position_of(original, edit.offset + edit.length);
  Json region{{"startLine", start.line},
              {"startColumn", start.column},
              {"endLine", end.line},
              {"endColumn", end.column}};
  // Character offsets are ambiguous after a byte-order mark (is it a character?): left out.
  const bool has_bom = original.substr(0, 3) == "\xEF\xBB\xBF";
  if (!has_bom) {
    region["charOffset"] = count_characters(original.substr(0, edit.offset));
    region["charLength"] = count_characters(original.substr(edit.offset, edit.length));
  }
  Json replacement{{"deletedRegion", region}};
  if (!edit.text.empty()) replacement["insertedContent"] = {{"text", edit.text}};
  return replacement;
}

namespace {

// Every result of a file, in finding order, given to `add`.
void add_results(const FileResult& file, Mode mode,
                 const std::map<std::string, std::size_t>& rule_index,
                 const std::function<void(Json)>& add) {
  if (file.state != FileState::Checked) return;
  const auto owned_edits = file.errors.empty()
                               ? edits_by_finding(file)
                               : std::map<std::size_t, std::vector<const TextEdit*>>{};
  bool parameter_files_given = false;
  for (std::size_t i = 0; i < file.outcome.findings.size(); ++i) {
    const ReportedFinding& reported = file.outcome.findings[i];
    const bool with_parameter_files =
        !parameter_files_given && reported.applied && !reported.finding.required_parameters.empty();
    parameter_files_given |= with_parameter_files;
    add(result_json(file, i, mode, rule_index, owned_edits, with_parameter_files));
  }
}

// The log with every part but the results, which go into its empty `results`.
Json sarif_outline(const RunResult& run, const std::vector<const RuleInfo*>& rules,
                   std::map<std::string, std::size_t>& rule_index) {
  Json rule_list = Json::array();
  for (const RuleInfo* rule : rules) {
    rule_index.emplace(rule->name, rule_list.size());
    rule_list.push_back(rule_json(*rule));
  }

  Json notifications = Json::array();
  bool failed = false;
  for (const auto& file : run.files) {
    for (const auto& error : file.errors)
      notifications.push_back(notification_json(file.path, error));
    failed = failed || !file.errors.empty();
    for (const auto& note : file.notes)
      notifications.push_back(note_json(file, note));
    if (file.state != FileState::Checked) continue;
    for (const auto& parameter_file : file.parameter_files) {
      if (!parameter_file.error) continue;
      notifications.push_back(notification_json(parameter_file.path, *parameter_file.error));
      failed = true;
    }
  }

  std::error_code ignored;
  std::string root = "file://" + percent_encoded(std::filesystem::current_path(ignored).string());
  if (root.back() != '/') root += '/';

  Json run_json;
  run_json["tool"] = {{"driver",
                       {{"name", "armfix"},
                        {"version", ARMFIX_VERSION},
                        {"semanticVersion", ARMFIX_VERSION},
                        {"rules", rule_list}}}};
  run_json["originalUriBaseIds"] = {{kSourceRoot, {{"uri", root}}}};
  run_json["columnKind"] = "unicodeCodePoints";
  run_json["invocations"] = Json::array(
      {{{"executionSuccessful", !failed}, {"toolExecutionNotifications", notifications}}});
  run_json["results"] = Json::array();
  return Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({run_json})}};
}

}  // namespace

Json sarif_report(const RunResult& run, const std::vector<const RuleInfo*>& rules) {
  std::map<std::string, std::size_t> rule_index;
  Json log = sarif_outline(run, rules, rule_index);
  Json& results = log["runs"][0]["results"];
  for (const auto& file : run.files) {
    add_results(file, run.mode, rule_index,
                [&results](Json result) { results.push_back(std::move(result)); });
  }
  return log;
}

void write_sarif_report(const RunResult& run, const std::vector<const RuleInfo*>& rules,
                        const TextWriter& write) {
  std::map<std::string, std::size_t> rule_index;
  // `results` is a key of the run, the first element of `runs`: three levels deep.
  StreamedJsonArray results(dumped_json(sarif_outline(run, rules, rule_index)) + "\n", "results", 3,
                            write);
  for (const auto& file : run.files) {
    add_results(file, run.mode, rule_index,
                [&results](const Json& result) { results.add(result); });
  }
  results.finish();
}

}  // namespace armfix
