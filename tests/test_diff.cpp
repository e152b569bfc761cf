// Tests of the git-style unified diffs: exact output for the usual shapes of change, strict
// application, round trips over random and large inputs, agreement with git itself, and the
// diff of known changes agreeing with the diff of the whole texts.
#include "report/diff.hpp"

#include <catch2/catch.hpp>

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/engine.hpp"
#include "armfix/pipeline.hpp"
#include "support.hpp"

namespace {

using armfix::apply_edits;
using armfix::apply_unified_diff;
using armfix::Splice;
using armfix::splices_of;
using armfix::TextEdit;
using armfix::unified_diff;

const std::string kHeader = "diff --git a/t.json b/t.json\n--- a/t.json\n+++ b/t.json\n";

std::string diff_of(const std::string& before, const std::string& after) {
  return unified_diff(before, after, "t.json");
}

// "  line1\n" ... "  line<count>\n", or with `ending` in place of "\n". Indented, as in JSON,
// so that git would not pick any of them as a hunk heading.
std::string numbered_lines(int count, const std::string& ending = "\n") {
  std::string text;
  for (int i = 1; i <= count; ++i)
    text += "  line" + std::to_string(i) + ending;
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  return lines;
}

std::vector<std::string> hunk_headers(const std::string& diff) {
  std::vector<std::string> headers;
  for (const std::string& line : lines_of(diff)) {
    if (line.rfind("@@ ", 0) == 0) headers.push_back(line);
  }
  return headers;
}

// Replaces line `number` (1-based) of a numbered_lines text.
std::string with_line_replaced(std::string text, int number, const std::string& replacement) {
  std::string old_line = "  line" + std::to_string(number) + "\n";
  std::size_t at = text.find(old_line);
  return text.replace(at, old_line.size(), replacement);
}

void check_round_trip(const std::string& before, const std::string& after) {
  std::string diff = diff_of(before, after);
  std::string patched;
  REQUIRE(apply_unified_diff(before, diff, patched));
  REQUIRE(patched == after);
}

// Deterministic across platforms: no standard distributions.
class Random {
 public:
  explicit Random(std::uint32_t seed) : engine_(seed) {}
  std::size_t below(std::size_t bound) { return engine_() % bound; }
  bool percent(unsigned chance) { return below(100) < chance; }

 private:
  std::mt19937 engine_;
};

// Lines from a small vocabulary, so that texts repeat lines the way JSON does.
std::string random_line(Random& random) {
  static const std::vector<std::string> kVocabulary = {
      "{\n", "}\n", "},\n", "  \"a\": 1,\n", "  \"b\": [\n", "  ]\n", "\n", "x\r\n", "\r\n"};
  if (random.percent(30)) return "unique " + std::to_string(random.below(1000000)) + "\n";
  return kVocabulary[random.below(kVocabulary.size())];
}

std::vector<std::string> random_lines(Random& random, std::size_t count) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < count; ++i)
    lines.push_back(random_line(random));
  return lines;
}

void random_edit(Random& random, std::vector<std::string>& lines) {
  std::size_t at = random.below(lines.size() + 1);
  std::size_t removed = std::min(lines.size() - at, random.below(4));
  auto position = lines.begin() + static_cast<std::ptrdiff_t>(at);
  position = lines.erase(position, position + static_cast<std::ptrdiff_t>(removed));
  std::vector<std::string> added = random_lines(random, random.below(4));
  lines.insert(position, added.begin(), added.end());
}

std::string joined(const std::vector<std::string>& lines, bool final_newline) {
  std::string text;
  for (const std::string& line : lines)
    text += line;
  if (!final_newline && !text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Length of a longest common subsequence of lines, by the textbook table.
std::size_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> table(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1
                                         : std::max(table[i - 1][j], table[i][j - 1]);
    }
  }
  return table[a.size()][b.size()];
}

std::vector<std::string> text_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t newline = text.find('\n', begin);
    std::size_t end = newline == std::string::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

