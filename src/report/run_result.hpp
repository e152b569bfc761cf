// What a run found: one result per discovered file, in discovery order, and what follows from
// them (each finding's status, the totals, the exit code). Every report is rendered from this.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "armfix/pipeline.hpp"
#include "armfix/source_error.hpp"
#include "cli/cli_options.hpp"
#include "io/atomic_write.hpp"
#include "io/discovery.hpp"
#include "io/parameter_files.hpp"

namespace armfix {

enum class FileState {
  Checked,      // a template: parsed and checked by every selected rule
  NoClusters,   // the pre-check found no `managedClusters`, so it was not parsed
  NotTemplate,  // valid JSON, but not an ARM deployment template (e.g. a parameter file)
  Skipped,      // passed over by discovery (not a .json file, excluded, ...)
  Failed,       // unreadable, invalid, or not examined because of an error
};

// A deployment parameter file of a checked template that lacks a parameter the template's
// fixes add without a default value: deployments with it would fail until it supplies one.
struct ParameterFileResult {
  std::string path;                  // as displayed
  std::filesystem::path write_path;  // where to write it
  ParameterFileFormat format = ParameterFileFormat::Json;
  std::vector<std::string> missing;  // the parameters it must now supply
  std::string supplied_value;        // --workspace-id-for: the value armfix adds for them
  std::string original;              // kept when armfix edits it
  std::vector<TextEdit> edits;       // against `original`; empty when armfix does not edit it
  std::string fixed_text;            // for --write
  std::string diff;                  // for --dry-run and --patch
  bool written = false;
  std::optional<SourceError> error;  // unreadable, invalid, or not a parameter file

  bool supplied() const { return !edits.empty(); }
};

struct FileResult {
  std::string path;  // as displayed
  SourceLanguage language = SourceLanguage::Json;
  FileState state = FileState::Checked;
  bool explicitly_named = false;
  std::string skip_reason;          // for Skipped, NoClusters and NotTemplate
  std::string original;             // kept for SARIF and JSON, whose edits it locates
  Fingerprint fingerprint;          // of the bytes read, when a fix changes them
  FileOutcome outcome;              // meaningful for Checked
  std::vector<SourceError> errors;  // reading, parsing, fixing or writing
  std::string diff;                 // for --dry-run and --patch: the fix as a git-style diff
  bool written = false;             // --write replaced the file
  std::vector<ParameterFileResult> parameter_files;  // those that must supply a new parameter
  std::string bicep_source;        // a compiled template: its .bicep source, checked too
  std::string compiled_template;   // a .bicep file: its compiled template, checked too
  std::vector<std::string> notes;  // what to know beyond the findings: its source to fix too

  bool changed() const { return outcome.changed(); }
};

// Status shown after each finding: [fixed], [fixable], [unsafe], [manual].
enum class FindingStatus { Fixed, Fixable, Unsafe, Manual };
const char* to_string(FindingStatus status);

FindingStatus status_of(const ReportedFinding& finding, const FileResult& file, Mode mode);
// The other rules whose fixes were merged with finding `index`'s into one edit, sorted by name:
// reports say that one edit serves them all.
std::vector<std::string> rules_sharing_edits(const FileOutcome& outcome, std::size_t index);

struct RunResult {
  Mode mode = Mode::Report;
  std::vector<FileResult> files;
};

// How many findings, or resources, have each status.
struct StatusCounts {
  std::size_t fixed = 0;
  std::size_t fixable = 0;
  std::size_t unsafe = 0;
  std::size_t manual = 0;

  void add(FindingStatus status);
  std::size_t total() const { return fixed + fixable + unsafe + manual; }
};

// The worse of two statuses: manual, then unsafe, then fixable, then fixed.
FindingStatus worse(FindingStatus a, FindingStatus b);

// A resource is a file and the JSON Pointer its findings name (`/resources/3` in ARM,
// `/resources/<symbol>` in Bicep): several rules may fail one resource, which counts once.
struct Totals {
  std::size_t files_read = 0;         // candidates that were read (templates or not)
  std::size_t templates = 0;          // parsed and checked as templates
  std::size_t without_resources = 0;  // skipped by the pre-check
  std::size_t not_templates = 0;
  std::size_t files_with_resources = 0;
  std::size_t resources = 0;  // distinct deployed resources checked, compliant or not
  std::size_t compliant = 0;  // resources without a finding
  // Resources with findings, by the worst status among them: with `compliant`, they add up to
  // `resources`.
  StatusCounts failing;
  std::size_t files_with_findings = 0;
  std::size_t findings = 0;  // one per failing resource and rule
  std::size_t fixed = 0;     // findings by status
  std::size_t fixable = 0;
  std::size_t unsafe = 0;
  std::size_t manual = 0;
  // Findings by status for each rule with findings, by rule name (a finding without a rule is
  // counted under "armfix", as the text report names it).
  std::map<std::string, StatusCounts> rules;
  std::size_t errors = 0;
  std::size_t changed_files = 0;  // files a fix changes (or changed, with --write)
  std::size_t written_files = 0;
  std::size_t parameter_files_to_update = 0;  // must supply a new parameter; armfix did not
};

Totals totals_of(const RunResult& run);

// The distinct resources a file's findings are about: one however many rules fail it.
std::size_t resources_with_findings(const FileOutcome& outcome);

// The contract's exit codes: 2 for any error, else 1 while findings remain, else 0.
int exit_code_of(const RunResult& run);

}  // namespace armfix
