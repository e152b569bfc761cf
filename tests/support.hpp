// Shared helpers for tests: reading fixture files from the source tree and ../shared.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "armfix/pipeline.hpp"

namespace armfix::test {

std::filesystem::path source_path(const std::string& relative);
std::filesystem::path shared_path(const std::string& relative);
std::string read_file(const std::filesystem::path& path);
bool file_exists(const std::filesystem::path& path);
// Every regular file under `root` whose name ends in `extension`, sorted.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& root,
                                               const std::string& extension);
// The clusters each file of a shared corpus deploys, by path inside it, from the corpus's
// FEATURES.tsv (`corpus` is `corpus` or `corpus-bicep`).
std::map<std::string, int> cluster_counts(const std::string& corpus);
// ASCII `text` in UTF-16 (`unit` 2) or UTF-32 (`unit` 4), without a byte-order mark.
std::string wide(const std::string& text, std::size_t unit, bool big_endian);

// Options that run only Azure.AKS.DefenderProfile: the tests of that rule's cases, written
// before other rules existed, check its findings and fixes alone.
PipelineOptions defender_only(PipelineOptions options = {});

}  // namespace armfix::test
