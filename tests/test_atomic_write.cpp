// Tests of the in-place write: content, mode kept, no temporary files, refusals.
#include "io/atomic_write.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "cli_support.hpp"

namespace {

using armfix::fingerprint_of;
using armfix::replace_file_if_unchanged;
using armfix::stage_edits;
using armfix::stage_replacement;
using armfix::StagedReplacement;
using armfix::TextEdit;
using armfix::cli_test::files_in;
using armfix::cli_test::read_text;
using armfix::cli_test::TempDir;
using armfix::cli_test::until_change_time_moves;
using armfix::cli_test::write_text;
namespace fs = std::filesystem;

mode_t mode_of(const fs::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

}  // namespace

TEST_CASE("a file is replaced, keeping its mode and leaving no temporary file", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  REQUIRE(::chmod(file.c_str(), 0640) == 0);
  struct stat before {};
  REQUIRE(::stat(file.c_str(), &before) == 0);

  CHECK_FALSE(replace_file_if_unchanged(file, "old\n", "new\n").has_value());
  CHECK(read_text(file) == "new\n");
  CHECK(mode_of(file) == 0640);
  CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
  struct stat after {};
  REQUIRE(::stat(file.c_str(), &after) == 0);
  CHECK(after.st_ino != before.st_ino);  // a new file renamed into place, not rewritten
}

TEST_CASE("a file changed since it was read is not overwritten", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "someone else's edit\n");
  auto error = replace_file_if_unchanged(file, "what armfix read\n", "fixed\n");
  REQUIRE(error.has_value());
  CHECK(*error == "changed on disk since it was read; not overwritten");
  CHECK(read_text(file) == "someone else's edit\n");
  CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
}

TEST_CASE("staged edits replace a file that still matches its fingerprint", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "{\"a\": 1}\n");
  REQUIRE(::chmod(file.c_str(), 0640) == 0);
  const std::vector<TextEdit> edits{{6, 1, "2"}};
  StagedReplacement staged;
  REQUIRE_FALSE(stage_edits(file, "{\"a\": 1}\n", edits, staged).has_value());
  REQUIRE(staged.staged());
  // Staged: the new text waits beside the file, which is still the old one.
  CHECK(read_text(staged.temporary_path()) == "{\"a\": 2}\n");
  CHECK(mode_of(staged.temporary_path()) == 0640);
  CHECK(read_text(file) == "{\"a\": 1}\n");

  CHECK_FALSE(staged.commit_if_unchanged(fingerprint_of("{\"a\": 1}\n")).has_value());
  CHECK_FALSE(staged.staged());
  CHECK(read_text(file) == "{\"a\": 2}\n");
  CHECK(mode_of(file) == 0640);
  CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
}

TEST_CASE("a staged file changed on disk meanwhile is not replaced", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "{\"a\": 1}\n");
  StagedReplacement staged;
  REQUIRE_FALSE(stage_edits(file, "{\"a\": 1}\n", {{6, 1, "2"}}, staged).has_value());
  write_text(file, "{\"a\": 3}\n");  // same size, other bytes: someone else's edit
  auto error = staged.commit_if_unchanged(fingerprint_of("{\"a\": 1}\n"));
  REQUIRE(error.has_value());
  CHECK(*error == "changed on disk since it was read; not overwritten");
  CHECK(read_text(file) == "{\"a\": 3}\n");
  CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
}

TEST_CASE("a staged file that is never committed leaves nothing behind", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  {
    StagedReplacement staged;
    REQUIRE_FALSE(stage_replacement(file, "new\n", staged).has_value());
    CHECK(files_in(dir.path()).size() == 2);
    StagedReplacement moved = std::move(staged);  // the temporary file goes with the move
    CHECK_FALSE(staged.staged());
    CHECK(moved.staged());
  }
  CHECK(read_text(file) == "old\n");
  CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
}

TEST_CASE("a read-only file is not staged", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  REQUIRE(::chmod(file.c_str(), 0444) == 0);
  StagedReplacement staged;
  auto error = stage_replacement(file, "new\n", staged);
  REQUIRE(error.has_value());
  CHECK(*error == "file is read-only; not written");
  CHECK_FALSE(staged.staged());
  CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
}