std::size_t count_body_lines(const std::string& diff, char tag) {
  std::size_t count = 0;
  for (const std::string& line : lines_of(diff)) {
    bool file_name = line.rfind("--- ", 0) == 0 || line.rfind("+++ ", 0) == 0;
    if (!line.empty() && line[0] == tag && !file_name) ++count;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// git helpers

bool git_available() {
  return std::filesystem::exists("/usr/bin/git");
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "armfix-diff-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs git in `repo`, unaffected by the user's or the system's configuration.
int run_git(const std::filesystem::path& repo, const std::string& arguments) {
  std::string command = "cd '" + repo.string() +
                        "' && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
                        "/usr/bin/git -c core.autocrlf=false -c core.quotepath=true " +
                        arguments;
  return std::system(command.c_str());
}

struct FileChange {
  std::string name;
  std::string before;
  std::string after;
};

// A repository whose index and work tree hold the `before` of every change.
void init_repo(const std::filesystem::path& repo, const std::vector<FileChange>& changes) {
  std::filesystem::create_directories(repo);
  REQUIRE(run_git(repo, "init -q .") == 0);
  for (const FileChange& change : changes)
    write_file(repo / change.name, change.before);
  REQUIRE(run_git(repo, "add -A") == 0);
}

// What `git diff` prints for the changes, less its `index` lines, which name blobs.
std::string git_diff(const std::vector<FileChange>& changes) {
  TempDir temp;
  std::filesystem::path repo = temp.path() / "repo";
  init_repo(repo, changes);
  for (const FileChange& change : changes)
    write_file(repo / change.name, change.after);
  REQUIRE(run_git(repo, "diff --no-color --no-ext-diff > ../out.diff") == 0);
  std::string without_index;
  for (const std::string& line : text_lines(read_file(temp.path() / "out.diff"))) {
    if (line.rfind("index ", 0) != 0) without_index += line;
  }
  return without_index;
}

void check_git_applies(const FileChange& change) {
  TempDir temp;
  std::filesystem::path repo = temp.path() / "repo";
  init_repo(repo, {change});
  write_file(temp.path() / "ours.diff", unified_diff(change.before, change.after, change.name));
  REQUIRE(run_git(repo, "apply --whitespace=nowarn ../ours.diff") == 0);
  CHECK(read_file(repo / change.name) == change.after);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Exact output

TEST_CASE("diff: identical texts give an empty diff", "[diff]") {
  CHECK(diff_of("", "").empty());
  CHECK(diff_of("a\nb\n", "a\nb\n").empty());
  CHECK(diff_of("a\r\nb", "a\r\nb").empty());
}

TEST_CASE("diff: a changed line in the middle gets three lines of context", "[diff]") {
  std::string before = numbered_lines(10);
  std::string after = with_line_replaced(before, 5, "  LINE5\n");
  CHECK(diff_of(before, after) == kHeader +
                                      "@@ -2,7 +2,7 @@\n"
                                      "   line2\n"
                                      "   line3\n"
                                      "   line4\n"
                                      "-  line5\n"
                                      "+  LINE5\n"
                                      "   line6\n"
                                      "   line7\n"
                                      "   line8\n");
}

TEST_CASE("diff: inserting five lines gives one hunk of additions", "[diff]") {
  std::string before =
      "{\n"
      "  \"resources\": [\n"
      "    {\n"
      "      \"type\": \"Microsoft.Storage/storageAccounts\",\n"
      "      \"name\": \"st\",\n"
      "      \"properties\": {\n"
      "        \"supportsHttpsTrafficOnly\": true\n"
      "      }\n"
      "    }\n"
      "  ]\n"
      "}\n";
  std::string inserted =
      "        \"minimumTlsVersion\": \"TLS1_2\",\n"
      "        \"allowBlobPublicAccess\": false,\n"
      "        \"networkAcls\": {\n"
      "          \"defaultAction\": \"Deny\"\n"
      "        },\n";
  std::string after = before;
  after.insert(after.find("        \"supportsHttps"), inserted);
  CHECK(diff_of(before, after) == kHeader +
                                      "@@ -4,6 +4,11 @@\n"
                                      "       \"type\": \"Microsoft.Storage/storageAccounts\",\n"
                                      "       \"name\": \"st\",\n"
                                      "       \"properties\": {\n"
                                      "+        \"minimumTlsVersion\": \"TLS1_2\",\n"
                                      "+        \"allowBlobPublicAccess\": false,\n"
                                      "+        \"networkAcls\": {\n"
                                      "+          \"defaultAction\": \"Deny\"\n"
                                      "+        },\n"
                                      "         \"supportsHttpsTrafficOnly\": true\n"
                                      "       }\n"
                                      "     }\n");
}

TEST_CASE("diff: CRLF lines keep their carriage returns in the diff", "[diff]") {
  CHECK(diff_of("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n") == kHeader +
                                                             "@@ -1,3 +1,3 @@\n"
                                                             " a\r\n"
                                                             "-b\r\n"
                                                             "+B\r\n"
                                                             " c\r\n");
}

TEST_CASE("diff: adding the final newline marks the old last line", "[diff]") {
  CHECK(diff_of("a\nb\nc", "a\nb\nc\n") == kHeader +
                                               "@@ -1,3 +1,3 @@\n"
                                               " a\n"
                                               " b\n"
                                               "-c\n"
                                               "\\ No newline at end of file\n"
                                               "+c\n");
}

TEST_CASE("diff: removing the final newline marks the new last line", "[diff]") {
  CHECK(diff_of("a\nb\nc\n", "a\nb\nc") == kHeader +
                                               "@@ -1,3 +1,3 @@\n"
                                               " a\n"
                                               " b\n"
                                               "-c\n"
                                               "+c\n"
                                               "\\ No newline at end of file\n");
}

TEST_CASE("diff: changing a last line without newline marks both sides", "[diff]") {
  CHECK(diff_of("a\nb\nc", "a\nb\nC") == kHeader +
                                             "@@ -1,3 +1,3 @@\n"
                                             " a\n"
                                             " b\n"
                                             "-c\n"
                                             "\\ No newline at end of file\n"
                                             "+C\n"
                                             "\\ No newline at end of file\n");
}

TEST_CASE("diff: a last line without newline can be context", "[diff]") {
  CHECK(diff_of("a\nb\nc", "a\nB\nc") == kHeader +
                                             "@@ -1,3 +1,3 @@\n"
                                             " a\n"
                                             "-b\n"
                                             "+B\n"
                                             " c\n"
                                             "\\ No newline at end of file\n");
}

TEST_CASE("diff: lines appended after a last line without newline re-add that line", "[diff]") {
  CHECK(diff_of("a\nb", "a\nb\nc\n") == kHeader +
                                            "@@ -1,2 +1,3 @@\n"
                                            " a\n"
                                            "-b\n"
                                            "\\ No newline at end of file\n"
                                            "+b\n"
                                            "+c\n");
}

TEST_CASE("diff: an empty old file gives a hunk starting at line 0", "[diff]") {
  CHECK(diff_of("", "a\nb\n") == kHeader + "@@ -0,0 +1,2 @@\n+a\n+b\n");
  CHECK(diff_of("", "a\n") == kHeader + "@@ -0,0 +1 @@\n+a\n");
  CHECK(diff_of("", "a") == kHeader + "@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n");
}

TEST_CASE("diff: an emptied file gives a hunk ending at line 0", "[diff]") {
  CHECK(diff_of("a\nb\n", "") == kHeader + "@@ -1,2 +0,0 @@\n-a\n-b\n");
}

TEST_CASE("diff: changes near the start and the end get clipped context", "[diff]") {
  std::string before = numbered_lines(10);
  CHECK(diff_of(before, "new\n" + before) == kHeader +
                                                 "@@ -1,3 +1,4 @@\n"
                                                 "+new\n"
                                                 "   line1\n"
                                                 "   line2\n"
                                                 "   line3\n");
  CHECK(diff_of(before, with_line_replaced(before, 2, "  LINE2\n")) == kHeader +
                                                                           "@@ -1,5 +1,5 @@\n"
                                                                           "   line1\n"
                                                                           "-  line2\n"
                                                                           "+  LINE2\n"
                                                                           "   line3\n"
                                                                           "   line4\n"
                                                                           "   line5\n");
  CHECK(diff_of(before, with_line_replaced(before, 10, "")) == kHeader +
                                                                   "@@ -7,4 +7,3 @@\n"
                                                                   "   line7\n"
                                                                   "   line8\n"
                                                                   "   line9\n"
                                                                   "-  line10\n");
  CHECK(diff_of(before, before + "end\n") == kHeader +
                                                 "@@ -8,3 +8,4 @@\n"
                                                 "   line8\n"
                                                 "   line9\n"
                                                 "   line10\n"
                                                 "+end\n");
}

TEST_CASE("diff: a one-line file changed gives counts of one, written without ',1'", "[diff]") {
  CHECK(diff_of("a\n", "b\n") == kHeader + "@@ -1 +1 @@\n-a\n+b\n");
  CHECK(diff_of("a\n", "a\nb\n") == kHeader + "@@ -1 +1,2 @@\n a\n+b\n");
}

TEST_CASE("diff: two distant changes give two hunks", "[diff]") {
  std::string before = numbered_lines(20);
  std::string after = with_line_replaced(with_line_replaced(before, 3, "  X\n"), 17, "  Y\n");
  CHECK(hunk_headers(diff_of(before, after)) ==
        std::vector<std::string>{"@@ -1,6 +1,6 @@", "@@ -14,7 +14,7 @@"});
}

TEST_CASE("diff: changes six unchanged lines apart share a hunk, seven apart do not", "[diff]") {
  std::string before = numbered_lines(20);
  std::string six_apart = with_line_replaced(with_line_replaced(before, 5, "  X\n"), 12, "  Y\n");
  CHECK(hunk_headers(diff_of(before, six_apart)) == std::vector<std::string>{"@@ -2,14 +2,14 @@"});
  std::string seven_apart = with_line_replaced(with_line_replaced(before, 5, "  X\n"), 13, "  Y\n");
  CHECK(hunk_headers(diff_of(before, seven_apart)) ==
        std::vector<std::string>{"@@ -2,7 +2,7 @@", "@@ -10,7 +10,7 @@"});
}

// Lines 1 and 9 start like identifiers; line 1 is long and has spaces around byte 80.
std::string text_with_headings() {
  std::string text = "first:" + std::string(70, 'v') + "    tail\n";
  for (int i = 2; i <= 8; ++i)
    text += "  - a" + std::to_string(i) + "\n";
  text += "second:\r\n";
  for (int i = 10; i <= 20; ++i)
    text += "  - b" + std::to_string(i) + "\n";
  return text;
}

TEST_CASE("diff: hunks are headed by the last identifier-like line above them, as in git",
          "[diff]") {
  std::string before = text_with_headings();
  std::string after = before;
  after.replace(after.find("a6"), 2, "A6");
  after.replace(after.find("b16"), 3, "B16");
  CHECK(hunk_headers(diff_of(before, after)) ==
        std::vector<std::string>{"@@ -3,7 +3,7 @@ first:" + std::string(70, 'v'),
                                 "@@ -13,7 +13,7 @@ second:"});
}

TEST_CASE("diff: removed lines come before added lines within a change", "[diff]") {
  CHECK(diff_of("a\nb\nc\nd\n", "a\nX\nY\nd\n") == kHeader +
                                                       "@@ -1,4 +1,4 @@\n"
                                                       " a\n"
                                                       "-b\n"
                                                       "-c\n"
                                                       "+X\n"
                                                       "+Y\n"
                                                       " d\n");
}

TEST_CASE("diff: paths are written as git writes them", "[diff]") {
  std::string spaced = unified_diff("a\n", "b\n", "my file.json");
  CHECK(spaced.rfind("diff --git a/my file.json b/my file.json\n"
                     "--- a/my file.json\t\n"
                     "+++ b/my file.json\t\n",
                     0) == 0);
  std::string special = unified_diff("a\n", "b\n", "d\xC3\xBC\t\"q\"\\.json");
  CHECK(special.rfind("diff --git \"a/d\\303\\274\\t\\\"q\\\"\\\\.json\" "
                      "\"b/d\\303\\274\\t\\\"q\\\"\\\\.json\"\n"
                      "--- \"a/d\\303\\274\\t\\\"q\\\"\\\\.json\"\n"
                      "+++ \"b/d\\303\\274\\t\\\"q\\\"\\\\.json\"\n",
                      0) == 0);
}

// ---------------------------------------------------------------------------------------------
// Applying

TEST_CASE("diff: apply_unified_diff applies hunks with empty ranges and missing newlines",
          "[diff]") {
  std::string patched;
  REQUIRE(apply_unified_diff("", kHeader + "@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n",
                             patched));
  CHECK(patched == "a");
  REQUIRE(apply_unified_diff("a\nb\n", kHeader + "@@ -1,2 +0,0 @@\n-a\n-b\n", patched));
  CHECK(patched.empty());
  REQUIRE(apply_unified_diff("a\nb\nc\n", kHeader + "@@ -1,0 +2 @@\n+x\n", patched));
  CHECK(patched == "a\nx\nb\nc\n");
  REQUIRE(apply_unified_diff(
      "a\nb", kHeader + "@@ -2 +2,2 @@\n-b\n\\ No newline at end of file\n+b\n+c\n", patched));
  CHECK(patched == "a\nb\nc\n");
  REQUIRE(apply_unified_diff("x\n", "", patched));
  CHECK(patched == "x\n");
}

TEST_CASE("diff: apply_unified_diff rejects a diff whose context does not match", "[diff]") {
  std::string before = numbered_lines(10);
  std::string diff = diff_of(before, with_line_replaced(before, 5, "  LINE5\n"));
  std::string patched;
  CHECK_FALSE(apply_unified_diff(with_line_replaced(before, 3, "other\n"), diff, patched));
  CHECK_FALSE(apply_unified_diff(with_line_replaced(before, 5, "other\n"), diff, patched));
  CHECK_FALSE(apply_unified_diff(numbered_lines(10, "\r\n"), diff, patched));
  CHECK_FALSE(apply_unified_diff("line0\n" + before, diff, patched));
  CHECK(apply_unified_diff(before, diff, patched));
}

TEST_CASE("diff: apply_unified_diff insists on the no-newline markers", "[diff]") {
  std::string patched;
  // The old last line has no newline, but the diff does not say so, and the other way round.
  CHECK_FALSE(apply_unified_diff("a\nb", kHeader + "@@ -2 +2 @@\n-b\n+c\n", patched));
  CHECK_FALSE(apply_unified_diff(
      "a\nb\n", kHeader + "@@ -2 +2 @@\n-b\n\\ No newline at end of file\n+c\n", patched));
  // Nothing can follow an added line without newline.
  CHECK_FALSE(apply_unified_diff(
      "a\nb\n", kHeader + "@@ -1 +1 @@\n-a\n+x\n\\ No newline at end of file\n", patched));
}

TEST_CASE("diff: apply_unified_diff rejects malformed diffs", "[diff]") {
  std::string before = "a\nb\nc\n";
  std::string patched;
  const std::string hunk = "@@ -2 +2 @@\n-b\n+B\n";
  REQUIRE(apply_unified_diff(before, kHeader + hunk, patched));
  CHECK(patched == "a\nB\nc\n");

  CHECK_FALSE(apply_unified_diff(before, hunk, patched));                            // no header
  CHECK_FALSE(apply_unified_diff(before, kHeader, patched));                         // no hunk
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -2 +2\n-b\n+B\n", patched));  // bad @@
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -2,2 +2 @@\n-b\n+B\n", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -2 +3 @@\n-b\n+B\n", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -2 +2 @@\n-b\n+B", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -2 +2 @@\n-b\n\n+B\n", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -2 +2 @@\n-b\n*B\n", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + hunk + "@@ -1 +1 @@\n-a\n+A\n", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + hunk + "trailing\n", patched));
  CHECK_FALSE(apply_unified_diff(before, kHeader + "@@ -9 +9 @@\n-b\n+B\n", patched));
}

TEST_CASE("diff: apply_unified_diff accepts git's own diffs", "[diff][git]") {
  REQUIRE(git_available());  // tools/dev installs git: its absence is a failure, not a skip
  FileChange change{"t.json", numbered_lines(30, "\r\n"), ""};
  change.after = "first\r\n" + numbered_lines(30, "\r\n").substr(9) + "end";
  std::string patched;
  REQUIRE(apply_unified_diff(change.before, git_diff({change}), patched));
  CHECK(patched == change.after);
}

// ---------------------------------------------------------------------------------------------
// Round trips

TEST_CASE("diff: random edits round-trip with a shortest edit script", "[diff]") {
  Random random(20240611);
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> old_lines = random_lines(random, random.below(40));
    std::vector<std::string> new_lines = old_lines;
    for (std::size_t edits = 1 + random.below(4); edits > 0; --edits) {
      random_edit(random, new_lines);
    }
    std::string before = joined(old_lines, !random.percent(20));
    std::string after = joined(new_lines, !random.percent(20));
    INFO("round " << round << "\nbefore:\n" << before << "\nafter:\n" << after);
    check_round_trip(before, after);

    // A whole-file fallback would remove more lines than the shortest script needs.
    std::string diff = diff_of(before, after);
    std::size_t common = lcs_length(text_lines(before), text_lines(after));
    CHECK(count_body_lines(diff, '-') == text_lines(before).size() - common);
    CHECK(count_body_lines(diff, '+') == text_lines(after).size() - common);
  }
}

TEST_CASE("diff: a large input with scattered edits round-trips", "[diff]") {
  std::string before;
  for (int i = 0; i < 200000; ++i)
    before += "    \"value" + std::to_string(i) + "\": " + std::to_string(i % 7) + ",\n";
  std::string after = before;
  after.replace(after.find("\"value150000\""), 1, "'");  // near the end
  after.insert(after.find("    \"value100000\""), "    \"new\": 1,\n    \"new\": 2,\n");
  after.erase(after.find("    \"value50000\""),
              after.find("    \"value50002\"") - after.find("    \"value50000\""));
  after.replace(after.find("\"value1\""), 8, "\"renamed\"");  // near the start
  after += "}";

  check_round_trip(before, after);
  CHECK(hunk_headers(diff_of(before, after)) ==
        std::vector<std::string>{"@@ -1,5 +1,5 @@", "@@ -49998,8 +49998,6 @@",
                                 "@@ -99998,6 +99996,8 @@", "@@ -149998,7 +149998,7 @@",
                                 "@@ -199998,3 +199998,4 @@"});
}

TEST_CASE("diff: a multi-megabyte file with a few inserted lines gives one small hunk", "[diff]") {
  std::string before;
  before.reserve(50u << 20);
  for (int i = 0; before.size() < (50u << 20); ++i) {
    before += "      \"name\": \"resource-" + std::to_string(i) + "\",\n";
  }
  std::string after = before;
  after.insert(after.find("      \"name\": \"resource-600000\""),
               "      \"fix\": 1,\n      \"fix\": 2,\n      \"fix\": 3,\n      \"fix\": 4,\n"
               "      \"fix\": 5,\n");

  std::string diff = diff_of(before, after);
  CHECK(hunk_headers(diff) == std::vector<std::string>{"@@ -599998,6 +599998,11 @@"});
}

TEST_CASE("diff: edits that make dtl split its search still give a correct hunked diff", "[diff]") {
  // Thousands of changes fill dtl's 2M path coordinates; it then restarts on the rest, and for
  // this input 160 of the line numbers in its edit script are wrong (cubicdaiya/dtl#19, dtl
  // 1.20). Ours are counted from the sequence of edits, which stays right.
  Random random(3);
  std::vector<std::string> old_lines;
  std::vector<std::string> new_lines;
  for (int i = 0; i < 3000; ++i) {
    old_lines.push_back("  \"k" + std::to_string(random.below(1500)) + "\": 1,\n");
    new_lines.push_back(random.percent(90)
                            ? "  \"n" + std::to_string(random.below(1500)) + "\": 2,\n"
                            : old_lines.back());
  }
  for (int i = 0; i < 300; ++i) {
    std::size_t at = random.below(new_lines.size());
    new_lines.insert(new_lines.begin() + static_cast<std::ptrdiff_t>(at),
                     "  \"i" + std::to_string(random.below(50)) + "\": 3,\n");
  }
  std::string before = joined(old_lines, true);
  std::string after = joined(new_lines, true);
  check_round_trip(before, after);
  CHECK(count_body_lines(diff_of(before, after), '-') < old_lines.size());  // not whole-file
}

TEST_CASE("diff: a rewrite too large for dtl gets one whole-file hunk at once", "[diff]") {
  std::string before = numbered_lines(100000);
  std::string after = numbered_lines(100000, ",\n");
  std::string diff = diff_of(before, after);
  CHECK(hunk_headers(diff) == std::vector<std::string>{"@@ -1,100000 +1,100000 @@"});
  check_round_trip(before, after);
}

// ---------------------------------------------------------------------------------------------
// Agreement with git

TEST_CASE("diff: git apply accepts our diffs", "[diff][git]") {
  REQUIRE(git_available());  // tools/dev installs git: its absence is a failure, not a skip
  std::string lf = numbered_lines(40);
  std::string crlf = numbered_lines(40, "\r\n");
  SECTION("LF") {
    check_git_applies({"t.json", lf, with_line_replaced(lf, 20, "changed\nadded\n")});
  }
  SECTION("CRLF") {
    check_git_applies(
        {"t.json", crlf, "first\r\n" + crlf.substr(crlf.find("  line3")) + "last\r\n"});
  }
  SECTION("no final newline") {
    check_git_applies({"t.json", lf + "tail", lf.substr(lf.find("  line2")) + "tail\nmore"});
  }
  SECTION("odd path") {
    check_git_applies({"my d\xC3\xBC\"x\".json", lf, lf + "end\n"});
  }
}

TEST_CASE("diff: our diffs equal git diff's output byte for byte", "[diff][git]") {
  REQUIRE(git_available());  // tools/dev installs git: its absence is a failure, not a skip
  std::string lines = numbered_lines(20);
  std::vector<FileChange> changes = {
      {"a_middle", lines, with_line_replaced(lines, 10, "ten\n")},
      {"b_crlf", numbered_lines(20, "\r\n"), numbered_lines(21, "\r\n")},
      {"c_old_no_newline", "a\nb\nc", "a\nb\nc\nd\n"},
      {"d_new_no_newline", "a\nb\nc\n", "a\nB\nc"},
      {"e_both_no_newline", "a\nb\nc", "a\nb\nC"},
      {"f_empty_old", "", "a\nb\n"},
      {"g_emptied", "a\nb\n", ""},
      {"h_merged", lines, with_line_replaced(with_line_replaced(lines, 5, "X\n"), 12, "Y\n")},
      {"i_split", lines, with_line_replaced(with_line_replaced(lines, 5, "X\n"), 13, "Y\n")},
      {"j_headings", text_with_headings(), "x\n" + text_with_headings().substr(1) + "end\n"},
  };
  // Random edits of texts whose lines are all distinct: the shortest script is unique, so git
  // and dtl cannot pick different but equally short ones.
  Random random(7);
  for (int round = 0; round < 60; ++round) {
    std::vector<std::string> old_lines;
    std::size_t next_id = 0;
    for (std::size_t i = random.below(50); i > 0; --i)
      old_lines.push_back("l" + std::to_string(next_id++) + "\n");
    std::vector<std::string> new_lines = old_lines;
    for (std::size_t edits = 1 + random.below(5); edits > 0; --edits) {
      std::size_t at = random.below(new_lines.size() + 1);
      auto position = new_lines.begin() + static_cast<std::ptrdiff_t>(at);
      position = new_lines.erase(position, position + static_cast<std::ptrdiff_t>(std::min(
                                                          new_lines.size() - at, random.below(3))));
      for (std::size_t added = random.below(3); added > 0; --added) {
        position = new_lines.insert(position, "n" + std::to_string(next_id++) + "\n") + 1;
      }
    }
    char name[32];
    std::snprintf(name, sizeof name, "r%03d", round);
    changes.push_back(
        {name, joined(old_lines, !random.percent(15)), joined(new_lines, !random.percent(15))});
  }

  std::string ours;
  for (const FileChange& change : changes)
    ours += unified_diff(change.before, change.after, change.name);
  CHECK(ours == git_diff(changes));
}

// ---------------------------------------------------------------------------------------------
// Diffs of known changes

namespace {

// The diff of `edits` from their places must be the diff of the whole texts, and apply.
std::string check_diff_of_edits(const std::string& before, const std::vector<TextEdit>& edits) {
  std::string after = apply_edits(before, edits);
  std::string diff = unified_diff(before, after, "t.json", splices_of(edits));
  CHECK(diff == diff_of(before, after));
  std::string patched;
  CHECK(apply_unified_diff(before, diff, patched));
  CHECK(patched == after);
  return diff;
}

// Lines 1 to `count`, all distinct: every 50th starts like an identifier (a hunk heading),
// lines 3001 to 3100 end in CRLF, and the last has no newline.
std::string long_text(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    text += i % 50 == 0 ? "section" + std::to_string(i) + ":" : "  line" + std::to_string(i);
    if (i < count) text += i > 3000 && i <= 3100 ? "\r\n" : "\n";
  }
  return text;
}

std::size_t offset_of_line(const std::string& text, int number) {
  std::size_t offset = 0;
  for (int line = 1; line < number; ++line)
    offset = text.find('\n', offset) + 1;
  return offset;
}

// Replaces `length` bytes from `column` (0-based) of line `number` (1-based).
TextEdit line_edit(const std::string& text, int number, std::size_t column, std::size_t length,
                   std::string inserted) {
  return TextEdit{offset_of_line(text, number) + column, length, std::move(inserted)};
}

// Changes the word "line" of line `number` of a long_text, keeping the line distinct.
TextEdit word_change(const std::string& text, int number) {
  return line_edit(text, number, 2, 4, "LINE");
}

// A JSON array of `count` objects alike but for their names: most lines repeat.
std::string repetitive_json(int count) {
  std::string text = "{\n  \"resources\": [\n";
  for (int i = 0; i < count; ++i) {
    text += "    {\n      \"name\": \"r" + std::to_string(i) +
            "\",\n      \"properties\": {\n        \"profile\": {\n          \"count\": 1\n"
            "        }\n      }\n    }";
    text += i + 1 < count ? ",\n" : "\n";
  }
  return text + "  ]\n}\n";
}

}  // namespace

TEST_CASE("diff: known changes all over a long text give the diff of the whole texts", "[diff]") {
  const std::string before = long_text(5000);
  const int last = 5000;
  std::vector<TextEdit> edits = {
      {0, 0, "{\n"},                                          // before the first line
      word_change(before, 2),                                 // near the start
      line_edit(before, 500, 3, 0, "inserted\n  lines\n  "),  // splits a line
      {offset_of_line(before, 900) + 4, offset_of_line(before, 902) - offset_of_line(before, 900),
       ""},                                        // removes text across lines
      {offset_of_line(before, 1501) - 1, 1, ""},   // joins two lines
      line_edit(before, 2000, 0, 7, "chapter"),    // a heading line
      word_change(before, 2020),                   // under it
      word_change(before, 3050),                   // a CRLF line
      line_edit(before, 3060, 0, 0, "  new\r\n"),  // a CRLF line added
      line_edit(before, last, 2, 0, "very "),      // the last line, without newline
      {before.size(), 0, "\n  appended"},          // after it
  };
  std::string diff = check_diff_of_edits(before, edits);
  CHECK(hunk_headers(diff).size() == 9);
  // Headings come from the old text, from above the hunk, however far the regions are apart.
  CHECK(hunk_headers(diff)[4] == "@@ -1997,7 +1997,7 @@ section1950:");
  CHECK(hunk_headers(diff)[5] == "@@ -2017,7 +2017,7 @@ section2000:");
}

TEST_CASE("diff: known changes a few lines apart share hunks as in the whole texts' diff",
          "[diff]") {
  const std::string before = long_text(400);
  // Gaps around two and three times the padding of a region: regions that touch and regions
  // that do not, and hunks that git merges (six unchanged lines apart) and does not (seven).
  for (int gap = 0; gap <= 20; ++gap) {
    INFO("unchanged lines between changes: " << gap);
    std::string diff =
        check_diff_of_edits(before, {word_change(before, 101), word_change(before, 102 + gap)});
    CHECK(hunk_headers(diff).size() == (gap <= 6 ? 1u : 2u));
    check_diff_of_edits(before, {word_change(before, 101), word_change(before, 102 + gap),
                                 word_change(before, 103 + 2 * gap)});
  }
}

TEST_CASE("diff: known changes near either end give the diff of the whole texts", "[diff]") {
  const std::string before = long_text(300);
  for (int distance = 0; distance < 12; ++distance) {
    INFO("lines from the end: " << distance);
    check_diff_of_edits(before, {word_change(before, 1 + distance)});
    check_diff_of_edits(before, {word_change(before, 300 - distance)});
    check_diff_of_edits(before,
                        {word_change(before, 1 + distance), word_change(before, 300 - distance)});
  }
  std::size_t last_line = offset_of_line(before, 300);
  check_diff_of_edits(before, {{last_line - 1, before.size() - last_line + 1, ""}});
  check_diff_of_edits(before, {{before.size(), 0, "\n"}});
  check_diff_of_edits(before, {{0, before.size(), "all new\n"}});
}

TEST_CASE("diff: random known changes give the diff of the whole texts", "[diff]") {
  Random random(11);
  std::size_t next_id = 0;
  for (int round = 0; round < 150; ++round) {
    const std::string before = long_text(static_cast<int>(200 + random.below(800)));
    std::vector<TextEdit> edits;
    std::size_t free_from = 0;
    for (std::size_t count = 1 + random.below(8); count > 0; --count) {
      std::size_t room = before.size() - free_from;
      std::size_t offset = free_from + random.below(std::min<std::size_t>(room, 3000) + 1);
      std::size_t length = std::min(before.size() - offset, random.below(30));
      std::string inserted;
      for (std::size_t pieces = random.below(4); pieces > 0; --pieces) {
        inserted += random.percent(40) ? "\n" : "n" + std::to_string(next_id++);
      }
      edits.push_back({offset, length, inserted});
      free_from = offset + length;
    }
    INFO("round " << round);
    check_diff_of_edits(before, edits);
  }
}

TEST_CASE("diff: known changes among repeated lines give the diff of the whole texts", "[diff]") {
  // As fixes do: objects added after members whose closing lines repeat all over the text, and
  // a member changed in place. Among equally short scripts, dtl picks one by what it sees.
  const std::string before = repetitive_json(400);
  const std::string member = "        \"profile\": {\n          \"count\": 1\n        }";
  const std::string added = ",\n        \"security\": {\n          \"enabled\": true\n        }";
  std::vector<TextEdit> edits;
  std::size_t at = 0;
  for (int object = 0; object < 400; ++object) {
    at = before.find(member, at) + member.size();
    if (object % 37 == 5) edits.push_back({at, 0, added});
    if (object % 53 == 20) edits.push_back({at - 11, 1, "2"});
  }
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.offset < b.offset; });
  check_diff_of_edits(before, edits);
}

