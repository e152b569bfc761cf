// Discovery: the sorted walk over the paths given on the command line.
#include "io/discovery.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <system_error>
#include <unordered_map>

#include "io/file_read.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

struct LanguageExtension {
  const char* extension;
  SourceLanguage language;
};

// Adding a language is one line here and a reader for it in the pipeline.
constexpr LanguageExtension kExtensions[] = {
    {".json", SourceLanguage::Json},
    {".jsonc", SourceLanguage::Json},
    {".bicep", SourceLanguage::Bicep},
};

constexpr const char* kNotASource = "not a .json, .jsonc or .bicep file";

// Directories that never hold a repository's own templates.
struct PrunedDirectory {
  const char* name;
  const char* reason;
};
constexpr PrunedDirectory kPrunedDirectories[] = {
    {".git", "version-control directory"},
    {"node_modules", "dependency directory"},
};

std::string join(const std::string& base, const std::string& name) {
  if (base.empty()) return name;
  if (base.back() == '/') return base + name;
  return base + "/" + name;
}

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  return path;
}

// A path relative to the current directory when inside it, otherwise as given.
std::string display_root(const std::string& given, const fs::path& current_dir) {
  fs::path path(given);
  fs::path absolute = (path.is_absolute() ? path : current_dir / path).lexically_normal();
  fs::path relative = absolute.lexically_relative(current_dir);
  if (!relative.empty() && *relative.begin() != "..") {
    std::string text = without_trailing_slashes(relative.generic_string());
    return text == "." ? std::string() : text;
  }
  return without_trailing_slashes(path.lexically_normal().generic_string());
}

bool is_inside(const fs::path& path, const fs::path& root) {
  auto relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

DiscoveredPath skipped(std::string display, std::string reason, bool explicitly_named) {
  DiscoveredPath entry;
  entry.kind = DiscoveryKind::Skipped;
  entry.display_path = std::move(display);
  entry.reason = std::move(reason);
  entry.explicitly_named = explicitly_named;
  return entry;
}

DiscoveredPath failed(std::string display, std::string reason, bool explicitly_named) {
  DiscoveredPath entry = skipped(std::move(display), std::move(reason), explicitly_named);
  entry.kind = DiscoveryKind::Error;
  return entry;
}

DiscoveredPath cannot_examine(std::string display, const std::error_code& error) {
  return failed(std::move(display), "cannot examine: " + error.message(), false);
}

// A link's target that does not exist, as opposed to one that cannot be looked at.
bool is_missing(const std::error_code& error) {
  return error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory;
}

std::string exclusion_reason(const std::string& glob) {
  return "matches --exclude '" + glob + "'";
}

// The entry's own status (a link as a link) from the type its directory listing gave, so that
// walking costs no stat call per entry; stat only when the listing leaves the type unknown or
// the file is neither a directory, a regular file nor a link (for the reason it is skipped).
fs::file_status own_status_of(const fs::directory_entry& entry, std::error_code& error) {
  if (entry.is_symlink(error)) return fs::file_status(fs::file_type::symlink);
  if (!error && entry.is_directory(error)) return fs::file_status(fs::file_type::directory);
  if (!error && entry.is_regular_file(error)) return fs::file_status(fs::file_type::regular);
  error.clear();
  return entry.symlink_status(error);
}

class Walker {
 public:
  Walker(const DiscoveryOptions& options, std::vector<DiscoveredPath>& out)
      : options_(options), out_(out) {}

  void walk_root(const fs::path& directory, const std::string& display) {
    std::error_code error;
    root_ = fs::weakly_canonical(directory, error);
    if (error) root_ = fs::absolute(directory).lexically_normal();
    walk(directory, display, "");
  }

 private:
  void walk(const fs::path& directory, const std::string& display, const std::string& relative) {
    std::error_code error;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(directory, error), end; !error && it != end;
         it.increment(error)) {
      entries.push_back(*it);
    }
    if (error) {
      out_.push_back(failed(display.empty() ? "." : display,
                            "cannot read directory: " + error.message(), false));
      return;
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename().native() < b.path().filename().native();
    });
    if (options_.on_directory) options_.on_directory(directory, entries);
    for (const auto& entry : entries)
      visit(entry, display, relative);
  }

  void visit(const fs::directory_entry& entry, const std::string& parent_display,
             const std::string& parent_relative) {
    const std::string name = entry.path().filename().string();
    const std::string display = join(parent_display, name);
    const std::string relative = join(parent_relative, name);
    std::error_code error;
    const fs::file_status own_status = own_status_of(entry, error);

    if (fs::is_directory(own_status)) {
      for (const auto& pruned : kPrunedDirectories) {
        if (name == pruned.name) return out_.push_back(skipped(display, pruned.reason, false));
      }
    }
    if (const std::string* glob = is_excluded(options_.excludes, name, relative, display)) {
      return out_.push_back(skipped(display, exclusion_reason(*glob), false));
    }
    // A file that cannot be examined may be a template: never passed over in silence.
    if (error) return out_.push_back(cannot_examine(display, error));
    if (fs::is_directory(own_status)) return walk(entry.path(), display, relative);

    fs::path link_target;
    if (fs::is_symlink(own_status)) {
      const fs::file_status target_status = entry.status(error);
      if (is_missing(error) || (!error && !fs::exists(target_status))) {
        return out_.push_back(skipped(display, "broken symbolic link", false));
      }
      if (error) return out_.push_back(cannot_examine(display, error));
      if (fs::is_directory(target_status)) {
        return out_.push_back(
            skipped(display, "symbolic link to a directory, not followed", false));
      }
      if (!fs::is_regular_file(target_status)) {
        return out_.push_back(skipped(display,
                                      std::string("not a regular file (a symbolic link to ") +
                                          kind_of_file(target_status.type()) + ")",
                                      false));
      }
      fs::path target = fs::canonical(entry.path(), error);
      if (error || !is_inside(target, root_)) {
        return out_.push_back(
            skipped(display, "symbolic link leading outside the given paths, not followed", false));
      }
      link_target = std::move(target);
    } else if (!fs::is_regular_file(own_status)) {
      return out_.push_back(skipped(display, not_a_regular_file(own_status.type()), false));
    }

    SourceLanguage language = SourceLanguage::Json;
    if (!source_language_of(entry.path(), language)) {
      return out_.push_back(skipped(display, kNotASource, false));
    }
    DiscoveredPath candidate;
    candidate.display_path = display;
    candidate.path = entry.path();
    candidate.link_target = std::move(link_target);
    candidate.language = language;
    out_.push_back(std::move(candidate));
  }

  const DiscoveryOptions& options_;
  std::vector<DiscoveredPath>& out_;
  fs::path root_;
};

