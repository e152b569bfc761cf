// The JSON report: the run as one object for scripts (schema in docs/cli.md).
#pragma once

#include <nlohmann/json.hpp>

#include "armfix/run_result.hpp"

namespace armfix {

// Version of the report's shape; raised when a field changes meaning or disappears.
inline constexpr int kJsonReportVersion = 1;

nlohmann::ordered_json json_report(const RunResult& run);

}  // namespace armfix
