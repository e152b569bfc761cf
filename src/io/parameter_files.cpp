// Finding a template's parameter files and supplying a parameter in them.
#include "io/parameter_files.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "armfix/document.hpp"
#include "armfix/json_pointer.hpp"
#include "bicep/bicep_document.hpp"
#include "io/atomic_write.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The template stems a file name is a parameter file of: `<stem>.parameters.json` and
// `<stem>.parameters.<env>.json`, where <env> has no dot. A name can be both
// (`a.parameters.parameters.json` is one of `a.parameters` and one of `a`).
std::vector<std::string> stems_parameterized_by(const std::string& name) {
  static const std::string kJson = ".json";
  static const std::string kParameters = ".parameters";
  std::vector<std::string> stems;
  if (!ends_with(name, kJson)) return stems;
  const std::string base = name.substr(0, name.size() - kJson.size());
  if (ends_with(base, kParameters) && base.size() > kParameters.size()) {
    stems.push_back(base.substr(0, base.size() - kParameters.size()));
  }
  const std::size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot + 1 < base.size()) {
    const std::string before_env = base.substr(0, dot);
    if (ends_with(before_env, kParameters) && before_env.size() > kParameters.size()) {
      stems.push_back(before_env.substr(0, before_env.size() - kParameters.size()));
    }
  }
  return stems;
}

// A template's name without its extension: what its parameter files are named after.
std::string template_stem(const fs::path& template_file) {
  std::string stem = template_file.filename().string();
  for (const char* extension : {".jsonc", ".json", ".bicep"}) {
    if (ends_with(stem, extension)) {
      stem.resize(stem.size() - std::string(extension).size());
      break;
    }
  }
  return stem;
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

// One directory's parameter files, by the template they belong to.
struct ParameterFileIndex::Directory {
  fs::path path;  // as the templates name it
  std::unordered_map<std::string, std::vector<std::string>> json_by_stem;
  std::vector<std::string> bicepparam_names;  // read on the first Bicep lookup
  std::unordered_map<std::string, std::vector<std::string>> bicepparam_by_used;
  bool bicepparams_read = false;

  void add(const fs::directory_entry& entry);

  void read_bicepparams() {
    bicepparams_read = true;
    for (const auto& name : bicepparam_names) {
      std::string text;
      if (read_whole_file(path / name, text)) continue;  // unreadable: not listed
      const std::string used = fs::path(using_path(text)).lexically_normal().string();
      bicepparam_by_used[used].push_back(name);
    }
  }
};

struct ParameterFileIndex::Directories {
  std::unordered_map<std::string, Directory> by_path;
};

ParameterFileIndex::ParameterFileIndex() : directories_(std::make_unique<Directories>()) {}
ParameterFileIndex::~ParameterFileIndex() = default;

namespace {

// The key of a directory: its path as its files' parent_path() gives it, so `dir/` and `dir`
// are one directory.
std::string directory_key(const fs::path& directory) {
  return (directory / "_").parent_path().native();
}

}  // namespace

void ParameterFileIndex::Directory::add(const fs::directory_entry& entry) {
  // The type the listing gave: no stat unless the entry is a link or the file system does
  // not say.
  std::error_code error;
  if (!entry.is_regular_file(error)) return;
  const std::string name = entry.path().filename().string();
  if (entry.path().extension() == ".bicepparam") bicepparam_names.push_back(name);
  for (auto& stem : stems_parameterized_by(name))
    json_by_stem[stem].push_back(name);
}

void ParameterFileIndex::add_listing(const fs::path& directory,
                                     const std::vector<fs::directory_entry>& entries) {
  auto [it, inserted] = directories_->by_path.try_emplace(directory_key(directory));
  if (!inserted) return;
  it->second.path = directory;
  for (const auto& entry : entries)
    it->second.add(entry);
}

ParameterFileIndex::Directory& ParameterFileIndex::directory_of(const fs::path& template_file) {
  const fs::path parent = template_file.parent_path();
  auto [it, inserted] = directories_->by_path.try_emplace(directory_key(parent));
  Directory& directory = it->second;
  if (!inserted) return directory;
  directory.path = parent;
  std::error_code error;
  const fs::path listed = parent.empty() ? fs::path(".") : parent;
  for (fs::directory_iterator entry(listed, error), end; !error && entry != end;
       entry.increment(error)) {
    directory.add(*entry);
  }
  return directory;
}

std::vector<fs::path> ParameterFileIndex::files_of(const fs::path& template_file) {
  Directory& directory = directory_of(template_file);
  std::vector<fs::path> files;
  auto json = directory.json_by_stem.find(template_stem(template_file));
  if (json != directory.json_by_stem.end()) {
    for (const auto& name : json->second)
      files.push_back(directory.path / name);
  }
  if (template_file.extension() == ".bicep") {
    if (!directory.bicepparams_read) directory.read_bicepparams();
    auto bicepparam = directory.bicepparam_by_used.find(template_file.filename().string());
    if (bicepparam != directory.bicepparam_by_used.end()) {
      for (const auto& name : bicepparam->second)
        files.push_back(directory.path / name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> parameter_files_beside(const fs::path& template_file) {
  return ParameterFileIndex().files_of(template_file);
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
