// Deployment parameter files: when a fix adds a template parameter without a default value,
// every parameter file deploying that template must now supply it. This stage finds those files
// beside the template, tells which parameters each lacks, and (for --workspace-id-for) supplies
// a value with the same format-preserving engine the fixes use.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "armfix/engine.hpp"
#include "armfix/result.hpp"
#include "armfix/source_error.hpp"

namespace armfix {

// Deployment parameter files are JSON (`deploymentParameters.json`) or, for Bicep, `.bicepparam`.
enum class ParameterFileFormat { Json, BicepParam };
ParameterFileFormat parameter_file_format(const std::filesystem::path& file);

// The parameter files of templates by the usual naming: for `<stem>.json` (or `.jsonc`, or
// `.bicep`), `<stem>.parameters.json` and `<stem>.parameters.<env>.json` in the same directory
// (so `azuredeploy.parameters.json` beside `azuredeploy.json`); for a Bicep file, also every
// `.bicepparam` file there whose `using` names it. Each directory is listed once, on its first
// lookup, and each `.bicepparam` file read once, on the first lookup for a Bicep file there, so
// that looking up every template of a repository costs one listing per directory whatever the
// number of templates in it.
class ParameterFileIndex {
 public:
  ParameterFileIndex();
  ~ParameterFileIndex();
  ParameterFileIndex(const ParameterFileIndex&) = delete;
  ParameterFileIndex& operator=(const ParameterFileIndex&) = delete;

  // The parameter files of `template_file`, as paths beside it, sorted by name.
  std::vector<std::filesystem::path> files_of(const std::filesystem::path& template_file);

  // Takes a listing made elsewhere (the discovery walk), so `directory` is not listed again.
  void add_listing(const std::filesystem::path& directory,
                   const std::vector<std::filesystem::directory_entry>& entries);

 private:
  struct Directory;
  Directory& directory_of(const std::filesystem::path& template_file);

  struct Directories;
  std::unique_ptr<Directories> directories_;
};

// The parameter files of one template, as a fresh ParameterFileIndex finds them.
std::vector<std::filesystem::path> parameter_files_beside(
    const std::filesystem::path& template_file);

// Which of `required` a parameter file does not define (names compare ignoring case, as ARM
// does). An error when the text does not parse or has no `parameters` object.
Result<std::vector<std::string>, SourceError> missing_parameters(
    const std::string& text, const std::vector<std::string>& required,
    ParameterFileFormat format = ParameterFileFormat::Json);

// The parameter file with `"<name>": {"value": <value>}` added to `parameters` for each name,
// in the file's own style, verified like every other edit.
// In a `.bicepparam` file: a `param <name> = '<value>'` line after its last `param` (or `using`).
Result<PatchedText, SourceError> supply_parameters(
    const std::string& text, const std::vector<std::string>& names, const std::string& value,
    ParameterFileFormat format = ParameterFileFormat::Json);

// What a person adds to a parameter file's `parameters` to supply `name`.
std::string parameter_snippet(const std::string& name,
                              ParameterFileFormat format = ParameterFileFormat::Json);

}  // namespace armfix
