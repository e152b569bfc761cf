// Tests of the in-place write: content, mode kept, no temporary files, refusals.
#include "armfix/atomic_write.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

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
