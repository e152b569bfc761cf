// Shared helpers of the document and engine tests.
#include "golden_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace armfix::test {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  INFO(path.string());
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::filesystem::path golden_dir() {
  return std::filesystem::path(ARMFIX_SOURCE_DIR) / "tests" / "golden";
}

std::filesystem::path corpus_dir() {
  return std::filesystem::path(ARMFIX_SHARED_DIR) / "corpus";
}

std::vector<std::filesystem::path> corpus_files() {
  std::filesystem::path dir = corpus_dir();
  INFO("corpus directory " << dir.string());
  REQUIRE(std::filesystem::is_directory(dir));
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  return files;
}

Document parse_ok(std::string text) {
  auto parsed = Document::parse(std::move(text));
  if (!parsed) {
    const SourceError& error = parsed.error();
    FAIL("parse error at " << error.position.line << ":" << error.position.column << ": "
                           << error.message);
  }
  return std::move(parsed).value();
}

bool edits_are_ordered(const std::vector<TextEdit>& edits, std::size_t original_size) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const TextEdit& edit = edits[i];
    if (edit.offset < at || edit.offset + edit.length > original_size) return false;
    bool same_point_insertions =
        i > 0 && edit.length == 0 && edits[i - 1].length == 0 && edits[i - 1].offset == edit.offset;
    if (same_point_insertions) return false;
    at = edit.offset + edit.length;
  }
  return true;
}

}  // namespace armfix::test
