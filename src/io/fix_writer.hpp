// --write: fixed files are staged while the others are still checked, and replaced at the end.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/parallel.hpp"
#include "io/atomic_write.hpp"
#include "io/discovery.hpp"
#include "io/temporary_file_cleanup.hpp"
#include "report/run_result.hpp"

namespace armfix {

class FixWriter {
 public:
  // Construct it before the checking workers start: they inherit its signal mask.
  explicit FixWriter(const std::vector<DiscoveredPath>& discovered);

  // From a checking worker, for the file discovered[index] whose text was `original`: a fix
  // without errors is written to a temporary file, then flushed to disk in the background.
  void stage(std::size_t index, FileResult& result, std::string_view original);

  // After every file was checked, so a change someone made meanwhile is caught as late as
  // possible: each staged file still holding what armfix read replaces its template; then the
  // parameter files of the templates written get their new parameter; last, each directory
  // renamed into is flushed, so the replacements survive a power loss.
  void commit(RunResult& run);

 private:
  void flush_directories(RunResult& run) const;

  const std::vector<DiscoveredPath>& discovered_;
  TemporaryFileCleanup cleanup_;  // before flushes_: its threads must block the signals too
  std::vector<StagedReplacement> staged_;
  std::vector<std::optional<std::string>> staging_errors_;
  BackgroundJobs flushes_;
};

}  // namespace armfix
