// The SARIF 2.1.0 report, for code scanning and reviewdog: rules, results with locations, and
// fixes whose replacements are given against the original file.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/engine.hpp"
#include "armfix/fixer.hpp"
#include "report/json_text.hpp"
#include "report/run_result.hpp"

namespace armfix {

nlohmann::ordered_json sarif_report(const RunResult& run,
                                    const std::vector<const RuleInfo*>& rules);

// The same log as printed (dumped_json), written a result at a time, so that a run over many
// files never holds all of it in memory.
void write_sarif_report(const RunResult& run, const std::vector<const RuleInfo*>& rules,
                        const TextWriter& write);

// A TextEdit as a SARIF replacement: `deletedRegion` by 1-based line and column (in characters)
// and, when the text has no byte-order mark, by character offset and length too.
nlohmann::ordered_json sarif_replacement(std::string_view original, const TextEdit& edit);

// A displayed path as a SARIF artifact URI: percent-encoded, relative to %SRCROOT% (the current
// directory) unless absolute.
nlohmann::ordered_json sarif_artifact_location(const std::string& path);

}  // namespace armfix
