// The Markdown summary (--summary FILE), written to be a pull-request body: which resources in
// which files were changed and how (with a table per rule when several rules have findings),
// what still needs --unsafe-fixes or a person, and the new parameters deployments must now
// supply.
#pragma once

#include <string>

#include "report/run_result.hpp"

namespace armfix {

std::string summary_markdown(const RunResult& run);

}  // namespace armfix
