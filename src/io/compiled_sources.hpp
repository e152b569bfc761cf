// ARM templates compiled from Bicep, matched with their `.bicep` sources.
//
// A compiled template (`metadata._generator.name` is `bicep`) is overwritten by the next
// build, so a fix made to it alone does not last. After every file is checked, each compiled
// template is paired with the `.bicep` file of the same name beside it when this run checks
// that file too; otherwise, when it has findings, it gets a note to fix its source.
#pragma once

#include <vector>

#include "io/discovery.hpp"
#include "report/run_result.hpp"

namespace armfix {

// `discovered` and `run.files` are parallel: entry i of one is file i of the other.
void pair_compiled_templates(RunResult& run, const std::vector<DiscoveredPath>& discovered);

}  // namespace armfix
