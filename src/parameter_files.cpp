// Finding a template's parameter files and supplying a parameter in them.
#include "armfix/parameter_files.hpp"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>

#include "armfix/document.hpp"
#include "armfix/json_pointer.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `<stem>.parameters.json` or `<stem>.parameters.<env>.json`, where <env> has no dot.
bool names_parameter_file_of(const std::string& name, const std::string& stem) {
  const std::string prefix = stem + ".parameters.";
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
  if (!ends_with(name, ".json")) return false;
  const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - 5);
  return middle.empty() || middle.find('.') == std::string::npos;
}

SourceError whole_file_error(std::string message) {
  SourceError error;
  error.message = std::move(message);
  return error;
}

Result<NodeId, SourceError> parameters_object(const Document& document) {
  NodeId parameters = document.find_member(document.root(), "parameters");
  if (!document.is_object(document.root()) || !document.is_object(parameters)) {
    return whole_file_error("not a deployment parameter file: it has no 'parameters' object");
  }
  return parameters;
}

}  // namespace

std::vector<fs::path> parameter_files_beside(const fs::path& template_file) {
  std::string stem = template_file.filename().string();
  for (const char* extension : {".jsonc", ".json"}) {
    if (ends_with(stem, extension)) {
      stem.resize(stem.size() - std::string(extension).size());
      break;
    }
  }
  std::vector<fs::path> files;
  std::error_code error;
  fs::path directory = template_file.parent_path().empty() ? "." : template_file.parent_path();
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (names_parameter_file_of(name, stem) && it->is_regular_file(error)) {
      files.push_back(template_file.parent_path() / name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::vector<std::string>, SourceError> missing_parameters(
    const std::string& text, const std::vector<std::string>& required) {
  auto parsed = Document::parse(text);
  if (!parsed) return parsed.error();
  const Document& document = parsed.value();
  auto parameters = parameters_object(document);
  if (!parameters) return parameters.error();
  std::vector<std::string> missing;
  for (const auto& name : required) {
    if (document.find_member(parameters.value(), name) == kNoNode) missing.push_back(name);
  }
  return missing;
}

Result<PatchedText, SourceError> supply_parameters(const std::string& text,
                                                   const std::vector<std::string>& names,
                                                   const std::string& value) {
  auto parsed = Document::parse(text);
  if (!parsed) return parsed.error();
  const Document& document = parsed.value();
  auto parameters = parameters_object(document);
  if (!parameters) return parameters.error();
  const JsonPointer parameters_pointer = document.pointer_to(parameters.value());
  std::vector<PatchOperation> operations;
  for (const auto& name : names) {
    if (document.find_member(parameters.value(), name) != kNoNode) continue;
    PatchOperation operation;
    operation.kind = PatchOpKind::Add;
    operation.path = parameters_pointer / name;
    operation.value = nlohmann::ordered_json{{"value", value}};
    operations.push_back(std::move(operation));
  }
  auto patched = apply_patch(document, operations);
  if (!patched) return whole_file_error("cannot supply the parameter: " + patched.error().message);
  return std::move(patched).value();
}

std::string parameter_snippet(const std::string& name) {
  return nlohmann::json(name).dump() +
         ": { \"value\": \"<resource ID of the Log Analytics workspace>\" }";
}

}  // namespace armfix
