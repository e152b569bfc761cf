// Finding a template's parameter files and supplying a parameter in them.
#include "armfix/parameter_files.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "armfix/atomic_write.hpp"
#include "armfix/bicep_document.hpp"
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

// The lines of a `.bicepparam` file that are not `//` comments, without leading blanks.
// Block comments are not looked into: parameter files rarely have them around statements.
std::vector<std::string_view> bicepparam_statements(std::string_view text) {
  std::vector<std::string_view> statements;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    if (line.substr(0, 2) != "//") statements.push_back(line);
    begin = end + 1;
  }
  return statements;
}

bool starts_with_word(std::string_view line, std::string_view word) {
  return line.size() > word.size() && line.compare(0, word.size(), word) == 0 &&
         (line[word.size()] == ' ' || line[word.size()] == '\t');
}

// The path a `.bicepparam` file's `using` statement names, or "" when it has none.
std::string using_path(std::string_view text) {
  for (std::string_view line : bicepparam_statements(text)) {
    if (!starts_with_word(line, "using")) continue;
    std::size_t open = line.find('\'');
    std::size_t close = open == std::string_view::npos ? open : line.find('\'', open + 1);
    if (close != std::string_view::npos)
      return std::string(line.substr(open + 1, close - open - 1));
  }
  return {};
}

// Names given a value by `param <name> = ...` statements.
std::vector<std::string> bicepparam_names(std::string_view text) {
  std::vector<std::string> names;
  for (std::string_view line : bicepparam_statements(text)) {
    if (!starts_with_word(line, "param")) continue;
    line.remove_prefix(5);
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    std::size_t end = 0;
    while (end < line.size() &&
           (std::isalnum(static_cast<unsigned char>(line[end])) != 0 || line[end] == '_')) {
      ++end;
    }
    if (end > 0) names.emplace_back(line.substr(0, end));
  }
  return names;
}

// Whether a `.bicepparam` file's `using` names `bicep_name`, in the same directory.
bool bicepparam_uses(const fs::path& parameter_file, const std::string& bicep_name) {
  std::string text;
  if (read_whole_file(parameter_file, text)) return false;  // unreadable: not listed
  const fs::path used = fs::path(using_path(text)).lexically_normal();
  return used == fs::path(bicep_name);
}

Result<std::vector<std::string>, SourceError> missing_in_bicepparam(
    const std::string& text, const std::vector<std::string>& required) {
  if (using_path(text).empty()) {
    return whole_file_error("not a Bicep parameter file: it has no 'using' statement");
  }
  const std::vector<std::string> present = bicepparam_names(text);
  std::vector<std::string> missing;
  for (const auto& name : required) {
    if (std::find(present.begin(), present.end(), name) == present.end()) missing.push_back(name);
  }
  return missing;
}

// Appends one `param` line per name, in the file's line ending, and checks the result.
Result<PatchedText, SourceError> supply_in_bicepparam(const std::string& text,
                                                      const std::vector<std::string>& names,
                                                      const std::string& value) {
  auto missing = missing_in_bicepparam(text, names);
  if (!missing) return missing.error();
  const bool crlf = text.find("\r\n") != std::string::npos;
  const std::string newline = crlf ? "\r\n" : "\n";
  TextEdit edit;
  edit.offset = text.size();
  if (!text.empty() && text.back() != '\n') edit.text += newline;
  for (const auto& name : missing.value())
    edit.text += "param " + name + " = " + quote_bicep_string(value) + newline;
  PatchedText patched;
  patched.text = text + edit.text;
  if (!edit.text.empty()) patched.edits.push_back(edit);
  auto still_missing = missing_in_bicepparam(patched.text, names);
  if (!still_missing || !still_missing.value().empty()) {
    return whole_file_error("internal error: the parameter could not be added");
  }
  return patched;
}

}  // namespace

ParameterFileFormat parameter_file_format(const fs::path& file) {
  return file.extension() == ".bicepparam" ? ParameterFileFormat::BicepParam
                                           : ParameterFileFormat::Json;
}

std::vector<fs::path> parameter_files_beside(const fs::path& template_file) {
  std::string stem = template_file.filename().string();
  const bool bicep = template_file.extension() == ".bicep";
  for (const char* extension : {".jsonc", ".json", ".bicep"}) {
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
    if (!it->is_regular_file(error)) continue;
    const bool bicepparam = bicep && it->path().extension() == ".bicepparam" &&
                            bicepparam_uses(it->path(), template_file.filename().string());
    if (bicepparam || names_parameter_file_of(name, stem)) {
      files.push_back(template_file.parent_path() / name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::vector<std::string>, SourceError> missing_parameters(
    const std::string& text, const std::vector<std::string>& required, ParameterFileFormat format) {
  if (format == ParameterFileFormat::BicepParam) return missing_in_bicepparam(text, required);
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
                                                   const std::string& value,
                                                   ParameterFileFormat format) {
  if (format == ParameterFileFormat::BicepParam) return supply_in_bicepparam(text, names, value);
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

std::string parameter_snippet(const std::string& name, ParameterFileFormat format) {
  if (format == ParameterFileFormat::BicepParam) {
    return "param " + name + " = '<resource ID of the Log Analytics workspace>'";
  }
  return nlohmann::json(name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         ": { \"value\": \"<resource ID of the Log Analytics workspace>\" }";
}

}  // namespace armfix
