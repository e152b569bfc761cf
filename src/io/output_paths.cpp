// Refusing output files that are input files, or each other.
#include "io/output_paths.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <tuple>
#include <unordered_map>

#include "core/utf8.hpp"
#include "io/parameter_files.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

// A file by device and inode; one that does not exist yet by its directory's and its name.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  std::string name;  // empty for an existing file

  bool operator==(const FileIdentity& other) const {
    return std::tie(device, inode, name) == std::tie(other.device, other.inode, other.name);
  }
};

std::optional<FileIdentity> identity_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return FileIdentity{info.st_dev, info.st_ino, {}};
  if (errno != ENOENT) return std::nullopt;
  const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (::stat(directory.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{info.st_dev, info.st_ino, path.filename().string()};
}

std::optional<FileIdentity> directory_of(const fs::path& path) {
  return identity_of(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

struct Output {
  const char* option;
  std::string path;
  const char* what;
  std::optional<FileIdentity> identity;
};

std::vector<Output> outputs_of(const CliOptions& options) {
  std::vector<Output> outputs;
  if (options.mode == Mode::Patch && options.patch_file != "-") {
    outputs.push_back({"--patch", options.patch_file, "patch", {}});
  }
  if (!options.output_file.empty())
    outputs.push_back({"--output", options.output_file, "report", {}});
  if (!options.summary_file.empty()) {
    outputs.push_back({"--summary", options.summary_file, "summary", {}});
  }
  for (auto& output : outputs)
    output.identity = identity_of(output.path);
  return outputs;
}

bool looks_like_parameter_file(const fs::path& path) {
  const std::string name = path.filename().string();
  return parameter_file_format(path) == ParameterFileFormat::BicepParam ||
         (name.find(".parameters.") != std::string::npos && path.extension() == ".json");
}

struct Input {
  std::string path;         // as displayed
  bool excludable = false;  // found by walking, so --exclude can leave it out
};

bool operator<(const FileIdentity& a, const FileIdentity& b) {
  return std::tie(a.device, a.inode, a.name) < std::tie(b.device, b.inode, b.name);
}

// The run's input files by identity, read on the first question and kept for every output:
// one stat per input. Only an output that exists can be an input, so a run whose outputs are
// all new files stats none of them.
class Inputs {
 public:
  Inputs(const CliOptions& options, const std::vector<DiscoveredPath>& discovered,
         ParameterFileIndex& parameter_files)
      : options_(options), discovered_(discovered), parameter_files_(parameter_files) {}

  // The input `output` is; nullopt when it is none. Parameter files are looked for only
  // beside the templates in the output's own directory, and only when its name is a
  // parameter file's.
  std::optional<Input> named_by(const Output& output) {
    if (!output.identity || !output.identity->name.empty()) return std::nullopt;  // not there yet
    if (!read_) read();
    auto found = by_identity_.find(*output.identity);
    if (found != by_identity_.end()) return found->second;
    if (!looks_like_parameter_file(output.path)) return std::nullopt;
    return parameter_file_named_by(output);
  }

 private:
  void read() {
    read_ = true;
    for (const auto& entry : discovered_) {
      if (entry.kind != DiscoveryKind::Candidate) continue;
      if (auto identity = identity_of(entry.path); identity && identity->name.empty())
        by_identity_.emplace(*identity, Input{entry.display_path, !entry.explicitly_named});
    }
    for (const auto& supplied : options_.workspace_ids_for) {
      if (auto identity = identity_of(supplied.file); identity && identity->name.empty())
        by_identity_.emplace(*identity, Input{supplied.file});
    }
  }

  // Each template directory is looked at once, whatever the number of templates in it.
  std::optional<Input> parameter_file_named_by(const Output& output) {
    const auto directory = directory_of(output.path);
    if (!directory) return std::nullopt;
    for (const auto& entry : discovered_) {
      if (entry.kind != DiscoveryKind::Candidate) continue;
      const std::string parent = entry.path.parent_path().native();
      auto [known, inserted] = directories_.try_emplace(parent);
      if (inserted) known->second = directory_of(entry.path);
      if (!(known->second == directory)) continue;
      for (const auto& parameter_file : parameter_files_.files_of(entry.path)) {
        if (identity_of(parameter_file) == output.identity) return Input{parameter_file.string()};
      }
    }
    return std::nullopt;
  }

  const CliOptions& options_;
  const std::vector<DiscoveredPath>& discovered_;
  bool read_ = false;
  std::map<FileIdentity, Input> by_identity_;
  std::unordered_map<std::string, std::optional<FileIdentity>> directories_;
  ParameterFileIndex& parameter_files_;
};

}  // namespace

std::optional<std::string> output_conflict(const CliOptions& options,
                                           const std::vector<DiscoveredPath>& discovered,
                                           ParameterFileIndex& parameter_files) {
  const std::vector<Output> outputs = outputs_of(options);
  Inputs inputs(options, discovered, parameter_files);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const Output& output = outputs[i];
    const std::string given = std::string(output.option) + " " + escaped_for_display(output.path);
    if (auto input = inputs.named_by(output)) {
      std::string message = "armfix: error: " + given + " is an input file; nothing was done\n" +
                            "armfix: note: write the " + output.what + " to another file";
      if (input->excludable) {
        message += ", or leave " + escaped_for_display(input->path) + " out with --exclude";
      }
      return message + "\n";
    }
    for (std::size_t k = 0; k < i; ++k) {
      if (outputs[k].identity && outputs[k].identity == output.identity) {
        return "armfix: error: " + std::string(outputs[k].option) + " " +
               escaped_for_display(outputs[k].path) + " and " + given +
               " are the same file; nothing was done\n";
      }
    }
  }
  return std::nullopt;
}

}  // namespace armfix
