// Atomic in-place writes: temporary file in the same directory, then rename over the original.
#include "io/atomic_write.hpp"

#include "io/file_metadata.hpp"
#include "io/temporary_file_cleanup.hpp"

#define XXH_INLINE_ALL  // header-only: nothing to link, nothing to depend on at run time
#include <xxhash.h>

#include <fcntl.h>
#include <limits.h>
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
    fd_ = TemporaryFileCleanup::create_tracked(name_);
    created_ = fd_ >= 0;
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

// The file being replaced, open for reading its extended attributes.
class OpenedFile {
 public:
  explicit OpenedFile(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) {}
  ~OpenedFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenedFile(const OpenedFile&) = delete;
  OpenedFile& operator=(const OpenedFile&) = delete;

  int fd() const { return fd_; }

 private:
  int fd_;
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

constexpr const char* kChanged = "changed on disk since it was read; not overwritten";

// The target may have changed since armfix read it: checked when staging and again on commit,
// so a stage is refused for the same reasons as its commit.
std::optional<std::string> refusal_to_replace(const std::filesystem::path& path,
                                              struct stat& status) {
  if (::stat(path.c_str(), &status) != 0) {
    if (errno == ENOENT) return std::string("deleted on disk since it was read; not written");
    return "cannot write: " + last_error();
  }
  if (!S_ISREG(status.st_mode)) return std::string("not a regular file; not written");
  if (is_read_only(path, status)) return std::string("file is read-only; not written");
  // A new file renamed over one name would leave the others with the old text, and writing in
  // place would break the promise that a crash never leaves half a file.
  if (status.st_nlink > 1) {
    return "has " + std::to_string(status.st_nlink) +
           " hard links: replacing it would leave the other names with the old text; not "
           "written (to keep the links, fix a copy and cp it over the file)";
  }
  return std::nullopt;
}

DiskIdentity identity_of(const struct stat& status) {
  return DiskIdentity{
      static_cast<std::uint64_t>(status.st_dev), static_cast<std::uint64_t>(status.st_ino),
      static_cast<std::int64_t>(status.st_size), static_cast<std::int64_t>(status.st_ctim.tv_sec),
      static_cast<std::int64_t>(status.st_ctim.tv_nsec)};
}

// Refused as a stage is, or because the target is no longer the very file staged.
std::optional<std::string> refusal_to_commit(const std::filesystem::path& path,
                                             const DiskIdentity& staged_from) {
  struct stat status {};
  if (auto refusal = refusal_to_replace(path, status)) return refusal;
  if (!(identity_of(status) == staged_from)) return std::string(kChanged);
  return std::nullopt;
}

// `.<name>.armfix-XXXXXX` says whose it is, but is 15 bytes longer than the name: where that
// exceeds what the directory allows, `.armfix-XXXXXX` does.
std::string temporary_name_template(const std::filesystem::path& directory,
                                    const std::string& name) {
  const std::string suffix = ".armfix-XXXXXX";
  long name_max = ::pathconf(directory.c_str(), _PC_NAME_MAX);
  if (name_max < 0) name_max = NAME_MAX;
  const std::string named = "." + name + suffix;
  return (directory / (named.size() <= static_cast<std::size_t>(name_max) ? named : suffix))
      .string();
}

std::optional<std::string> stage(const std::filesystem::path& path,
                                 const std::function<bool(int fd)>& write,
                                 StagedReplacement& staged) {
  struct stat status {};
  if (auto refusal = refusal_to_replace(path, status)) return refusal;
  OpenedFile original(path);
  struct stat opened {};
  if (original.fd() < 0 || ::fstat(original.fd(), &opened) != 0) {
    return "cannot read: " + last_error();
  }
  if (opened.st_dev != status.st_dev || opened.st_ino != status.st_ino)
    return std::string(kChanged);
  std::filesystem::path directory = path.parent_path();
  if (directory.empty()) directory = ".";
  TemporaryFile temporary(temporary_name_template(directory, path.filename().string()));
  if (!temporary.opened()) {
    return "cannot create a temporary file in " + directory.string() + ": " + last_error();
  }
  if (!write(temporary.fd())) return "cannot write: " + last_error();
  if (auto refusal = carry_over_metadata(original.fd(), opened, temporary.fd())) return refusal;
  const int fd = temporary.release();
  staged = StagedReplacement(path, temporary.name(), fd, identity_of(opened));
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
                                     int descriptor, DiskIdentity staged_from)
    : target_(std::move(target)),
      temporary_(std::move(temporary)),
      descriptor_(descriptor),
      staged_from_(staged_from) {}

StagedReplacement::StagedReplacement(StagedReplacement&& other) noexcept
    : target_(std::move(other.target_)),
      temporary_(std::exchange(other.temporary_, {})),
      descriptor_(std::exchange(other.descriptor_, -1)),
      staged_from_(other.staged_from_) {}

StagedReplacement& StagedReplacement::operator=(StagedReplacement&& other) noexcept {
  if (this != &other) {
    discard();
    target_ = std::move(other.target_);
    temporary_ = std::exchange(other.temporary_, {});
    descriptor_ = std::exchange(other.descriptor_, -1);
    staged_from_ = other.staged_from_;
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

// The comparison read is bracketed by two stats, both equal to the one taken when staging: an
// edit made while the file is compared moves its change time or size, even where the bytes
// compared happened to be read before it.
std::optional<std::string> StagedReplacement::commit_if(const ContentCheck& unchanged) {
  if (auto error = flush()) return error;
  std::optional<std::string> refusal = refusal_to_commit(target_, staged_from_);
  bool same = false;
  if (!refusal) refusal = unchanged(target_, same);
  if (!refusal && !same) refusal = std::string(kChanged);
  if (!refusal) refusal = refusal_to_commit(target_, staged_from_);
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
  if (auto error = staged.commit_if_unchanged(expected)) return error;
  return flush_directory(path.has_parent_path() ? path.parent_path() : ".");
}

// A rename is a change to the directory, which fsync on the file does not write out.
std::optional<std::string> flush_directory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return "cannot flush the directory to disk: " + last_error();
  std::optional<std::string> error;
  if (::fsync(fd) != 0) error = "cannot flush the directory to disk: " + last_error();
  ::close(fd);
  return error;
}

}  // namespace armfix
