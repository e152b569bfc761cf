// Tests of discovery: the sorted walk, what it prunes and why, displayed paths, symbolic links
// and duplicates.
#include "io/discovery.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using armfix::DiscoveredPath;
using armfix::DiscoveryKind;
using armfix::cli_test::TempDir;
using armfix::cli_test::UnixSocket;
using armfix::cli_test::write_text;
namespace fs = std::filesystem;

std::vector<DiscoveredPath> discover_in(const TempDir& dir, const std::vector<std::string>& paths,
                                        const std::vector<std::string>& excludes = {}) {
  armfix::DiscoveryOptions options;
  options.current_dir = dir.path();
  options.excludes = excludes;
  std::vector<std::string> absolute;
  absolute.reserve(paths.size());
  for (const auto& path : paths)
    absolute.push_back((dir.path() / path).lexically_normal().string());
  return armfix::discover(absolute, options);
}

std::vector<std::string> candidates(const std::vector<DiscoveredPath>& entries) {
  std::vector<std::string> paths;
  for (const auto& entry : entries) {
    if (entry.kind == DiscoveryKind::Candidate) paths.push_back(entry.display_path);
  }
  return paths;
}

std::string reason_for(const std::vector<DiscoveredPath>& entries, const std::string& path) {
  for (const auto& entry : entries) {
    if (entry.display_path == path) return entry.reason;
  }
  return "(not listed)";
}

}  // namespace

TEST_CASE("directories are walked depth-first in sorted order", "[discovery]") {
  TempDir dir;
  for (const char* name : {"b.json", "a/z.json", "a/b/c.json", "C.json", "a.jsonc", "a/m.JSON"}) {
    write_text(dir / name, "{}");
  }
  CHECK(candidates(discover_in(dir, {"."})) == std::vector<std::string>{"C.json", "a/b/c.json",
                                                                        "a/m.JSON", "a/z.json",
                                                                        "a.jsonc", "b.json"});
}

TEST_CASE("only .json, .jsonc and .bicep files are candidates, the rest is listed with why",
          "[discovery]") {
  TempDir dir;
  write_text(dir / "main.bicep", "");
  write_text(dir / "Other.BICEP", "");
  write_text(dir / "README.md", "");
  write_text(dir / "main.bicepparam", "");
  write_text(dir / "t.json", "{}");
  auto entries = discover_in(dir, {"."});
  CHECK(candidates(entries) == std::vector<std::string>{"Other.BICEP", "main.bicep", "t.json"});
  CHECK(reason_for(entries, "README.md") == "not a .json, .jsonc or .bicep file");
  CHECK(reason_for(entries, "main.bicepparam") == "not a .json, .jsonc or .bicep file");
}

TEST_CASE(".git and node_modules are pruned wherever they are", "[discovery]") {
  TempDir dir;
  write_text(dir / ".git/config.json", "{}");
  write_text(dir / "web/node_modules/pkg/template.json", "{}");
  write_text(dir / "web/infra.json", "{}");
  auto entries = discover_in(dir, {"."});
  CHECK(candidates(entries) == std::vector<std::string>{"web/infra.json"});
  CHECK(reason_for(entries, ".git") == "version-control directory");
  CHECK(reason_for(entries, "web/node_modules") == "dependency directory");
}

TEST_CASE("discovery: --exclude globs match names, walked paths and displayed paths",
          "[discovery]") {
  TempDir dir;
  for (const char* name : {"infra/a.json", "infra/a.parameters.json", "build/out.json",
                           "test/fixtures/x/y.json", "keep/z.json"}) {
    write_text(dir / name, "{}");
  }
  auto entries =
      discover_in(dir, {"."}, {"*.parameters.json", "build", "test/fixtures/*", "keep/"});
  CHECK(candidates(entries) == std::vector<std::string>{"infra/a.json"});
  CHECK(reason_for(entries, "infra/a.parameters.json") == "matches --exclude '*.parameters.json'");
  CHECK(reason_for(entries, "build") == "matches --exclude 'build'");
  CHECK(reason_for(entries, "test/fixtures/x") == "matches --exclude 'test/fixtures/*'");
  CHECK(reason_for(entries, "keep") == "matches --exclude 'keep/'");
}

TEST_CASE("paths are shown relative to the current directory", "[discovery]") {
  TempDir dir;
  write_text(dir / "infra/aks/main.json", "{}");
  armfix::DiscoveryOptions options;
  options.current_dir = dir / "infra";
  auto inside = armfix::discover({(dir / "infra/aks").string() + "/"}, options);
  CHECK(candidates(inside) == std::vector<std::string>{"aks/main.json"});

  options.current_dir = dir / "infra/aks";
  auto outside = armfix::discover({(dir / "infra").string()}, options);
  // Outside the current directory: as given.
  CHECK(candidates(outside) == std::vector<std::string>{(dir / "infra/aks/main.json").string()});
}

