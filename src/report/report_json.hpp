// The JSON report: the run as one object for scripts (schema in docs/cli.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "report/json_text.hpp"

#include "report/run_result.hpp"

namespace armfix {

// Version of the report's shape; raised when a field changes meaning or disappears. 2: totals
// count resources (`resources`, `filesWithResources`, `withoutResources`, replacing `clusters`,
// `filesWithClusters`, `withoutClusters`) and findings per rule (`rules`).
inline constexpr int kJsonReportVersion = 2;

nlohmann::ordered_json json_report(const RunResult& run);

// A report as printed (dumped_json), with its final newline.
std::string json_report_text(const nlohmann::ordered_json& report);

// The same text as json_report_text(json_report(run)), written an entry at a time, so that a
// run over many files never holds the whole report in memory.
void write_json_report(const RunResult& run, const TextWriter& write);

}  // namespace armfix
