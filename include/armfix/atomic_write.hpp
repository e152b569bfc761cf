// Writing a fixed template back: atomically, keeping its mode, and never over someone's edit.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/engine.hpp"

namespace armfix {

// Replaces the file at `path` with `replacement`, provided it still holds exactly `expected`
// (the bytes armfix read). The new text goes to a temporary file in the same directory, gets
// the old file's mode (and owner, where permitted), is flushed, then renamed over the old file,
// so readers see either the old or the new file, never a mix. Read-only files are refused.
// Returns the reason on failure; the file is then untouched and no temporary file is left.
std::optional<std::string> replace_file_if_unchanged(const std::filesystem::path& path,
                                                     std::string_view expected,
                                                     std::string_view replacement);

// What armfix read of a file, kept instead of its bytes so that --write, which writes only after
// every file was checked, needs no more memory than the largest file.
struct Fingerprint {
  std::size_t size = 0;
  std::size_t hash = 0;
};
Fingerprint fingerprint_of(std::string_view bytes);

// Like replace_file_if_unchanged, for a file that must still match `expected`: the replacement
// is `edits` applied to the bytes found on disk.
std::optional<std::string> apply_edits_if_unchanged(const std::filesystem::path& path,
                                                    const Fingerprint& expected,
                                                    const std::vector<TextEdit>& edits);

// Reads a whole file into buffer[0, size), growing `buffer` when it is too small but never
// shrinking it, so a buffer used again is not zero-filled again.
std::optional<std::string> read_file_into(const std::filesystem::path& path, std::string& buffer,
                                          std::size_t& size);

// Reads a whole file (or FIFO); the reason on failure.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& bytes);

}  // namespace armfix
