// The text report and its one-line summary.
#include "report/report_text.hpp"

#include <algorithm>
#include <filesystem>

#include "io/parameter_files.hpp"

namespace armfix {

namespace {

std::string fs_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string plural(std::size_t count, const std::string& singular, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string location(const std::string& path, Position position) {
  return path + ":" + std::to_string(position.line) + ":" + std::to_string(position.column) + ":";
}

const char* status_color(FindingStatus status, const Palette& palette) {
  switch (status) {
    case FindingStatus::Fixed:
      return palette.green;
    case FindingStatus::Fixable:
      return palette.cyan;
    case FindingStatus::Unsafe:
      return palette.yellow;
    case FindingStatus::Manual:
      return palette.magenta;
  }
  return palette.reset;
}

std::vector<const ReportedFinding*> in_file_order(const FileResult& file) {
  std::vector<const ReportedFinding*> findings;
  for (const auto& finding : file.outcome.findings)
    findings.push_back(&finding);
  std::stable_sort(findings.begin(), findings.end(), [](const auto* a, const auto* b) {
    return std::make_pair(a->position.line, a->position.column) <
           std::make_pair(b->position.line, b->position.column);
  });
  return findings;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names)
    list += (list.empty() ? "'" : ", '") + name + "'";
  return list;
}

// A parameter file that must supply new parameters: the note, with the snippet to add, or
// what --workspace-id-for does about it.
std::string parameter_file_lines(const ParameterFileResult& parameter_file, const FileResult& file,
                                 Mode mode, const TextReportOptions& options) {
  const Palette& palette = options.palette;
  if (parameter_file.error) {
    return options.include_errors
               ? format_error(parameter_file.path, *parameter_file.error, palette)
               : std::string();
  }
  const std::string head = std::string(palette.bold) + parameter_file.path + ":" + palette.reset +
                           " note: " + fs_name(file.path) + " now needs " +
                           quoted_list(parameter_file.missing) + " (no default value): ";
  if (parameter_file.supplied()) {
    const bool fixed = mode == Mode::Write && parameter_file.written;
    if (options.quiet && fixed) return {};
    return head + "--workspace-id-for supplies it " + palette.green + "[" +
           (fixed ? "fixed" : "fixable") + "]" + palette.reset + "\n";
  }
  std::string snippets;
  for (const auto& name : parameter_file.missing)
    snippets += (snippets.empty() ? "" : ", ") + parameter_snippet(name, parameter_file.format);
  const bool bicep = parameter_file.format == ParameterFileFormat::BicepParam;
  return head + (bicep ? "add the line: " : "add to its \"parameters\": ") + snippets + "\n";
}

// ` 2 fixed, 1 needs --unsafe-fixes, 1 compliant`: each status that is not zero.
std::string status_parts(const StatusCounts& counts, std::size_t compliant) {
  std::string parts;
  const char* separator = " ";
  auto part = [&](std::size_t count, const std::string& text) {
    if (count == 0) return;
    parts += separator + std::to_string(count) + " " + text;
    separator = ", ";
  };
  part(counts.fixed, "fixed");
  part(counts.fixable, "fixable");
  part(counts.unsafe, counts.unsafe == 1 ? "needs --unsafe-fixes" : "need --unsafe-fixes");
  part(counts.manual, counts.manual == 1 ? "needs a manual fix" : "need a manual fix");
  part(compliant, "compliant");
  return parts;
}

}  // namespace

std::string format_error(const std::string& path, const SourceError& error,
                         const Palette& palette) {
  return std::string(palette.bold) + location(path, error.position) + palette.reset + " " +
         palette.red + palette.bold + "error:" + palette.reset + " " + error.message + "\n";
}

std::string summary_line(const RunResult& run) {
  return summary_line(totals_of(run));
}

std::string summary_line(const Totals& totals) {
  std::string line;
  if (totals.resources == 0) {
    line = "no resources in " + plural(totals.files_read, "file", "files");
  } else {
    line = plural(totals.resources, "resource", "resources") + " in " +
           plural(totals.files_with_resources, "file", "files") + ":" +
           status_parts(totals.failing, totals.compliant);
  }
  if (totals.parameter_files_to_update > 0) {
    line += "; " + plural(totals.parameter_files_to_update, "parameter file", "parameter files") +
            " must supply new parameters";
  }
  if (totals.errors > 0) line += "; " + plural(totals.errors, "error", "errors");
  return line;
}

std::string rule_summary_lines(const Totals& totals) {
  if (totals.rules.size() < 2) return {};
  std::string lines;
  for (const auto& [name, counts] : totals.rules) {
    lines += "  " + name + ": " + plural(counts.total(), "finding", "findings") + ":" +
             status_parts(counts, 0) + "\n";
  }
  return lines;
}

void write_text_report(const RunResult& run, const TextReportOptions& options,
                       const TextWriter& write) {
  const Palette& palette = options.palette;
  std::string text;
  for (const auto& file : run.files) {
    text.clear();
    for (const ReportedFinding* finding : in_file_order(file)) {
      const FindingStatus status = status_of(*finding, file, run.mode);
      if (options.quiet && status == FindingStatus::Fixed) continue;
      const RuleInfo* rule = finding->finding.rule;
      text += std::string(palette.bold) + location(file.path, finding->position) + palette.reset +
              " " + (rule != nullptr ? rule->name : std::string("armfix")) + ": " +
              finding->finding.message + " " + status_color(status, palette) + "[" +
              to_string(status) + "]" + palette.reset + "\n";
    }
    if (!options.quiet) {
      for (const auto& note : file.notes)
        text +=
            std::string(palette.bold) + file.path + ":" + palette.reset + " note: " + note + "\n";
    }
    if (options.include_errors) {
      for (const auto& error : file.errors)
        text += format_error(file.path, error, palette);
    }
    for (const auto& parameter_file : file.parameter_files)
      text += parameter_file_lines(parameter_file, file, run.mode, options);
    if (!text.empty()) write(text);
  }
  if (!options.quiet) {
    const Totals totals = totals_of(run);
    write(summary_line(totals) + "\n" + rule_summary_lines(totals));
  }
}

std::string render_text_report(const RunResult& run, const TextReportOptions& options) {
  std::string text;
  write_text_report(run, options, [&text](std::string_view part) { text += part; });
  return text;
}

}  // namespace armfix
