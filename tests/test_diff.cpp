// Tests of the git-style unified diffs: exact output for the usual shapes of change, strict
// application, round trips over random and large inputs, and agreement with git itself.
#include "armfix/diff.hpp"

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

namespace {

using armfix::apply_unified_diff;
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
