// The run's parameter-file step, after every template is checked: for each template whose
// applied fixes add parameters without a default value, its parameter files that do not supply
// them yet; and, for the files given with --workspace-id-for, the edit that supplies the value.
#pragma once

#include <string>
#include <vector>

#include "cli/cli_options.hpp"
#include "io/discovery.hpp"
#include "io/parameter_files.hpp"
#include "report/run_result.hpp"

namespace armfix {

// Fills each checked file's `parameter_files`. Returns one note per --workspace-id-for file that
// no fix needed, so a mistyped or unrelated path does not pass silently.
std::vector<std::string> check_parameter_files(RunResult& run,
                                               const std::vector<DiscoveredPath>& discovered,
                                               const CliOptions& options,
                                               ParameterFileIndex& parameter_files);

}  // namespace armfix
