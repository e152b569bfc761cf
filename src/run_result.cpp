// Finding statuses, totals and the exit code, derived from a run's results.
#include "armfix/run_result.hpp"

#include <algorithm>

namespace armfix {

const char* to_string(FindingStatus status) {
  switch (status) {
    case FindingStatus::Fixed:
      return "fixed";
    case FindingStatus::Fixable:
      return "fixable";
    case FindingStatus::Unsafe:
      return "unsafe";
    case FindingStatus::Manual:
      return "manual";
  }
  return "manual";
}

FindingStatus status_of(const ReportedFinding& finding, const FileResult& file, Mode mode) {
  if (finding.finding.safety == Safety::Manual) return FindingStatus::Manual;
  if (finding.applied) {
    return mode == Mode::Write && file.written ? FindingStatus::Fixed : FindingStatus::Fixable;
  }
  return finding.finding.safety == Safety::Unsafe ? FindingStatus::Unsafe : FindingStatus::Fixable;
}

Totals totals_of(const RunResult& run) {
  Totals totals;
  for (const auto& file : run.files) {
    totals.errors += file.errors.size();
    switch (file.state) {
      case FileState::Checked:
        ++totals.files_read;
        ++totals.templates;
        break;
      case FileState::NoClusters:
        ++totals.files_read;
        ++totals.without_clusters;
        break;
      case FileState::NotTemplate:
        ++totals.files_read;
        ++totals.not_templates;
        break;
      case FileState::Skipped:
      case FileState::Failed:
        break;
    }
    if (file.state != FileState::Checked) continue;
    const std::size_t findings = file.outcome.findings.size();
    const std::size_t clusters = std::max(file.outcome.resources_checked, findings);
    totals.clusters += clusters;
    totals.compliant += clusters - findings;
    if (clusters > 0) ++totals.files_with_clusters;
    if (findings > 0) ++totals.files_with_findings;
    if (file.changed() && file.errors.empty()) ++totals.changed_files;
    if (file.written) ++totals.written_files;
    for (const auto& finding : file.outcome.findings) {
      ++totals.findings;
      switch (status_of(finding, file, run.mode)) {
        case FindingStatus::Fixed:
          ++totals.fixed;
          break;
        case FindingStatus::Fixable:
          ++totals.fixable;
          break;
        case FindingStatus::Unsafe:
          ++totals.unsafe;
          break;
        case FindingStatus::Manual:
          ++totals.manual;
          break;
      }
    }
  }
  return totals;
}

int exit_code_of(const RunResult& run) {
  const Totals totals = totals_of(run);
  if (totals.errors > 0) return 2;
  // With --write only what was not fixed remains; in every other mode each finding remains.
  return totals.findings > totals.fixed ? 1 : 0;
}

}  // namespace armfix
