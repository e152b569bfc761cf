// Writing a fixed template back: atomically, keeping its mode, and never over someone's edit.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace armfix {

// Replaces the file at `path` with `replacement`, provided it still holds exactly `expected`
// (the bytes armfix read). The new text goes to a temporary file in the same directory, gets
// the old file's mode (and owner, where permitted), is flushed, then renamed over the old file,
// so readers see either the old or the new file, never a mix. Read-only files are refused.
// Returns the reason on failure; the file is then untouched and no temporary file is left.
std::optional<std::string> replace_file_if_unchanged(const std::filesystem::path& path,
                                                     std::string_view expected,
                                                     std::string_view replacement);

// Reads a whole file (or FIFO); the reason on failure.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& bytes);

}  // namespace armfix