TEST_CASE("diff: known changes that slide along repeated lines give the whole texts' diff",
          "[diff]") {
  // A line like those of the run it is added to goes after the run in the diff, whose
  // context then comes from beyond the padding of the change's region.
  const std::string lines = numbered_lines(40);
  std::string repeated;
  for (int i = 0; i < 30; ++i)
    repeated += "    }\n";
  const std::string before = lines + repeated + lines + repeated + lines;
  const std::size_t first_run = lines.size();
  const std::size_t second_run = first_run + repeated.size() + lines.size();
  check_diff_of_edits(before, {{first_run, 0, "    }\n"}});
  check_diff_of_edits(before, {{second_run, 0, "    }\n"}});
  check_diff_of_edits(before, {{first_run, 0, "    }\n"}, {second_run + 12, 6, ""}});
  check_diff_of_edits(before, {{10, 0, "x"}, {second_run, 0, "    }\n    }\n"}});
}

TEST_CASE("diff: known changes with several shortest scripts get the whole texts' pick", "[diff]") {
  // From "  ]\nold\n\n" to "\nx\n  ]\n" keeps either "  ]" or the empty line. dtl picks by
  // how much longer the new text is from there on, and by the side it runs from: a region of
  // the texts must be shown to it as the diff of the whole texts sees it.
  const std::string lines = numbered_lines(30);
  for (bool tie_first : {true, false}) {
    for (bool lines_added : {true, false}) {
      for (bool tie_reversed : {false, true}) {
        INFO("tie first: " << tie_first << ", lines added: " << lines_added
                           << ", tie reversed: " << tie_reversed);
        std::string tie_old = tie_reversed ? "\nx\n  ]\n" : "  ]\nold\n\n";
        std::string tie_new = tie_reversed ? "  ]\nold\n\n" : "\nx\n  ]\n";
        std::string other_old = lines_added ? "" : "  r1\n  r2\n  r3\n";
        std::string other_new = lines_added ? "  a\n  b\n  c\n" : "";
        std::string first_old = tie_first ? tie_old : other_old;
        std::string second_old = tie_first ? other_old : tie_old;
        std::string before = "top\n" + lines + first_old + lines + second_old + lines;
        std::size_t first = 4 + lines.size();
        std::size_t second = first + first_old.size() + lines.size();
        check_diff_of_edits(before, {{first, first_old.size(), tie_first ? tie_new : other_new},
                                     {second, second_old.size(), tie_first ? other_new : tie_new}});
      }
    }
  }
}

