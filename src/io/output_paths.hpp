// The files a run writes its outputs to (--patch FILE, --output, --summary) must be files of
// their own: a forgotten patch name (`armfix --patch azuredeploy.json`) would otherwise replace
// the template with the patch.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/cli_options.hpp"
#include "io/discovery.hpp"
#include "io/parameter_files.hpp"

namespace armfix {

// Why the run must not start, as the lines to print on stderr, when an output file is one
// of the run's input files (a candidate of `discovered`, a parameter file beside one, a
// --workspace-id-for file) or the same file as another output; nullopt when all is well.
// Files compare by device and inode, so links and other spellings of a path are caught; an
// output that does not exist yet compares by its directory and name.
std::optional<std::string> output_conflict(const CliOptions& options,
                                           const std::vector<DiscoveredPath>& discovered,
                                           ParameterFileIndex& parameter_files);

}  // namespace armfix