void discover_argument(const std::string& given, const DiscoveryOptions& options,
                       std::vector<DiscoveredPath>& out) {
  const std::string display = display_root(given, options.current_dir);
  const std::string shown = display.empty() ? "." : display;
  std::error_code error;
  const fs::path path(given);
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    std::string reason = error ? error.message() : "No such file or directory";
    if (fs::is_symlink(fs::symlink_status(path, error))) reason = "broken symbolic link";
    return out.push_back(failed(shown, reason, true));
  }
  if (fs::is_directory(status)) return Walker(options, out).walk_root(path, display);

  SourceLanguage language = SourceLanguage::Json;
  if (!source_language_of(path, language)) {
    return out.push_back(skipped(shown, kNotASource, true));
  }
  // Refused before it is opened: reading a FIFO waits for a writer, a device may never end.
  if (!fs::is_regular_file(status)) {
    return out.push_back(failed(shown, not_a_regular_file(status.type()) + "; not read", true));
  }
  DiscoveredPath candidate;
  candidate.display_path = shown;
  candidate.path = path;
  candidate.explicitly_named = true;
  candidate.language = language;
  // A named link is read through, and fixed in its target so the link stays a link.
  if (fs::is_symlink(fs::symlink_status(path, error))) {
    fs::path target = fs::canonical(path, error);
    if (!error) candidate.link_target = target;
  }
  out.push_back(std::move(candidate));
}

// Identity of files for de-duplication: their canonical paths. A candidate is a regular file
// (a link's target is already canonical), so its canonical path is its directory's followed by
// its name; each directory is resolved once, not each file.
class CanonicalPaths {
 public:
  std::string of(const DiscoveredPath& entry) {
    const fs::path parent = entry.write_path().parent_path();
    auto [it, inserted] = directories_.try_emplace(parent.native());
    if (inserted) {
      const fs::path directory = parent.empty() ? fs::path(".") : parent;
      std::error_code error;
      it->second = fs::weakly_canonical(directory, error);
      if (error) it->second = fs::absolute(directory).lexically_normal();
    }
    return (it->second / entry.write_path().filename()).string();
  }

 private:
  std::unordered_map<std::string, fs::path> directories_;
};

// The same file reached twice (named twice, or through a link) is checked once: under its own
// name when it was found as itself, else at its first appearance.
void remove_duplicates(std::vector<DiscoveredPath>& entries) {
  std::unordered_map<std::string, std::size_t> first_by_identity;
  CanonicalPaths canonical;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].kind != DiscoveryKind::Candidate) continue;
    auto [it, inserted] = first_by_identity.emplace(canonical.of(entries[i]), i);
    if (inserted) continue;
    DiscoveredPath& kept = entries[it->second];
    DiscoveredPath& again = entries[i];
    bool prefer_again = !kept.link_target.empty() && again.link_target.empty();
    DiscoveredPath& loser = prefer_again ? kept : again;
    const DiscoveredPath& winner = prefer_again ? again : kept;
    loser.kind = DiscoveryKind::Skipped;
    loser.reason = "same file as " + winner.display_path;
    loser.explicitly_named = false;  // nothing to note: the file itself is checked
    if (prefer_again) it->second = i;
  }
}

}  // namespace

bool source_language_of(const fs::path& file, SourceLanguage& language) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& known : kExtensions) {
    if (extension == known.extension) {
      language = known.language;
      return true;
    }
  }
  return false;
}

const std::string* is_excluded(const std::vector<std::string>& globs, const std::string& name,
                               const std::string& relative_path, const std::string& display_path) {
  for (const auto& glob : globs) {
    const std::string pattern = without_trailing_slashes(glob);
    for (const std::string* subject : {&name, &relative_path, &display_path}) {
      if (fnmatch(pattern.c_str(), subject->c_str(), 0) == 0) return &glob;
    }
  }
  return nullptr;
}

std::vector<DiscoveredPath> discover(const std::vector<std::string>& paths,
                                     const DiscoveryOptions& options) {
  std::vector<DiscoveredPath> entries;
  for (const auto& given : paths)
    discover_argument(given, options, entries);
  remove_duplicates(entries);
  return entries;
}

}  // namespace armfix
