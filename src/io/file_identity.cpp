// Reading a file's device and inode.
#include "io/file_identity.hpp"

#include <sys/stat.h>

namespace armfix {

std::optional<FileId> file_id_of(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return std::nullopt;
  return FileId{status.st_dev, status.st_ino};
}

}  // namespace armfix