TEST_CASE("a read-only file is not written", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  REQUIRE(::chmod(file.c_str(), 0444) == 0);
  auto error = replace_file_if_unchanged(file, "old\n", "new\n");
  REQUIRE(error.has_value());
  CHECK(*error == "file is read-only; not written");
  CHECK(read_text(file) == "old\n");
  CHECK(mode_of(file) == 0444);
}

TEST_CASE("a deleted file is not recreated", "[atomic_write]") {
  TempDir dir;
  auto error = replace_file_if_unchanged(dir / "gone.json", "old\n", "new\n");
  REQUIRE(error.has_value());
  CHECK_THAT(*error, Catch::Contains("deleted"));
  CHECK(files_in(dir.path()).empty());
}

TEST_CASE("something other than a regular file is not replaced", "[atomic_write]") {
  TempDir dir;
  fs::create_directories(dir / "sub/inner");
  auto error = replace_file_if_unchanged(dir / "sub", "", "new\n");
  REQUIRE(error.has_value());
  CHECK(*error == "not a regular file; not written");
  CHECK(fs::is_directory(dir / "sub/inner"));
  CHECK(files_in(dir.path()).empty());
}

TEST_CASE("read_whole_file reads bytes exactly, or says why not", "[atomic_write]") {
  TempDir dir;
  write_text(dir / "t.json", std::string("a\r\n\0b", 5));
  std::string bytes;
  CHECK_FALSE(armfix::read_whole_file(dir / "t.json", bytes).has_value());
  CHECK(bytes == std::string("a\r\n\0b", 5));
  auto error = armfix::read_whole_file(dir / "missing.json", bytes);
  REQUIRE(error.has_value());
  CHECK(*error == "cannot read: No such file or directory");
}

TEST_CASE("a fingerprint built piece by piece equals the one of the whole", "[atomic_write]") {
  std::string bytes;
  for (int i = 0; i < 100000; ++i)
    bytes += std::to_string(i) + (i % 7 == 0 ? "\r\n" : ",");
  for (std::size_t piece : {1UL, 7UL, 4096UL, bytes.size()}) {
    armfix::FingerprintBuilder builder;
    for (std::size_t at = 0; at < bytes.size(); at += piece)
      builder.add(std::string_view(bytes).substr(at, piece));
    CHECK(builder.result() == fingerprint_of(bytes));
  }
  CHECK_FALSE(fingerprint_of(bytes) == fingerprint_of(bytes.substr(1)));
  std::string other = bytes;
  other[bytes.size() / 2] ^= 1;
  CHECK_FALSE(fingerprint_of(bytes) == fingerprint_of(other));
}

