// A file's identity on disk: the device and inode that name it whatever path reaches it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <tuple>

namespace armfix {

struct FileId {
  dev_t device = 0;
  ino_t inode = 0;

  bool operator==(const FileId& other) const {
    return device == other.device && inode == other.inode;
  }
  bool operator<(const FileId& other) const {
    return std::tie(device, inode) < std::tie(other.device, other.inode);
  }
};

// The identity of the file `path` leads to (links followed), or nullopt when it cannot be
// looked at. One stat call.
std::optional<FileId> file_id_of(const std::filesystem::path& path);

}  // namespace armfix
