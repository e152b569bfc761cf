// Atomic in-place writes: temporary file in the same directory, then rename over the original.
#include "armfix/atomic_write.hpp"

#include "armfix/temporary_file_cleanup.hpp"

#define XXH_INLINE_ALL  // header-only: nothing to link, nothing to depend on at run time
#include <xxhash.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <new>
#include <utility>
#include <vector>

namespace armfix {

namespace {

std::string last_error() {
  return std::strerror(errno);
}

// Closes a descriptor and, unless released, removes the temporary file it belongs to.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string name_template) : name_(std::move(name_template)) {
    std::vector<char> buffer(name_.begin(), name_.end());
    buffer.push_back('\0');
    fd_ = mkstemp(buffer.data());
    created_ = fd_ >= 0;
    if (created_) {
      name_.assign(buffer.data());
      TemporaryFileCleanup::track(name_);
    }
  }
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (created_ && !released_) {
      ::unlink(name_.c_str());
      TemporaryFileCleanup::untrack(name_);
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  bool opened() const { return created_; }
  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  // The file and its open descriptor are now the caller's to flush, rename or remove; the
  // file stays tracked for removal on interruption.
  int release() {
    released_ = true;
    return std::exchange(fd_, -1);
  }

 private:
  std::string name_;
  int fd_ = -1;
  bool created_ = false;
  bool released_ = false;
};

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

bool is_read_only(const std::filesystem::path& path, const struct stat& status) {
  // The mode bits matter even for root, whom access() would always let write.
  constexpr mode_t kAnyWrite = S_IWUSR | S_IWGRP | S_IWOTH;
  return (status.st_mode & kAnyWrite) == 0 || ::access(path.c_str(), W_OK) != 0;
}

}  // namespace

// XXH3 hashes at memory speed, several times faster than std::hash: --write fingerprints every
// file it changes twice, when checking it and before replacing it. Its streaming form gives
// the same hash as the one-shot form, so a file on disk need not be read whole to be compared.
Fingerprint fingerprint_of(std::string_view bytes) {
  return Fingerprint{bytes.size(), XXH3_64bits(bytes.data(), bytes.size())};
}

FingerprintBuilder::FingerprintBuilder() : state_(XXH3_createState()) {
  if (state_ == nullptr) throw std::bad_alloc();
  XXH3_64bits_reset(static_cast<XXH3_state_t*>(state_));
}

FingerprintBuilder::~FingerprintBuilder() {
  XXH3_freeState(static_cast<XXH3_state_t*>(state_));
}

void FingerprintBuilder::add(std::string_view bytes) {
  XXH3_64bits_update(static_cast<XXH3_state_t*>(state_), bytes.data(), bytes.size());
  size_ += bytes.size();
}

Fingerprint FingerprintBuilder::result() const {
  return Fingerprint{size_, XXH3_64bits_digest(static_cast<const XXH3_state_t*>(state_))};
}

namespace {

// The target may have changed since armfix read it: checked when staging and again on commit.
std::optional<std::string> refusal_to_replace(const std::filesystem::path& path,
                                              struct stat& status) {
  if (::stat(path.c_str(), &status) != 0) {
    if (errno == ENOENT) return std::string("deleted on disk since it was read; not written");
    return "cannot write: " + last_error();
  }
  if (!S_ISREG(status.st_mode)) return std::string("not a regular file; not written");
  if (is_read_only(path, status)) return std::string("file is read-only; not written");
  return std::nullopt;
}

std::optional<std::string> stage(const std::filesystem::path& path,
                                 const std::function<bool(int fd)>& write,
                                 StagedReplacement& staged) {
  struct stat status {};
  if (auto refusal = refusal_to_replace(path, status)) return refusal;
  std::filesystem::path directory = path.parent_path();
  if (directory.empty()) directory = ".";
  TemporaryFile temporary(
      (directory / ("." + path.filename().string() + ".armfix-XXXXXX")).string());
  if (!temporary.opened()) {
    return "cannot create a temporary file in " + directory.string() + ": " + last_error();
  }
  if (!write(temporary.fd())) return "cannot write: " + last_error();
  if (::fchmod(temporary.fd(), status.st_mode & 07777) != 0) {
    return "cannot keep the file mode: " + last_error();
  }
  // Keeping the owner only works for root or the owner itself; a failure is not an error.
  if (::fchown(temporary.fd(), status.st_uid, status.st_gid) != 0) errno = 0;
  const int fd = temporary.release();
  staged = StagedReplacement(path, temporary.name(), fd);
  return std::nullopt;
}

bool write_with_edits(int fd, std::string_view original, const std::vector<TextEdit>& edits) {
  std::size_t at = 0;
  for (const auto& edit : edits) {
    if (!write_all(fd, original.substr(at, edit.offset - at)) || !write_all(fd, edit.text)) {
      return false;
    }
    at = edit.offset + edit.length;
  }
  return write_all(fd, original.substr(at));
}

}  // namespace

