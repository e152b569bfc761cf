// Checking one discovered file: read it, skip it fast when it cannot hold a cluster, run the
// pipeline, and prepare its diff. Runs on worker threads; touches nothing outside its result.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "armfix/pipeline.hpp"
#include "cli/cli_options.hpp"
#include "io/discovery.hpp"
#include "report/run_result.hpp"

namespace armfix {

// The per-file pipeline; `fix_text` in production, a stand-in in tests.
using TextProcessor = std::function<FileOutcome(std::string_view, const PipelineOptions&)>;

// Case-insensitive search for `managedclusters` in the raw bytes. A file without it cannot
// declare an AKS cluster, so it need not be parsed.
bool may_hold_cluster(std::string_view bytes);
// The same search in a UTF-16 or UTF-32 text: such a file may declare a cluster too, and must
// then be parsed, if only to report that armfix cannot read its encoding.
bool may_hold_cluster_in_any_encoding(std::string_view bytes);

// Given the checked file and its text while that is still in memory: --write stages the fix
// from it rather than from a copy.
using CheckedTextSink = std::function<void(FileResult& result, std::string_view text)>;

FileResult check_file(const DiscoveredPath& file, const CliOptions& options,
                      const TextProcessor& process, const CheckedTextSink& sink = {});

}  // namespace armfix
