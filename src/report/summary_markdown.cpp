// The Markdown summary for a pull-request body.
#include "report/summary_markdown.hpp"

#include "io/parameter_files.hpp"

#include <map>
#include <set>

#include "report/report_text.hpp"

namespace armfix {

namespace {

// Table cells and list items stay on one line, and a `|` must not end a cell.
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string code(const std::string& text) {
  if (text.find('`') != std::string::npos) return escaped(text);
  return "`" + escaped(text) + "`";
}

std::string status_label(FindingStatus status, Mode mode) {
  switch (status) {
    case FindingStatus::Fixed:
      return "fixed";
    case FindingStatus::Fixable:
      if (mode == Mode::Patch || mode == Mode::DryRun) return "fixed by the patch";
      return mode == Mode::Write ? "not written (see errors)" : "fixable";
    case FindingStatus::Unsafe:
      return "needs `--unsafe-fixes`";
    case FindingStatus::Manual:
      return "needs a person";
  }
  return "";
}

struct Entry {
  const FileResult* file;
  const ReportedFinding* finding;
  FindingStatus status;
};

std::string where(const Entry& entry) {
  return code(entry.file->path + ":" + std::to_string(entry.finding->position.line));
}

std::string rule_name(const Finding& finding) {
  return finding.rule != nullptr ? finding.rule->name : std::string("armfix");
}

// A fix merged with other rules' fixes into one edit says so: one hunk serves several findings.
std::string shared_with(const Entry& entry) {
  const FileOutcome& outcome = entry.file->outcome;
  const auto index = static_cast<std::size_t>(entry.finding - outcome.findings.data());
  std::string text;
  for (const auto& other : rules_sharing_edits(outcome, index))
    text += (text.empty() ? "" : ", ") + code(other);
  return text.empty() ? text : " (one edit with " + text + ")";
}

// With findings of several rules, a Rule column says which rule each row is about.
std::string findings_table(const std::vector<Entry>& entries, Mode mode, bool several_rules) {
  std::string text = several_rules
                         ? "| File | Resource | Rule | Status | What armfix found and does "
                           "| Workspace strategy |\n|---|---|---|---|---|---|\n"
                         : "| File | Resource | Status | What armfix found and does | "
                           "Workspace strategy |\n|---|---|---|---|---|\n";
  for (const auto& entry : entries) {
    const Finding& finding = entry.finding->finding;
    text += "| " + where(entry) + " | " + code(finding.resource.name) + " | ";
    if (several_rules) text += code(rule_name(finding)) + " | ";
    text += status_label(entry.status, mode);
    if (entry.finding->applied) text += shared_with(entry);
    text += " | " + escaped(finding.message) + " | " +
            (finding.strategy.empty() ? "–" : escaped(finding.strategy)) + " |\n";
  }
  return text;
}

// Findings per rule, when more than one rule has findings: how many this change fixes (the
// patch's or the diff's fixes, or those --write wrote), how many a run could still fix, and how
// many are left for --unsafe-fixes and for a person.
std::string rules_table(const std::vector<Entry>& entries, Mode mode) {
  struct Counts {
    std::size_t fixed = 0;
    std::size_t fixable = 0;
    std::size_t unsafe = 0;
    std::size_t manual = 0;
  };
  std::map<std::string, Counts> rules;
  for (const auto& entry : entries) {
    Counts& counts = rules[rule_name(entry.finding->finding)];
    const bool by_the_patch = (mode == Mode::Patch || mode == Mode::DryRun) &&
                              entry.status == FindingStatus::Fixable && entry.finding->applied;
    switch (entry.status) {
      case FindingStatus::Fixed:
        ++counts.fixed;
        break;
      case FindingStatus::Fixable:
        ++(by_the_patch ? counts.fixed : counts.fixable);
        break;
      case FindingStatus::Unsafe:
        ++counts.unsafe;
        break;
      case FindingStatus::Manual:
        ++counts.manual;
        break;
    }
  }
  if (rules.size() < 2) return {};
  std::string text =
      "| Rule | Fixed | Fixable | Left for `--unsafe-fixes` | Left for a person |\n"
      "|---|---|---|---|---|\n";
  for (const auto& [name, counts] : rules) {
    text += "| " + code(name) + " | " + std::to_string(counts.fixed) + " | " +
            std::to_string(counts.fixable) + " | " + std::to_string(counts.unsafe) + " | " +
            std::to_string(counts.manual) + " |\n";
  }
  return text;
}

std::string finding_list(const std::vector<Entry>& entries, FindingStatus status) {
  std::string text;
  for (const auto& entry : entries) {
    if (entry.status != status) continue;
    text += "- " + where(entry) + " " + code(entry.finding->finding.resource.name) + ": " +
            escaped(entry.finding->finding.message) + "\n";
  }
  return text;
}

// The parameter files found beside the templates: which must now supply a value (with what to
// add) and which get it from --workspace-id-for.
std::string parameter_files_list(const std::vector<Entry>& entries) {
  std::set<const FileResult*> templates;
  for (const auto& entry : entries)
    templates.insert(entry.file);
  std::string to_update;
  std::string supplied;
  for (const auto& entry : entries) {
    if (templates.erase(entry.file) == 0) continue;  // each template once, in report order
    for (const auto& parameter_file : entry.file->parameter_files) {
      if (parameter_file.error) continue;
      std::string names;
      for (const auto& name : parameter_file.missing)
        names += (names.empty() ? "" : ", ") + code(name);
      if (parameter_file.supplied()) {
        supplied += "- " + code(parameter_file.path) + ": " + names + "\n";
        continue;
      }
      to_update += "- " + code(parameter_file.path) + " must supply " + names + ":\n\n";
      for (const auto& name : parameter_file.missing)
        to_update +=
            "  ```" +
            std::string(parameter_file.format == ParameterFileFormat::BicepParam ? "bicep"
                                                                                 : "json") +
            "\n  " + parameter_snippet(name, parameter_file.format) + "\n  ```\n";
    }
  }
  std::string text;
  if (!to_update.empty()) {
    text += "\nParameter files beside these templates that must be updated before deploying:\n\n" +
            to_update;
  }
  if (!supplied.empty()) {
    text += "\nParameter files this change gives a value (`--workspace-id-for`):\n\n" + supplied;
  }
  return text;
}

// Parameters the change adds without a default: every deployment must now pass them.
std::string parameters_table(const std::vector<Entry>& entries) {
  struct Usage {
    std::string description;
    std::set<std::string> files;
  };
  std::map<std::string, Usage> parameters;
  for (const auto& entry : entries) {
    if (entry.status != FindingStatus::Fixed && !entry.finding->applied) continue;
    for (const auto& parameter : entry.finding->finding.required_parameters) {
      Usage& usage = parameters[parameter.name];
      if (usage.description.empty()) usage.description = parameter.description;
      usage.files.insert(entry.file->path);
    }
  }
  if (parameters.empty()) return {};
  std::string text =
      "\n### New parameters deployments must supply\n\n"
      "These parameters have no default value: add them to every deployment's parameter file "
      "or pipeline.\n\n"
      "| Parameter | Description | Templates |\n|---|---|---|\n";
  for (const auto& [name, usage] : parameters) {
    std::string files;
    for (const auto& file : usage.files)
      files += (files.empty() ? "" : ", ") + code(file);
    text += "| " + code(name) + " | " + escaped(usage.description) + " | " + files + " |\n";
  }
  return text + parameter_files_list(entries);
}

// Compiled templates: fixed together with their Bicep source, or in need of it.
std::string compiled_section(const RunResult& run) {
  std::string text;
  for (const auto& file : run.files) {
    for (const auto& note : file.notes)
      text += "- " + code(file.path) + ": " + escaped(note) + ".\n";
  }
  if (text.empty()) return text;
  return "\n### Compiled from Bicep\n\n"
         "A template compiled from Bicep is overwritten by the next build: its `.bicep` source "
         "needs the same fix.\n\n" +
         text;
}

}  // namespace

std::string summary_markdown(const RunResult& run) {
  std::vector<Entry> entries;
  std::vector<std::pair<const FileResult*, const SourceError*>> errors;
  for (const auto& file : run.files) {
    for (const auto& error : file.errors)
      errors.emplace_back(&file, &error);
    if (file.state != FileState::Checked) continue;
    for (const auto& finding : file.outcome.findings) {
      entries.push_back(Entry{&file, &finding, status_of(finding, file, run.mode)});
    }
  }
  const Totals totals = totals_of(run);

  std::set<std::string> rules;
  for (const auto& entry : entries) {
    if (entry.finding->finding.rule != nullptr) rules.insert(entry.finding->finding.rule->name);
  }
  std::string text = "## armfix";
  for (const auto& rule : rules)
    text += (rule == *rules.begin() ? ": " : ", ") + rule;
  text += "\n\n";
  text += summary_line(totals) + ".\n";
  const std::string per_rule = rules_table(entries, run.mode);
  if (!per_rule.empty()) text += "\n" + per_rule;
  if (!entries.empty()) text += "\n" + findings_table(entries, run.mode, rules.size() > 1);
  text += parameters_table(entries);
  text += compiled_section(run);
  if (totals.unsafe > 0) {
    text +=
        "\n### Needs `--unsafe-fixes`\n\n"
        "These fixes could change behaviour beyond the rule. Review them, then run "
        "`armfix --write --unsafe-fixes` on the files.\n\n" +
        finding_list(entries, FindingStatus::Unsafe);
  }
  if (totals.manual > 0) {
    text += "\n### Needs a person\n\narmfix cannot fix these automatically.\n\n" +
            finding_list(entries, FindingStatus::Manual);
  }
  if (!errors.empty()) {
    text += "\n### Errors\n\n";
    for (const auto& [file, error] : errors) {
      text += "- " +
              code(file->path + ":" + std::to_string(error->position.line) + ":" +
                   std::to_string(error->position.column)) +
              ": " + escaped(error->message) + "\n";
    }
  }
  text += "\n<sub>Generated by armfix " ARMFIX_VERSION ".</sub>\n";
  return text;
}

}  // namespace armfix
