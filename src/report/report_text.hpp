// The text report: compiler-style lines a person or an editor's problem matcher reads.
//
//   path:line:col: Azure.AKS.DefenderProfile: <message> [fixed|fixable|unsafe|manual]
//   path:line:col: error: <message>
//   4 resources in 2 files: 2 fixed, 1 needs --unsafe-fixes, 1 compliant
//     Azure.AKS.DefenderProfile: 2 findings: 1 fixed, 1 needs --unsafe-fixes   (2+ rules only)
#pragma once

#include <string>

#include "cli/terminal.hpp"
#include "report/run_result.hpp"
#include "report/text_writer.hpp"

namespace armfix {

struct TextReportOptions {
  Palette palette;
  bool quiet = false;  // only what needs attention: no [fixed] lines, no summary
  bool include_errors = true;
};

// The report written a file's lines at a time, so that a run over many files never holds all
// of it in memory.
void write_text_report(const RunResult& run, const TextReportOptions& options,
                       const TextWriter& write);
std::string render_text_report(const RunResult& run, const TextReportOptions& options);

// `path:line:col: error: message`
std::string format_error(const std::string& path, const SourceError& error, const Palette& palette);

// The one-line summary, e.g. `3 resources in 2 files: 2 fixed, 1 needs --unsafe-fixes`: every
// resource checked, once however many rules looked at it, then what became of them (a resource
// failing several rules is counted by the worst of its findings: manual, unsafe, fixable, fixed).
std::string summary_line(const RunResult& run);
std::string summary_line(const Totals& totals);

// What follows the summary line when findings of more than one rule are present: one indented
// line per rule, `  <rule>: 3 findings: 2 fixed, 1 needs a manual fix`, each ending in a line
// break. Empty for findings of one rule or none.
std::string rule_summary_lines(const Totals& totals);

}  // namespace armfix
