// Reading the files armfix checks, whole or piece by piece.
//
// Only regular files are read. Each is opened without blocking (a FIFO would wait for a
// writer) and without becoming the process's terminal, its kind is checked on the open
// descriptor (the path may have been replaced since discovery looked at it), and no more is
// read than the size it had when opened, plus one byte to tell that it grew: a device such as
// /dev/zero is never read, and a file being written meanwhile cannot make the read endless.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace armfix {

// What a file of `type` is, for messages: "a FIFO", "a character device", "a directory", ...
const char* kind_of_file(std::filesystem::file_type type);

// Why a file of `type` is not read: "not a regular file (a FIFO)".
std::string not_a_regular_file(std::filesystem::file_type type);

// Reads a whole file into buffer[0, size), growing `buffer` when it is too small but never
// shrinking it, so a buffer used again is not zero-filled again. A file whose size changed
// while it was read is an error: what was read is neither its old nor its new content.
std::optional<std::string> read_file_into(const std::filesystem::path& path, std::string& buffer,
                                          std::size_t& size);

// Reads a whole file; the reason on failure.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& bytes);

// Reads the file at `path` piece by piece, in a buffer of fixed size; the reason on failure. A
// file that grew while it was read hands over one byte more than its size when opened, no
// further: enough for a caller comparing it with what it expects to see that it changed.
std::optional<std::string> read_in_chunks(const std::filesystem::path& path,
                                          const std::function<void(std::string_view)>& consume);

}  // namespace armfix
