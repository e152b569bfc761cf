// Shared helpers for tests: reading fixture files from the source tree and ../shared.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace armfix::test {

std::filesystem::path source_path(const std::string& relative);
std::filesystem::path shared_path(const std::string& relative);
std::string read_file(const std::filesystem::path& path);
bool file_exists(const std::filesystem::path& path);
// Every regular file under `root` whose name ends in `extension`, sorted.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& root,
                                               const std::string& extension);

}  // namespace armfix::test