TEST_CASE("diff: known changes of every fixable corpus file give the diff of the whole texts",
          "[diff][corpus]") {
  armfix::PipelineOptions options = armfix::test::defender_only();
  options.unsafe_fixes = true;
  int fixed_files = 0;
  for (const char* corpus : {"corpus", "corpus-bicep"}) {
    const auto root = armfix::test::shared_path(corpus);
    for (const auto& path : armfix::test::files_under(root, "")) {
      bool bicep = path.extension() == ".bicep";
      if (!bicep && path.extension() != ".json") continue;
      INFO(path.string());
      const std::string text = armfix::test::read_file(path);
      armfix::FileOutcome outcome =
          bicep ? armfix::process_bicep_text(text, options) : armfix::process_text(text, options);
      if (!outcome.changed()) continue;
      ++fixed_files;
      std::string diff = unified_diff(text, outcome.fixed_text, "t", splices_of(outcome.edits));
      CHECK(diff == unified_diff(text, outcome.fixed_text, "t"));
      std::string patched;
      CHECK(apply_unified_diff(text, diff, patched));
      CHECK(patched == outcome.fixed_text);
    }
  }
  // Clusters whose raise would drop a property (agentPoolProfiles[].storageProfile, which no
  // version with Defender has) are manual and change nothing, and so are those whose fixed
  // Defender would have a null or empty workspace under the defaults (the fixed-resource check).
  CHECK(fixed_files >= 39);
}

