// The text report: compiler-style lines a person or an editor's problem matcher reads.
//
//   path:line:col: Azure.AKS.DefenderProfile: <message> [fixed|fixable|unsafe|manual]
//   path:line:col: error: <message>
//   4 clusters in 2 files: 2 fixed, 1 needs --unsafe-fixes, 1 compliant
#pragma once

#include <string>

#include "armfix/run_result.hpp"
#include "armfix/terminal.hpp"
#include "armfix/text_writer.hpp"

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

// The one-line summary, e.g. `3 clusters in 2 files: 2 fixed, 1 needs --unsafe-fixes`: every
// cluster checked, then what became of them.
std::string summary_line(const RunResult& run);

}  // namespace armfix
