// --write: fixed files are staged while the others are still checked, and replaced at the end.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "armfix/atomic_write.hpp"
#include "armfix/discovery.hpp"
#include "armfix/parallel.hpp"
#include "armfix/run_result.hpp"
#include "armfix/temporary_file_cleanup.hpp"

namespace armfix {

class FixWriter {
 public:
  // Construct it before the checking workers start: they inherit its signal mask.
  FixWriter(const std::vector<DiscoveredPath>& discovered, bool keep_originals);

  // From a checking worker, for the file discovered[index]: a fix without errors is written to
  // a temporary file and flushed in the background. Takes the file's original text unless
  // the report needs it.
  void stage(std::size_t index, FileResult& result);

  // After every file was checked, so a change someone made meanwhile is caught as late as
  // possible: each staged file still holding what armfix read replaces its template; then the
  // parameter files of the templates written get their new parameter.
  void commit(RunResult& run);

 private:
  const std::vector<DiscoveredPath>& discovered_;
  const bool keep_originals_;
  TemporaryFileCleanup cleanup_;  // before jobs_: its threads must block the signals too
  std::vector<StagedReplacement> staged_;
  std::vector<std::optional<std::string>> staging_errors_;
  BackgroundJobs jobs_;
};

}  // namespace armfix