TEST_CASE("files named explicitly are candidates whatever excludes say", "[discovery]") {
  TempDir dir;
  write_text(dir / "build/out.json", "{}");
  write_text(dir / "notes.txt", "");
  auto entries = discover_in(dir, {"build/out.json", "notes.txt", "missing.json"}, {"build"});
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].kind == DiscoveryKind::Candidate);
  CHECK(entries[0].explicitly_named);
  CHECK(entries[0].display_path == "build/out.json");
  CHECK(entries[1].kind == DiscoveryKind::Skipped);
  CHECK(entries[1].explicitly_named);
  CHECK(entries[1].reason == "not a .json, .jsonc or .bicep file");
  CHECK(entries[2].kind == DiscoveryKind::Error);
  CHECK(entries[2].display_path == "missing.json");
  CHECK(entries[2].reason == "No such file or directory");
}

TEST_CASE("symbolic links are not followed out of the given paths", "[discovery]") {
  TempDir dir;
  write_text(dir / "outside/secret.json", "{}");
  write_text(dir / "repo/real.json", "{}");
  fs::create_symlink(dir / "outside/secret.json", dir / "repo/escape.json");
  fs::create_symlink(dir / "outside", dir / "repo/linked-dir");
  fs::create_symlink(dir / "repo/real.json", dir / "repo/alias.json");
  fs::create_symlink(dir / "repo/gone.json", dir / "repo/broken.json");
  auto entries = discover_in(dir, {"repo"});
  CHECK(candidates(entries) == std::vector<std::string>{"repo/real.json"});
  CHECK(reason_for(entries, "repo/escape.json") ==
        "symbolic link leading outside the given paths, not followed");
  CHECK(reason_for(entries, "repo/linked-dir") == "symbolic link to a directory, not followed");
  CHECK(reason_for(entries, "repo/alias.json") == "same file as repo/real.json");
  CHECK(reason_for(entries, "repo/broken.json") == "broken symbolic link");
}

TEST_CASE("a link inside the walk is checked once, and written through to its target",
          "[discovery]") {
  TempDir dir;
  write_text(dir / "repo/sub/real.json", "{}");
  write_text(dir / "repo/other.json", "{}");
  fs::create_symlink(dir / "repo/sub/real.json", dir / "repo/a-link.json");
  auto entries = discover_in(dir, {"repo/a-link.json", "repo"});
  CHECK(candidates(entries) == std::vector<std::string>{"repo/other.json", "repo/sub/real.json"});

  auto link_only = discover_in(dir, {"repo/a-link.json"});
  REQUIRE(link_only.size() == 1);
  CHECK(link_only[0].write_path() == fs::canonical(dir / "repo/sub/real.json"));
}

TEST_CASE("a file given twice is checked once", "[discovery]") {
  TempDir dir;
  write_text(dir / "t.json", "{}");
  auto entries = discover_in(dir, {"t.json", ".", "./t.json"});
  CHECK(candidates(entries) == std::vector<std::string>{"t.json"});
}

TEST_CASE("walked FIFOs, devices and sockets, and links to them, are skipped with their kind",
          "[discovery]") {
  TempDir dir;
  fs::create_directories(dir / "repo");
  REQUIRE(::mkfifo((dir / "repo/pipe.json").c_str(), 0600) == 0);
  fs::create_symlink(dir / "repo/pipe.json", dir / "repo/to-pipe.json");
  fs::create_symlink("/dev/null", dir / "repo/null.json");
  const UnixSocket socket(dir / "repo/socket.json");
  REQUIRE(socket.bound());
  write_text(dir / "repo/t.json", "{}");
  auto entries = discover_in(dir, {"repo"});
  CHECK(candidates(entries) == std::vector<std::string>{"repo/t.json"});
  CHECK(reason_for(entries, "repo/pipe.json") == "not a regular file (a FIFO)");
  CHECK(reason_for(entries, "repo/to-pipe.json") ==
        "not a regular file (a symbolic link to a FIFO)");
  CHECK(reason_for(entries, "repo/null.json") ==
        "not a regular file (a symbolic link to a character device)");
  CHECK(reason_for(entries, "repo/socket.json") == "not a regular file (a socket)");
}

TEST_CASE("a FIFO or device named explicitly is an error, and never a candidate", "[discovery]") {
  TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", dir / "zero.json");
  auto entries = discover_in(dir, {"pipe.json", "zero.json"});
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].kind == DiscoveryKind::Error);
  CHECK(entries[0].reason == "not a regular file (a FIFO); not read");
  CHECK(entries[1].kind == DiscoveryKind::Error);
  CHECK(entries[1].reason == "not a regular file (a character device); not read");
}
