// Pairs compiled ARM templates with their Bicep sources, and notes the ones whose source this
// run does not see.
#include "io/compiled_sources.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>

#include "io/file_identity.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

// The Bicep files this run checked, found by the path they were discovered at and, when a
// compiled template names its source another way (`dir/../dir/main.json`, a link), by device
// and inode. The identities are read only on the first lookup that needs them: one stat per
// Bicep file, once per run.
class CheckedSources {
 public:
  CheckedSources(const RunResult& run, const std::vector<DiscoveredPath>& discovered)
      : discovered_(discovered) {
    for (std::size_t j = 0; j < discovered.size() && j < run.files.size(); ++j) {
      if (discovered[j].kind != DiscoveryKind::Candidate ||
          discovered[j].language != SourceLanguage::Bicep ||
          run.files[j].state != FileState::Checked) {  // unreadable or invalid: no pair
        continue;
      }
      by_path_.emplace(discovered[j].path.lexically_normal().native(), j);
      sources_.push_back(j);
    }
  }

  // The index of the Bicep file checked at `source`, or nullopt when there is none.
  std::optional<std::size_t> find(const fs::path& source) {
    auto found = by_path_.find(source.lexically_normal().native());
    if (found != by_path_.end()) return found->second;
    if (sources_.empty()) return std::nullopt;
    auto identity = file_id_of(source);
    if (!identity) return std::nullopt;
    if (!identities_read_) read_identities();
    auto same = by_identity_.find(*identity);
    if (same == by_identity_.end()) return std::nullopt;
    return same->second;
  }

 private:
  void read_identities() {
    identities_read_ = true;
    for (std::size_t index : sources_) {
      if (auto identity = file_id_of(discovered_[index].path))
        by_identity_.emplace(*identity, index);
    }
  }

  const std::vector<DiscoveredPath>& discovered_;
  std::unordered_map<std::string, std::size_t> by_path_;
  std::vector<std::size_t> sources_;  // indexes of the checked Bicep files
  std::map<FileId, std::size_t> by_identity_;
  bool identities_read_ = false;
};

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
  CheckedSources sources(run, discovered);
  for (std::size_t i = 0; i < run.files.size() && i < discovered.size(); ++i) {
    FileResult& compiled = run.files[i];
    if (compiled.state != FileState::Checked || compiled.language != SourceLanguage::Json ||
        !compiled.outcome.compiled_from_bicep) {
      continue;
    }
    const fs::path source = fs::path(discovered[i].path).replace_extension(".bicep");
    if (auto found = sources.find(source)) {
      const std::size_t j = *found;
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
