// The whole pipeline for one file: parse, view, fix, apply, verify, re-check.
//
// Used by the command line for every file and by the tests; it does no I/O itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/engine.hpp"
#include "armfix/fixer.hpp"
#include "armfix/source_error.hpp"

namespace armfix {

struct PipelineOptions {
  FixOptions fix;
  bool unsafe_fixes = false;
  std::vector<const Fixer*> rules;  // empty: every registered rule
};

// A finding as reported: where it is, and whether its fix was applied to `fixed_text`.
struct ReportedFinding {
  Finding finding;
  Position position;
  bool applied = false;
};

enum class FileKind { Template, NotTemplate, Invalid };

struct FileOutcome {
  FileKind kind = FileKind::Template;
  std::optional<SourceError> error;  // invalid input, or an internal error while fixing
  std::vector<ReportedFinding> findings;
  std::size_t resources = 0;    // distinct deployed resources any selected rule looked at
  std::vector<TextEdit> edits;  // against the original text; empty when nothing changes
  // For each edit, the findings it fixes (indices into `findings`): one, or several whose
  // rules' fixes were merged into it.
  std::vector<std::vector<std::size_t>> edit_findings;
  std::string fixed_text;            // the original text with every applied fix
  bool compiled_from_bicep = false;  // an ARM template whose metadata names Bicep as generator
  bool changed() const { return !edits.empty(); }
};

// The rules a run checks: those named in `options.rules`, else every registered rule.
std::vector<const Fixer*> selected_rules(const PipelineOptions& options);
// True the first time a rule of its resource type is met, noting the type: a resource that
// several rules check counts once.
bool first_of_its_type(const Fixer* fixer, std::vector<std::string_view>& types_counted);

// Runs every selected rule on `text`. Fixes that are safe (and unsafe ones when allowed) are
// applied together in one verified pass; then the rules run again on the result, which must
// leave nothing they could fix (idempotence), or the file gets an internal error instead.
FileOutcome process_text(std::string_view text, const PipelineOptions& options);
// process_text without the copy of an unchanged text: `fixed_text` stays empty unless a fix
// changed the text. What the command line runs, as it never needs that copy.
FileOutcome fix_text(std::string_view text, const PipelineOptions& options);

}  // namespace armfix
