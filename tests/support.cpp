// Shared helpers for tests.
#include "support.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace armfix::test {

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(ARMFIX_SOURCE_DIR) / relative;
}

std::filesystem::path shared_path(const std::string& relative) {
  return std::filesystem::path(ARMFIX_SHARED_DIR) / relative;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool file_exists(const std::filesystem::path& path) {
  return std::filesystem::is_regular_file(path);
}

std::vector<std::filesystem::path> files_under(const std::filesystem::path& root,
                                               const std::string& extension) {
  if (!std::filesystem::is_directory(root))
    throw std::runtime_error("no directory " + root.string());
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() >= extension.size() &&
        name.compare(name.size() - extension.size(), extension.size(), extension) == 0) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::map<std::string, int> cluster_counts(const std::string& corpus) {
  std::map<std::string, int> counts;
  std::istringstream features(read_file(shared_path(corpus + "/FEATURES.tsv")));
  std::string line;
  std::getline(features, line);  // header
  while (std::getline(features, line)) {
    std::istringstream fields(line);
    std::string file;
    std::string clusters;
    std::getline(fields, file, '\t');
    std::getline(fields, clusters, '\t');
    counts[file] = std::stoi(clusters);
  }
  return counts;
}

std::string wide(const std::string& text, std::size_t unit, bool big_endian) {
  std::string out;
  for (char c : text) {
    std::string code(unit, '\0');
    code[big_endian ? unit - 1 : 0] = c;
    out += code;
  }
  return out;
}

PipelineOptions defender_only(PipelineOptions options) {
  options.rules = {find_fixer("Azure.AKS.DefenderProfile")};
  return options;
}

}  // namespace armfix::test
