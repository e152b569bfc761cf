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
#include "armfix/file_read.hpp"

namespace armfix {

// Replaces the file at `path` with `replacement`, provided it still holds exactly `expected`
// (the bytes armfix read): staged as below, then renamed over the old file, so readers see
// either the old or the new file, never a mix. Read-only files are refused. Returns the
// reason on failure; the file is then untouched and no temporary file is left.
std::optional<std::string> replace_file_if_unchanged(const std::filesystem::path& path,
                                                     std::string_view expected,
                                                     std::string_view replacement);

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

// A replacement written to a temporary file beside its target, but not yet in place. --write
// stages each fixed file while others are still being checked, has them flushed to disk in
// the background, and commits them all once every file was checked. Destroying an uncommitted
// stage removes its temporary file.
class StagedReplacement {
 public:
  StagedReplacement() = default;
  // Takes over `temporary`, a tracked temporary file (see TemporaryFileCleanup), and its open
  // `descriptor`, closed by flush().
  StagedReplacement(std::filesystem::path target, std::string temporary, int descriptor);
  StagedReplacement(StagedReplacement&& other) noexcept;
  StagedReplacement& operator=(StagedReplacement&& other) noexcept;
  StagedReplacement(const StagedReplacement&) = delete;
  StagedReplacement& operator=(const StagedReplacement&) = delete;
  ~StagedReplacement();

  bool staged() const { return !temporary_.empty(); }
  const std::string& temporary_path() const { return temporary_; }

  // Renames the temporary file over the target, provided the target still holds what armfix
  // read. On failure the reason; the target is then untouched and the temporary file removed.
  // Flushes the temporary file to disk and closes it; may run on another thread than the one
  // that staged it. On failure the reason, and the stage is discarded. Commit flushes first.
  std::optional<std::string> flush();
  std::optional<std::string> commit_if_unchanged(std::string_view expected);
  std::optional<std::string> commit_if_unchanged(const Fingerprint& expected);
  void discard();

 private:
  // Whether the file at the path still holds what armfix read, into `same`; a read error.
  using ContentCheck =
      std::function<std::optional<std::string>(const std::filesystem::path&, bool& same)>;
  std::optional<std::string> commit_if(const ContentCheck& unchanged);

  std::filesystem::path target_;
  std::string temporary_;  // empty once committed or discarded
  int descriptor_ = -1;    // open until flushed
};

// Stages `replacement` for the file at `path`: a temporary file in the same directory with the
// old file's mode (and owner, where permitted), written but not yet flushed. A read-only, missing
// or irregular target is refused. On failure the reason, and no temporary file is left.
std::optional<std::string> stage_replacement(const std::filesystem::path& path,
                                             std::string_view replacement,
                                             StagedReplacement& staged);
// The same for `edits` applied to `original`, written piece by piece rather than built first.
std::optional<std::string> stage_edits(const std::filesystem::path& path, std::string_view original,
                                       const std::vector<TextEdit>& edits,
                                       StagedReplacement& staged);

}  // namespace armfix
