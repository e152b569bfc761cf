// What a run found: one result per discovered file, in discovery order, and what follows from
// them (each finding's status, the totals, the exit code). Every report is rendered from this.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "armfix/atomic_write.hpp"
#include "armfix/cli_options.hpp"
#include "armfix/pipeline.hpp"
#include "armfix/source_error.hpp"

namespace armfix {

enum class FileState {
  Checked,      // a template: parsed and checked by every selected rule
  NoClusters,   // the pre-check found no `managedClusters`, so it was not parsed
  NotTemplate,  // valid JSON, but not an ARM deployment template (e.g. a parameter file)
  Skipped,      // passed over by discovery (not a .json file, excluded, ...)
  Failed,       // unreadable, invalid, or not examined because of an error
};

struct FileResult {
  std::string path;  // as displayed
  FileState state = FileState::Checked;
  bool explicitly_named = false;
  std::string skip_reason;          // for Skipped, NoClusters and NotTemplate
  std::string original;             // kept only for SARIF, when the file has findings or changes
  Fingerprint fingerprint;          // of the bytes read, when a fix changes them
  FileOutcome outcome;              // meaningful for Checked
  std::vector<SourceError> errors;  // reading, parsing, fixing or writing
  std::string diff;                 // for --dry-run and --patch: the fix as a git-style diff
  bool written = false;             // --write replaced the file

  bool changed() const { return outcome.changed(); }
};

// Status shown after each finding: [fixed], [fixable], [unsafe], [manual].
enum class FindingStatus { Fixed, Fixable, Unsafe, Manual };
const char* to_string(FindingStatus status);

FindingStatus status_of(const ReportedFinding& finding, const FileResult& file, Mode mode);

struct RunResult {
  Mode mode = Mode::Report;
  std::vector<FileResult> files;
};

struct Totals {
  std::size_t files_read = 0;        // candidates that were read (templates or not)
  std::size_t templates = 0;         // parsed and checked as templates
  std::size_t without_clusters = 0;  // skipped by the pre-check
  std::size_t not_templates = 0;
  std::size_t files_with_clusters = 0;
  std::size_t clusters = 0;   // every deployed cluster checked, compliant or not
  std::size_t compliant = 0;  // clusters without a finding
  std::size_t files_with_findings = 0;
  std::size_t findings = 0;  // one per non-compliant cluster and rule
  std::size_t fixed = 0;
  std::size_t fixable = 0;
  std::size_t unsafe = 0;
  std::size_t manual = 0;
  std::size_t errors = 0;
  std::size_t changed_files = 0;  // files a fix changes (or changed, with --write)
  std::size_t written_files = 0;
};

Totals totals_of(const RunResult& run);

// The contract's exit codes: 2 for any error, else 1 while findings remain, else 0.
int exit_code_of(const RunResult& run);

}  // namespace armfix
