// Which parameter files must supply the parameters a run's fixes add, and supplying them.
#include "io/parameter_file_check.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "io/atomic_write.hpp"
#include "io/parameter_files.hpp"
#include "io/text_encoding.hpp"
#include "report/diff.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

// The parameters the file's applied fixes add without a default, each once, in finding order.
std::vector<std::string> required_parameters_of(const FileResult& file) {
  std::vector<std::string> names;
  for (const auto& reported : file.outcome.findings) {
    if (!reported.applied) continue;
    for (const auto& parameter : reported.finding.required_parameters) {
      bool seen = false;
      for (const auto& name : names)
        seen = seen || name == parameter.name;
      if (!seen) names.push_back(parameter.name);
    }
  }
  return names;
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  return fs::equivalent(a, b, error) && !error;
}

// The file's display path: the template's directory as displayed, then its name.
std::string displayed_beside(const std::string& template_display, const fs::path& file) {
  return (fs::path(template_display).parent_path() / file.filename()).generic_string();
}

ParameterFileResult check_one(const fs::path& file, std::string display,
                              const std::vector<std::string>& required,
                              std::vector<WorkspaceIdFor>& unused, const CliOptions& options) {
  ParameterFileResult result;
  result.path = std::move(display);
  result.write_path = fs::is_symlink(file) ? fs::canonical(file) : file;
  std::string text;
  auto error = read_whole_file(file, text);
  if (!error) error = unsupported_encoding(text);
  if (error) {
    result.error = SourceError{{}, 0, *error};
    return result;
  }
  result.format = parameter_file_format(file);
  auto missing = missing_parameters(text, required, result.format);
  if (!missing) {
    result.error = missing.error();
    return result;
  }
  result.missing = std::move(missing).value();
  if (result.missing.empty()) return result;

  for (const auto& given : options.workspace_ids_for) {
    if (same_file(given.file, file)) {
      result.supplied_value = given.id;
      break;
    }
  }
  unused.erase(
      std::remove_if(unused.begin(), unused.end(),
                     [&](const WorkspaceIdFor& given) { return same_file(given.file, file); }),
      unused.end());
  if (result.supplied_value.empty()) return result;

  auto supplied = supply_parameters(text, result.missing, result.supplied_value, result.format);
  if (!supplied) {
    result.error = supplied.error();
    return result;
  }
  result.edits = std::move(supplied.value().edits);
  if (options.mode == Mode::DryRun || options.mode == Mode::Patch) {
    result.diff = unified_diff(text, supplied.value().text, result.path);
  }
  if (options.mode == Mode::Write) result.fixed_text = std::move(supplied.value().text);
  result.original = std::move(text);
  return result;
}

}  // namespace

std::vector<std::string> check_parameter_files(RunResult& run,
                                               const std::vector<DiscoveredPath>& discovered,
                                               const CliOptions& options,
                                               ParameterFileIndex& parameter_files) {
  std::vector<WorkspaceIdFor> unused = options.workspace_ids_for;
  for (std::size_t i = 0; i < run.files.size(); ++i) {
    FileResult& file = run.files[i];
    if (file.state != FileState::Checked || !file.errors.empty()) continue;
    const std::vector<std::string> required = required_parameters_of(file);
    if (required.empty()) continue;
    for (const fs::path& parameter_file : parameter_files.files_of(discovered[i].path)) {
      ParameterFileResult result = check_one(
          parameter_file, displayed_beside(file.path, parameter_file), required, unused, options);
      if (!result.missing.empty() || result.error)
        file.parameter_files.push_back(std::move(result));
    }
  }
  std::vector<std::string> notes;
  notes.reserve(unused.size());
  for (const auto& given : unused) {
    notes.push_back(given.file + ": note: --workspace-id-for: no fix adds a parameter this file " +
                    "must supply; left unchanged");
  }
  return notes;
}

}  // namespace armfix
