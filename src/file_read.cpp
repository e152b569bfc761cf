// Reading files: whole into a reused buffer, or piece by piece.
#include "armfix/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace armfix {

namespace {

std::string last_error() {
  return std::strerror(errno);
}

}  // namespace

std::optional<std::string> read_file_into(const std::filesystem::path& path, std::string& buffer,
                                          std::size_t& size) {
  size = 0;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "cannot read: " + last_error();
  struct stat status {};
  if (::fstat(fd, &status) == 0 && S_ISDIR(status.st_mode)) {
    ::close(fd);
    return std::string("cannot read: Is a directory");
  }
  // Read straight into the buffer, grown (and so zero-filled) only when too small. The size
  // is a hint only: the file may grow meanwhile, and FIFOs have none.
  std::size_t wanted = status.st_size > 0 ? static_cast<std::size_t>(status.st_size) + 1 : 65536;
  if (buffer.size() < wanted) buffer.resize(wanted);
  for (;;) {
    if (size == buffer.size()) buffer.resize(buffer.size() * 2);
    ssize_t got = ::read(fd, buffer.data() + size, buffer.size() - size);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::string reason = "cannot read: " + last_error();
      ::close(fd);
      size = 0;
      return reason;
    }
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  ::close(fd);
  return std::nullopt;
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& bytes) {
  std::size_t size = 0;
  bytes.clear();
  auto error = read_file_into(path, bytes, size);
  bytes.resize(size);
  return error;
}

// A fixed buffer, not one the size of the file: rereading a large file into fresh memory costs
// more in page faults than the reading itself.
std::optional<std::string> read_in_chunks(const std::filesystem::path& path,
                                          const std::function<void(std::string_view)>& consume) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "cannot read: " + last_error();
  thread_local std::vector<char> buffer(1 << 20);
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      std::string reason = "cannot read: " + last_error();
      ::close(fd);
      return reason;
    }
    if (got == 0) break;
    consume(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
  }
  ::close(fd);
  return std::nullopt;
}

}  // namespace armfix