TEST_CASE("diff: changes spread too widely for one dtl run still get hunks of their own, as in git",
          "[diff][git]") {
  REQUIRE(git_available());  // tools/dev installs git: its absence is a failure, not a skip
  const std::string before = numbered_lines(100000);
  std::vector<TextEdit> edits;  // a comma at the end of lines 5, 15, 25 and so on
  int line = 1;
  for (std::size_t end = before.find('\n'); end != std::string::npos;
       end = before.find('\n', end + 1), ++line) {
    if (line % 10 == 5) edits.push_back({end, 0, ","});
  }
  const std::string after = apply_edits(before, edits);
  // The whole texts are one rewrite to the diff that cannot tell where they changed.
  CHECK(hunk_headers(diff_of(before, after)).size() == 1);
  std::string diff = unified_diff(before, after, "t.json", splices_of(edits));
  CHECK(hunk_headers(diff).size() == 10000);
  CHECK(diff == git_diff({{"t.json", before, after}}));
}

TEST_CASE("diff: known changes that do not fit the texts give the diff of the whole texts",
          "[diff]") {
  const std::string before = long_text(100);
  const TextEdit tenth = word_change(before, 10);
  const TextEdit twentieth = word_change(before, 20);
  const std::string after = apply_edits(before, {tenth, twentieth});
  const std::string expected = diff_of(before, after);
  auto splice = [](const TextEdit& edit) {
    return Splice{edit.offset, edit.length, edit.text.size()};
  };
  auto diff_with = [&](const std::vector<Splice>& changes) {
    return unified_diff(before, after, "t.json", changes);
  };
  CHECK(diff_with({}) == expected);
  CHECK(diff_with({splice(twentieth), splice(tenth)}) == expected);                 // unsorted
  CHECK(diff_with({splice(tenth), {tenth.offset + 1, 8, 8}}) == expected);          // overlapping
  CHECK(diff_with({splice(tenth), {before.size() + 1, 0, 0}}) == expected);         // past the end
  CHECK(diff_with({splice(tenth), {twentieth.offset, 4, 5}}) == expected);          // wrong size
  CHECK(diff_with({{0, 0, std::size_t{1} << 40}, splice(twentieth)}) == expected);  // sizes far off
  CHECK(diff_with({splice(tenth), {twentieth.offset + 400, 4, 4}}) == expected);    // wrong place
  CHECK(diff_with({{0, 0, 0}, splice(tenth), {before.size(), 0, 0}}) == expected);  // one missing
  CHECK(unified_diff(before, before, "t.json", {splice(tenth)}).empty());           // no change
  CHECK(unified_diff(before, before, "t.json", {{7, 3, 3}}).empty());
}
