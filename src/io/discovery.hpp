// Discovery: which files a run looks at, in a stable order, with paths as the user will read them.
//
// Directories are walked depth-first with entries sorted by name; `.git`, `node_modules` and
// --exclude matches are pruned; symbolic links are never followed out of the given paths.
// Only regular files are candidates: a FIFO, device or socket is never opened. Everything
// passed over is recorded with its reason, for `-v` and for notes on files the user named
// explicitly; a path that cannot be examined, or a named one that is not a regular file, is
// an error.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace armfix {

// The source languages armfix reads, chosen by file extension.
enum class SourceLanguage { Json, Bicep };

enum class DiscoveryKind {
  Candidate,  // a file to check
  Skipped,    // passed over; `reason` says why
  Error,      // a path that could not be examined; `reason` is the error
};

struct DiscoveredPath {
  DiscoveryKind kind = DiscoveryKind::Candidate;
  std::string display_path;    // relative to the current directory, or as given when outside it
  std::filesystem::path path;  // where to read it
  std::filesystem::path link_target;  // a symbolic link's target, canonical; empty otherwise
  bool explicitly_named = false;      // given on the command line rather than found by walking
  SourceLanguage language = SourceLanguage::Json;
  std::string reason;

  // Where to write it: the link's target for a symbolic link, so the link stays a link.
  const std::filesystem::path& write_path() const {
    return link_target.empty() ? path : link_target;
  }
};

struct DiscoveryOptions {
  std::vector<std::string> excludes;  // globs, matched as described at `is_excluded`
  std::filesystem::path current_dir;  // absolute; paths are displayed relative to it
  // Called with every directory walked and all its entries, excluded ones too, so that later
  // stages need not list it again.
  std::function<void(const std::filesystem::path& directory,
                     const std::vector<std::filesystem::directory_entry>& entries)>
      on_directory;
};

// Every path in order: for each argument in turn, the file itself or its directory's walk.
// A file reached twice (through a link, or named twice) is a candidate once.
std::vector<DiscoveredPath> discover(const std::vector<std::string>& paths,
                                     const DiscoveryOptions& options);

// The language of a file name by its extension (case-insensitive); false when armfix reads none.
bool source_language_of(const std::filesystem::path& file, SourceLanguage& language);

// True when `glob` (fnmatch syntax, where `*` also crosses `/`) matches the entry's name, its
// path relative to the walked directory, or its displayed path. Returns the matching glob.
const std::string* is_excluded(const std::vector<std::string>& globs, const std::string& name,
                               const std::string& relative_path, const std::string& display_path);

}  // namespace armfix
