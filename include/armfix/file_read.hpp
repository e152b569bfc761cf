// Reading the files armfix checks, whole or piece by piece.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace armfix {

// Reads a whole file into buffer[0, size), growing `buffer` when it is too small but never
// shrinking it, so a buffer used again is not zero-filled again.
std::optional<std::string> read_file_into(const std::filesystem::path& path, std::string& buffer,
                                          std::size_t& size);

// Reads a whole file (or FIFO); the reason on failure.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& bytes);

// Reads the file at `path` piece by piece, in a buffer of fixed size; the reason on failure.
std::optional<std::string> read_in_chunks(const std::filesystem::path& path,
                                          const std::function<void(std::string_view)>& consume);

}  // namespace armfix
