// --write's file replacement, overlapped with checking.
#include "io/fix_writer.hpp"

#include <filesystem>
#include <map>
#include <vector>

namespace armfix {

namespace {

// Each flush waits for its fsync, on the disk rather than the CPU, so several run at once and
// the file system commits them together.
constexpr unsigned kFlushers = 8;
// Staged files waiting to be flushed hold an open descriptor each: bounded well below the
// usual limit of 1024.
constexpr std::size_t kMaxWaitingFlushes = 64;

SourceError write_error(std::string message) {
  SourceError error;
  error.message = std::move(message);
  return error;
}

}  // namespace

FixWriter::FixWriter(const std::vector<DiscoveredPath>& discovered)
    : discovered_(discovered),
      staged_(discovered.size()),
      staging_errors_(discovered.size()),
      flushes_(kFlushers, kMaxWaitingFlushes) {}

void FixWriter::stage(std::size_t index, FileResult& result, std::string_view original) {
  if (result.state != FileState::Checked || !result.changed() || !result.errors.empty()) return;
  // Written here, from the text still in memory, so it is never copied; flushed elsewhere.
  staging_errors_[index] =
      stage_edits(discovered_[index].write_path(), original, result.outcome.edits, staged_[index]);
  if (staging_errors_[index]) return;
  // Each job flushes only its own stage: no two share a file, as discovery lists each once.
  flushes_.submit([this, index] { staging_errors_[index] = staged_[index].flush(); });
}

void FixWriter::commit(RunResult& run) {
  flushes_.finish();
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < run.files.size(); ++i) {
    if (staged_[i].staged() || staging_errors_[i]) changed.push_back(i);
  }
  auto replace = [&](std::size_t k) {
    const std::size_t index = changed[k];
    FileResult& file = run.files[index];
    std::optional<std::string> error = staging_errors_[index];
    if (!error) error = staged_[index].commit_if_unchanged(file.fingerprint);
    if (error) {
      file.errors.push_back(write_error(*error));
    } else {
      file.written = true;
    }
    // A parameter file must not supply a parameter its template does not declare: ARM rejects
    // the deployment. So it is written only after the template.
    for (auto& parameter_file : file.parameter_files) {
      if (!file.written || !parameter_file.supplied() || parameter_file.error) continue;
      auto failed = replace_file_if_unchanged(parameter_file.write_path, parameter_file.original,
                                              parameter_file.fixed_text);
      if (failed) {
        parameter_file.error = SourceError{{}, 0, *failed};
      } else {
        parameter_file.written = true;
      }
      parameter_file.fixed_text.clear();
    }
  };
  run_in_parallel(changed.size(), kFlushers, replace, {});
  flush_directories(run);
}

// Each directory a template was renamed into is flushed once, after its last rename, so the
// cost is one flush per directory rather than per file.
void FixWriter::flush_directories(RunResult& run) const {
  std::map<std::filesystem::path, std::vector<std::size_t>> written_in;
  for (std::size_t i = 0; i < run.files.size(); ++i) {
    if (!run.files[i].written) continue;
    const std::filesystem::path& target = discovered_[i].write_path();
    written_in[target.has_parent_path() ? target.parent_path() : "."].push_back(i);
  }
  std::vector<const decltype(written_in)::value_type*> directories;
  directories.reserve(written_in.size());
  for (const auto& entry : written_in)
    directories.push_back(&entry);
  auto flush = [&](std::size_t k) {
    const auto& [directory, files] = *directories[k];
    if (auto error = flush_directory(directory)) {
      for (std::size_t index : files)
        run.files[index].errors.push_back(write_error("replaced, but " + *error));
    }
  };
  run_in_parallel(directories.size(), kFlushers, flush, {});
}

}  // namespace armfix
