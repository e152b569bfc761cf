// Pairs compiled ARM templates with their Bicep sources, and notes the ones whose source this
// run does not see.
#include "armfix/compiled_sources.hpp"

#include <filesystem>
#include <system_error>

namespace armfix {

namespace fs = std::filesystem;

namespace {

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  bool same = fs::equivalent(a, b, error);
  return !error && same;
}

// The Bicep file this run checked at `source`, or files.size() when there is none.
std::size_t checked_source(const RunResult& run, const std::vector<DiscoveredPath>& discovered,
                           const fs::path& source) {
  for (std::size_t j = 0; j < discovered.size(); ++j) {
    if (discovered[j].kind != DiscoveryKind::Candidate ||
        discovered[j].language != SourceLanguage::Bicep) {
      continue;
    }
    if (run.files[j].state != FileState::Checked) continue;  // unreadable or invalid: no pair
    if (same_file(discovered[j].path, source)) return j;
  }
  return run.files.size();
}

std::string missing_source_note(const FileResult& file, const fs::path& source) {
  std::error_code error;
  if (fs::exists(source, error)) {
    std::string shown = fs::path(file.path).replace_extension(".bicep").generic_string();
    return "compiled from Bicep: fix its source " + shown +
           " as well, or the next build overwrites this fix";
  }
  return "compiled from Bicep, and its .bicep source is not here: fix the source as well, or "
         "the next build overwrites this fix";
}

bool has_fix_or_finding(const FileResult& file) {
  return !file.outcome.findings.empty() || file.changed();
}

// Whether the run leaves the source with nothing to fix: then the next build keeps the fix.
bool fully_fixed(const FileResult& source) {
  for (const auto& finding : source.outcome.findings) {
    if (!finding.applied) return false;
  }
  return true;
}

std::string pair_note(const FileResult& source) {
  if (fully_fixed(source)) {
    return "compiled from " + source.path +
           ", which this run checks too: the fix goes into both, so the next build keeps it";
  }
  return "compiled from " + source.path +
         ", which this run checks too but does not fully fix: fix the source as its findings "
         "say, or the next build overwrites this fix";
}

}  // namespace

void pair_compiled_templates(RunResult& run, const std::vector<DiscoveredPath>& discovered) {
  for (std::size_t i = 0; i < run.files.size() && i < discovered.size(); ++i) {
    FileResult& compiled = run.files[i];
    if (compiled.state != FileState::Checked || compiled.language != SourceLanguage::Json ||
        !compiled.outcome.compiled_from_bicep) {
      continue;
    }
    const fs::path source = fs::path(discovered[i].path).replace_extension(".bicep");
    std::size_t j = checked_source(run, discovered, source);
    if (j < run.files.size()) {
      compiled.bicep_source = run.files[j].path;
      run.files[j].compiled_template = compiled.path;
      if (has_fix_or_finding(compiled) || has_fix_or_finding(run.files[j])) {
        compiled.notes.push_back(pair_note(run.files[j]));
      }
      continue;
    }
    if (!compiled.outcome.findings.empty()) {
      compiled.notes.push_back(missing_source_note(compiled, source));
    }
  }
}

}  // namespace armfix