TEST_CASE("read_in_chunks hands over every byte of a file larger than its buffer",
          "[atomic_write]") {
  TempDir dir;
  std::string bytes(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(i * 31 % 251);
  write_text(dir / "big.json", bytes);
  std::string read;
  std::size_t pieces = 0;
  CHECK_FALSE(armfix::read_in_chunks(dir / "big.json", [&](std::string_view chunk) {
                read.append(chunk);
                ++pieces;
              }).has_value());
  CHECK(read == bytes);
  CHECK(pieces > 1);
  auto error = armfix::read_in_chunks(dir / "missing.json", [](std::string_view) {});
  REQUIRE(error.has_value());
  CHECK(*error == "cannot read: No such file or directory");
}

TEST_CASE("a staged replacement keeps setuid, setgid and sticky bits", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  for (mode_t mode : {04755U, 02755U, 07755U}) {
    INFO(mode);
    write_text(file, "old\n");
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    CHECK_FALSE(replace_file_if_unchanged(file, "old\n", "new\n").has_value());
    CHECK(read_text(file) == "new\n");
    CHECK(mode_of(file) == mode);
  }
}

TEST_CASE("a file whose name leaves no room for the usual temporary name is still replaced",
          "[atomic_write]") {
  TempDir dir;
  const std::string name = std::string(245, 'n') + ".json";  // 250 bytes: NAME_MAX is 255
  const fs::path file = dir / name;
  write_text(file, "old\n");
  StagedReplacement staged;
  REQUIRE_FALSE(stage_replacement(file, "new\n", staged).has_value());
  const std::string temporary = fs::path(staged.temporary_path()).filename().string();
  CHECK(temporary.rfind(".armfix-", 0) == 0);
  CHECK(temporary.size() == std::string(".armfix-XXXXXX").size());
  CHECK_FALSE(staged.commit_if_unchanged("old\n").has_value());
  CHECK(read_text(file) == "new\n");
  CHECK(files_in(dir.path()) == std::vector<std::string>{name});
}

TEST_CASE("a hard-linked file is neither staged nor written", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  fs::create_hard_link(file, dir / "link.json");
  const std::string expected =
      "has 2 hard links: replacing it would leave the other names with the old text; not "
      "written (to keep the links, fix a copy and cp it over the file)";
  StagedReplacement staged;
  auto refused = stage_replacement(file, "new\n", staged);
  REQUIRE(refused.has_value());
  CHECK(*refused == expected);
  CHECK_FALSE(staged.staged());
  auto error = replace_file_if_unchanged(file, "old\n", "new\n");
  REQUIRE(error.has_value());
  CHECK(*error == expected);
  CHECK(read_text(file) == "old\n");
  CHECK(read_text(dir / "link.json") == "old\n");
  CHECK(files_in(dir.path()) == std::vector<std::string>{"link.json", "t.json"});
}

TEST_CASE("a file linked a second time after staging is not replaced", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  StagedReplacement staged;
  REQUIRE_FALSE(stage_replacement(file, "new\n", staged).has_value());
  fs::create_hard_link(file, dir / "link.json");
  auto error = staged.commit_if_unchanged("old\n");
  REQUIRE(error.has_value());
  CHECK_THAT(*error, Catch::StartsWith("has 2 hard links: "));
  CHECK(read_text(dir / "link.json") == "old\n");
  CHECK(files_in(dir.path()) == std::vector<std::string>{"link.json", "t.json"});
}

// The comparison before the rename, given through commit_if, edits the file while it runs and
// answers as a comparison that read the bytes just before the edit would: "unchanged".
namespace {

using EditDuringComparison = std::function<void(const fs::path&)>;

std::optional<std::string> commit_with_edit_during_comparison(StagedReplacement& staged,
                                                              const EditDuringComparison& edit) {
  return staged.commit_if([&](const fs::path& path, bool& same) {
    edit(path);
    same = true;
    return std::optional<std::string>();
  });
}

}  // namespace

TEST_CASE("a file edited while it is compared before the rename is not replaced",
          "[atomic_write]") {
  const std::map<std::string, EditDuringComparison> edits{
      {"grown", [](const fs::path& path) { write_text(path, "old\nmore\n"); }},
      {"replaced by another file with the same bytes",
       [](const fs::path& path) {
         write_text(path.string() + ".new", "old\n");
         REQUIRE(::rename((path.string() + ".new").c_str(), path.c_str()) == 0);
       }},
      // Same size, same bytes: only the change time tells.
      {"rewritten in place with the same bytes", [](const fs::path& path) {
         until_change_time_moves(path, [&] { write_text(path, "old\n"); });
       }}};
  for (const auto& [name, edit] : edits) {
    INFO(name);
    TempDir dir;
    const fs::path file = dir / "t.json";
    write_text(file, "old\n");
    StagedReplacement staged;
    REQUIRE_FALSE(stage_replacement(file, "new\n", staged).has_value());
    auto error = commit_with_edit_during_comparison(staged, edit);
    REQUIRE(error.has_value());
    CHECK(*error == "changed on disk since it was read; not overwritten");
    CHECK(read_text(file) != "new\n");
    CHECK(files_in(dir.path()) == std::vector<std::string>{"t.json"});
  }
}

TEST_CASE("a staged file whose mode changed meanwhile is not replaced", "[atomic_write]") {
  TempDir dir;
  const fs::path file = dir / "t.json";
  write_text(file, "old\n");
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  StagedReplacement staged;
  REQUIRE_FALSE(stage_replacement(file, "new\n", staged).has_value());
  // The new file would bring back 0644.
  until_change_time_moves(file, [&] {
    REQUIRE(::chmod(file.c_str(), 0604) == 0);
    REQUIRE(::chmod(file.c_str(), 0600) == 0);
  });
  auto error = staged.commit_if_unchanged("old\n");
  REQUIRE(error.has_value());
  CHECK(*error == "changed on disk since it was read; not overwritten");
  CHECK(read_text(file) == "old\n");
  CHECK(mode_of(file) == 0600);
}
