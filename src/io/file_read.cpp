// Reading files: whole into a reused buffer, or piece by piece, regular files only.
#include "io/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace armfix {

namespace fs = std::filesystem;

namespace {

std::string last_error() {
  return std::strerror(errno);
}

fs::file_type type_of(mode_t mode) {
  if (S_ISREG(mode)) return fs::file_type::regular;
  if (S_ISDIR(mode)) return fs::file_type::directory;
  if (S_ISFIFO(mode)) return fs::file_type::fifo;
  if (S_ISCHR(mode)) return fs::file_type::character;
  if (S_ISBLK(mode)) return fs::file_type::block;
  if (S_ISSOCK(mode)) return fs::file_type::socket;
  if (S_ISLNK(mode)) return fs::file_type::symlink;
  return fs::file_type::unknown;
}

// An open descriptor of a regular file, closed when it goes.
class RegularFile {
 public:
  RegularFile() = default;
  ~RegularFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  // Opens `path`; the reason when it cannot be opened or is not a regular file.
  std::optional<std::string> open(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) return "cannot read: " + last_error();
    struct stat status {};
    if (::fstat(fd_, &status) != 0) return "cannot read: " + last_error();
    if (!S_ISREG(status.st_mode)) return not_a_regular_file(type_of(status.st_mode)) + "; not read";
    size_ = static_cast<std::size_t>(std::max<off_t>(status.st_size, 0));
    return std::nullopt;
  }

  // The size when opened.
  std::size_t size() const { return size_; }

  // Reads up to `capacity` bytes into `data`, fewer only at the end of the file.
  std::optional<std::string> read(char* data, std::size_t capacity, std::size_t& got) const {
    got = 0;
    while (got < capacity) {
      ssize_t n = ::read(fd_, data + got, capacity - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        return "cannot read: " + last_error();
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    return std::nullopt;
  }

 private:
  int fd_ = -1;
  std::size_t size_ = 0;
};

}  // namespace

const char* kind_of_file(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular:
      return "a regular file";
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::symlink:
      return "a symbolic link";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "of an unknown kind";
  }
}

std::string not_a_regular_file(fs::file_type type) {
  return std::string("not a regular file (") + kind_of_file(type) + ")";
}

std::optional<std::string> read_file_into(const fs::path& path, std::string& buffer,
                                          std::size_t& size) {
  size = 0;
  RegularFile file;
  if (auto refusal = file.open(path)) return refusal;
  // Straight into the buffer, grown (and so zero-filled) only when too small; one byte more
  // than the size, to see whether the file grew.
  const std::size_t wanted = file.size() + 1;
  if (buffer.size() < wanted) buffer.resize(wanted);
  std::size_t got = 0;
  if (auto error = file.read(buffer.data(), wanted, got)) return error;
  if (got != file.size()) return std::string("cannot read: the file changed while it was read");
  size = got;
  return std::nullopt;
}

std::optional<std::string> read_whole_file(const fs::path& path, std::string& bytes) {
  std::size_t size = 0;
  bytes.clear();
  auto error = read_file_into(path, bytes, size);
  bytes.resize(size);
  return error;
}

// A fixed buffer, not one the size of the file: rereading a large file into fresh memory costs
// more in page faults than the reading itself.
std::optional<std::string> read_in_chunks(const fs::path& path,
                                          const std::function<void(std::string_view)>& consume) {
  RegularFile file;
  if (auto refusal = file.open(path)) return refusal;
  thread_local std::vector<char> buffer(1 << 20);
  for (std::size_t left = file.size() + 1; left > 0;) {
    std::size_t got = 0;
    if (auto error = file.read(buffer.data(), std::min(left, buffer.size()), got)) return error;
    if (got == 0) break;
    consume(std::string_view(buffer.data(), got));
    left -= got;
  }
  return std::nullopt;
}

}  // namespace armfix