StagedReplacement::StagedReplacement(std::filesystem::path target, std::string temporary,
                                     int descriptor)
    : target_(std::move(target)), temporary_(std::move(temporary)), descriptor_(descriptor) {}

StagedReplacement::StagedReplacement(StagedReplacement&& other) noexcept
    : target_(std::move(other.target_)),
      temporary_(std::exchange(other.temporary_, {})),
      descriptor_(std::exchange(other.descriptor_, -1)) {}

StagedReplacement& StagedReplacement::operator=(StagedReplacement&& other) noexcept {
  if (this != &other) {
    discard();
    target_ = std::move(other.target_);
    temporary_ = std::exchange(other.temporary_, {});
    descriptor_ = std::exchange(other.descriptor_, -1);
  }
  return *this;
}

std::optional<std::string> StagedReplacement::flush() {
  if (descriptor_ < 0) return std::nullopt;
  const int descriptor = std::exchange(descriptor_, -1);
  std::optional<std::string> error;
  if (::fsync(descriptor) != 0) error = "cannot write: " + last_error();
  if (::close(descriptor) != 0 && !error) error = "cannot write: " + last_error();
  if (error) discard();
  return error;
}

StagedReplacement::~StagedReplacement() {
  discard();
}

void StagedReplacement::discard() {
  if (descriptor_ >= 0) ::close(std::exchange(descriptor_, -1));
  if (temporary_.empty()) return;
  ::unlink(temporary_.c_str());
  TemporaryFileCleanup::untrack(temporary_);
  temporary_.clear();
}

std::optional<std::string> StagedReplacement::commit_if(const ContentCheck& unchanged) {
  if (auto error = flush()) return error;
  struct stat status {};
  std::optional<std::string> refusal = refusal_to_replace(target_, status);
  bool same = false;
  if (!refusal) refusal = unchanged(target_, same);
  if (!refusal && !same)
    refusal = std::string("changed on disk since it was read; not overwritten");
  if (!refusal && ::rename(temporary_.c_str(), target_.c_str()) != 0) {
    refusal = "cannot replace the file: " + last_error();
  }
  if (refusal) {
    discard();
    return refusal;
  }
  TemporaryFileCleanup::untrack(temporary_);
  temporary_.clear();
  return std::nullopt;
}

std::optional<std::string> StagedReplacement::commit_if_unchanged(std::string_view expected) {
  return commit_if([&](const std::filesystem::path& path, bool& same) {
    std::size_t at = 0;
    same = true;
    auto error = read_in_chunks(path, [&](std::string_view chunk) {
      same = same && expected.substr(at, chunk.size()) == chunk;
      at += chunk.size();
    });
    same = same && at == expected.size();
    return error;
  });
}

std::optional<std::string> StagedReplacement::commit_if_unchanged(const Fingerprint& expected) {
  return commit_if([&](const std::filesystem::path& path, bool& same) {
    FingerprintBuilder found;
    auto error = read_in_chunks(path, [&](std::string_view chunk) { found.add(chunk); });
    same = found.result() == expected;
    return error;
  });
}

std::optional<std::string> stage_replacement(const std::filesystem::path& path,
                                             std::string_view replacement,
                                             StagedReplacement& staged) {
  return stage(
      path, [&](int fd) { return write_all(fd, replacement); }, staged);
}

std::optional<std::string> stage_edits(const std::filesystem::path& path, std::string_view original,
                                       const std::vector<TextEdit>& edits,
                                       StagedReplacement& staged) {
  return stage(
      path, [&](int fd) { return write_with_edits(fd, original, edits); }, staged);
}

std::optional<std::string> replace_file_if_unchanged(const std::filesystem::path& path,
                                                     std::string_view expected,
                                                     std::string_view replacement) {
  StagedReplacement staged;
  if (auto error = stage_replacement(path, replacement, staged)) return error;
  return staged.commit_if_unchanged(expected);
}

}  // namespace armfix
