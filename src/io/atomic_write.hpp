// Writing a fixed template back: atomically, keeping its mode, and never over someone's edit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/engine.hpp"
#include "io/file_read.hpp"

namespace armfix {

// Replaces the file at `path` with `replacement`, provided it still holds exactly `expected`
// (the bytes armfix read): staged as below, then renamed over the old file, so readers see
// either the old or the new file, never a mix; then its directory is flushed (flush_directory).
// Refused as stage_replacement refuses. Returns the reason on failure; the file is then
// untouched and no temporary file is left.
std::optional<std::string> replace_file_if_unchanged(const std::filesystem::path& path,
                                                     std::string_view expected,
                                                     std::string_view replacement);

// Makes the renames into `directory` durable: once it returns, its entries are on disk, so a
// replaced file cannot come back with its old text after a power loss. The reason on failure.
std::optional<std::string> flush_directory(const std::filesystem::path& directory);

// What armfix read of a file, kept instead of its bytes so that --write, which replaces files
// only after every file was checked, needs no more memory than the largest file.
struct Fingerprint {
  std::size_t size = 0;
  std::uint64_t hash = 0;
};
Fingerprint fingerprint_of(std::string_view bytes);
inline bool operator==(const Fingerprint& a, const Fingerprint& b) {
  return a.size == b.size && a.hash == b.hash;
}

// The fingerprint of bytes given piece by piece; equal to fingerprint_of their concatenation.
class FingerprintBuilder {
 public:
  FingerprintBuilder();
  ~FingerprintBuilder();
  FingerprintBuilder(const FingerprintBuilder&) = delete;
  FingerprintBuilder& operator=(const FingerprintBuilder&) = delete;

  void add(std::string_view bytes);
  Fingerprint result() const;

 private:
  void* state_;  // the hash's streaming state, kept out of this header
  std::size_t size_ = 0;
};

// What tells that a file on disk is still the one armfix staged a replacement for: its inode,
// size and change time, which any write, chmod, chown, link or attribute change moves on.
struct DiskIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = 0;
  std::int64_t changed_seconds = 0;
  std::int64_t changed_nanoseconds = 0;
};
inline bool operator==(const DiskIdentity& a, const DiskIdentity& b) {
  return a.device == b.device && a.inode == b.inode && a.size == b.size &&
         a.changed_seconds == b.changed_seconds && a.changed_nanoseconds == b.changed_nanoseconds;
}

// A replacement written to a temporary file beside its target, but not yet in place. --write
// stages each fixed file while others are still being checked, has them flushed to disk in
// the background, and commits them all once every file was checked. Destroying an uncommitted
// stage removes its temporary file.
class StagedReplacement {
 public:
  StagedReplacement() = default;
  // Takes over `temporary`, a tracked temporary file (see TemporaryFileCleanup), and its open
  // `descriptor`, closed by flush(); `staged_from` is the target when its metadata was copied.
  StagedReplacement(std::filesystem::path target, std::string temporary, int descriptor,
                    DiskIdentity staged_from);
  StagedReplacement(StagedReplacement&& other) noexcept;
  StagedReplacement& operator=(StagedReplacement&& other) noexcept;
  StagedReplacement(const StagedReplacement&) = delete;
  StagedReplacement& operator=(const StagedReplacement&) = delete;
  ~StagedReplacement();

  bool staged() const { return !temporary_.empty(); }
  const std::string& temporary_path() const { return temporary_; }

  // Flushes the temporary file to disk and closes it; may run on another thread than the one
  // that staged it. On failure the reason, and the stage is discarded. Commit flushes first.
  std::optional<std::string> flush();
  // Renames the temporary file over the target, provided the target still holds what armfix
  // read and is the very file staged: same inode, size and change time. On failure the reason;
  // the target is then untouched and the temporary file removed.
  std::optional<std::string> commit_if_unchanged(std::string_view expected);
  std::optional<std::string> commit_if_unchanged(const Fingerprint& expected);
  // Whether the file at the path still holds what armfix read, into `same`; a read error.
  using ContentCheck =
      std::function<std::optional<std::string>(const std::filesystem::path&, bool& same)>;
  // The same with the comparison given, which tests use to act while it runs.
  std::optional<std::string> commit_if(const ContentCheck& unchanged);
  void discard();

 private:
  std::filesystem::path target_;
  std::string temporary_;  // empty once committed or discarded
  int descriptor_ = -1;    // open until flushed
  DiskIdentity staged_from_;
};

// Stages `replacement` for the file at `path`: a temporary file in the same directory with all
// of the old file's metadata (see carry_over_metadata), written but not yet flushed. A
// read-only, missing, irregular or hard-linked target is refused, as is one whose metadata
// cannot be kept. On failure the reason, and no temporary file is left.
std::optional<std::string> stage_replacement(const std::filesystem::path& path,
                                             std::string_view replacement,
                                             StagedReplacement& staged);
// The same for `edits` applied to `original`, written piece by piece rather than built first.
std::optional<std::string> stage_edits(const std::filesystem::path& path, std::string_view original,
                                       const std::vector<TextEdit>& edits,
                                       StagedReplacement& staged);

}  // namespace armfix
