// The command line's work after parsing: discover, check in parallel, write or diff, report.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "armfix/fixer.hpp"
#include "cli/cli_options.hpp"
#include "cli/file_check.hpp"
#include "report/run_result.hpp"

namespace armfix {

// Where the run prints. Streams are C streams so the runner can ask whether they are terminals.
struct Console {
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

// Runs armfix as `options` say and returns the exit code: 2 as well when anything could not be
// written to `console` (said on its stderr while that works).
int run(const CliOptions& options, const TextProcessor& process, const Console& console = {});

// The rules a run applies: those given by --rule, else every registered rule.
std::vector<const RuleInfo*> rules_of_run(const PipelineOptions& options);

// The report in the format the options ask for, coloured when `color`, as the run prints it.
std::string render_report(const RunResult& run, const CliOptions& options, bool color);

}  // namespace armfix
