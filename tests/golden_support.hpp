// Shared helpers of the document and engine tests: files read byte for byte, the corpus
// listing, and the invariants every set of text edits must satisfy.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "armfix/document.hpp"
#include "armfix/engine.hpp"

namespace armfix::test {

// The whole file, bytes unchanged (no line-ending translation).
std::string read_bytes(const std::filesystem::path& path);

std::filesystem::path golden_dir();  // tests/golden in the source tree
std::filesystem::path corpus_dir();  // ../shared/corpus

// Every `.json` file under the corpus, sorted; fails the test when the corpus is missing.
std::vector<std::filesystem::path> corpus_files();

// Parses `text`, failing the test with the parser's message when it is not accepted.
Document parse_ok(std::string text);

// Sorted by offset, never overlapping, inside the original text.
bool edits_are_ordered(const std::vector<TextEdit>& edits, std::size_t original_size);

}  // namespace armfix::test
