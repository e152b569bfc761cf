// --write's file replacement, overlapped with checking.
#include "armfix/fix_writer.hpp"

namespace armfix {

namespace {

// Each job waits for its fsync, on the disk rather than the CPU, so several run at once and the
// file system commits their flushes together.
constexpr unsigned kWriters = 8;
// Texts held by jobs queued or running: enough to keep the writers busy, and a bound on
// memory whatever the number of files (a larger file is still taken, on its own).
constexpr std::size_t kMaxStagedBytes = 16 << 20;

SourceError write_error(std::string message) {
  SourceError error;
  error.message = std::move(message);
  return error;
}

}  // namespace

FixWriter::FixWriter(const std::vector<DiscoveredPath>& discovered, bool keep_originals)
    : discovered_(discovered),
      keep_originals_(keep_originals),
      staged_(discovered.size()),
      staging_errors_(discovered.size()),
      jobs_(kWriters, kMaxStagedBytes) {}

void FixWriter::stage(std::size_t index, FileResult& result) {
  if (result.state != FileState::Checked || !result.changed() || !result.errors.empty()) return;
  std::string original = keep_originals_ ? result.original : std::move(result.original);
  if (!keep_originals_) result.original.clear();
  const std::size_t bytes = original.size();
  // Each job writes only its own slots: no two jobs share a file, as discovery lists each once.
  jobs_.submit(bytes, [this, index, original = std::move(original), edits = result.outcome.edits] {
    staging_errors_[index] =
        stage_edits(discovered_[index].write_path, original, edits, staged_[index]);
  });
}

void FixWriter::commit(RunResult& run) {
  jobs_.finish();
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
  run_in_parallel(changed.size(), kWriters, replace, {});
}

}  // namespace armfix
