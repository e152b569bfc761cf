// Finding statuses, totals and the exit code, derived from a run's results.
#include "report/run_result.hpp"

#include <algorithm>
#include <utility>
#include <vector>

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

std::vector<std::string> rules_sharing_edits(const FileOutcome& outcome, std::size_t index) {
  std::vector<std::string> others;
  for (const auto& owners : outcome.edit_findings) {
    if (std::find(owners.begin(), owners.end(), index) == owners.end()) continue;
    for (std::size_t owner : owners) {
      const RuleInfo* rule = outcome.findings[owner].finding.rule;
      if (owner != index && rule != nullptr) others.push_back(rule->name);
    }
  }
  std::sort(others.begin(), others.end());
  others.erase(std::unique(others.begin(), others.end()), others.end());
  return others;
}

FindingStatus status_of(const ReportedFinding& finding, const FileResult& file, Mode mode) {
  if (finding.finding.safety == Safety::Manual) return FindingStatus::Manual;
  if (finding.applied) {
    return mode == Mode::Write && file.written ? FindingStatus::Fixed : FindingStatus::Fixable;
  }
  return finding.finding.safety == Safety::Unsafe ? FindingStatus::Unsafe : FindingStatus::Fixable;
}

void StatusCounts::add(FindingStatus status) {
  switch (status) {
    case FindingStatus::Fixed:
      ++fixed;
      break;
    case FindingStatus::Fixable:
      ++fixable;
      break;
    case FindingStatus::Unsafe:
      ++unsafe;
      break;
    case FindingStatus::Manual:
      ++manual;
      break;
  }
}

namespace {

int severity(FindingStatus status) {
  switch (status) {
    case FindingStatus::Fixed:
      return 0;
    case FindingStatus::Fixable:
      return 1;
    case FindingStatus::Unsafe:
      return 2;
    case FindingStatus::Manual:
      return 3;
  }
  return 3;
}

// Each resource a file's findings name, once, with the worst status of its findings.
std::vector<std::pair<const JsonPointer*, FindingStatus>> failing_resources(const FileResult& file,
                                                                            Mode mode) {
  std::vector<std::pair<const JsonPointer*, FindingStatus>> resources;
  for (const auto& finding : file.outcome.findings) {
    const FindingStatus status = status_of(finding, file, mode);
    auto same = std::find_if(resources.begin(), resources.end(), [&](const auto& resource) {
      return *resource.first == finding.finding.resource.pointer;
    });
    if (same == resources.end()) {
      resources.emplace_back(&finding.finding.resource.pointer, status);
    } else {
      same->second = worse(same->second, status);
    }
  }
  return resources;
}

}  // namespace

FindingStatus worse(FindingStatus a, FindingStatus b) {
  return severity(a) >= severity(b) ? a : b;
}

std::size_t resources_with_findings(const FileOutcome& outcome) {
  std::vector<const JsonPointer*> seen;
  for (const auto& finding : outcome.findings) {
    const JsonPointer& pointer = finding.finding.resource.pointer;
    if (std::none_of(seen.begin(), seen.end(), [&](const auto* p) { return *p == pointer; }))
      seen.push_back(&pointer);
  }
  return seen.size();
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
        ++totals.without_resources;
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
    const auto failing = failing_resources(file, run.mode);
    const std::size_t resources = std::max(file.outcome.resources, failing.size());
    totals.resources += resources;
    totals.compliant += resources - failing.size();
    for (const auto& resource : failing)
      totals.failing.add(resource.second);
    if (resources > 0) ++totals.files_with_resources;
    if (!file.outcome.findings.empty()) ++totals.files_with_findings;
    if (file.changed() && file.errors.empty()) ++totals.changed_files;
    if (file.written) ++totals.written_files;
    for (const auto& parameter_file : file.parameter_files) {
      if (parameter_file.error) ++totals.errors;
      if (parameter_file.supplied()) ++totals.changed_files;
      if (parameter_file.written) ++totals.written_files;
      if (!parameter_file.error && !parameter_file.supplied()) ++totals.parameter_files_to_update;
    }
    for (const auto& finding : file.outcome.findings) {
      const FindingStatus status = status_of(finding, file, run.mode);
      const RuleInfo* rule = finding.finding.rule;
      totals.rules[rule != nullptr ? rule->name : std::string("armfix")].add(status);
      ++totals.findings;
      switch (status) {
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
