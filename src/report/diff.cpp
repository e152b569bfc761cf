// Unified diffs in git's format: line edits come from dtl (run only on the lines between the
// common head and tail of the texts, or of each region around a known change), are rendered as
// git renders hunks, and are checked by applying them back, as a guard against dtl's faults on
// large inputs.
#include "report/diff.hpp"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace armfix {

namespace {

constexpr std::size_t kContextLines = 3;
// git joins two hunks when no more than twice the context separates their changes.
constexpr std::size_t kMergeGap = 2 * kContextLines;
constexpr std::string_view kNoNewlineMarker = "\\ No newline at end of file\n";
// Beyond this many lines dtl is told to reserve its path buffer up front.
constexpr std::size_t kHugeInputLines = 100000;
// dtl's work grows with (M + N) * P, P the lines of the shorter side it cannot match. Above
// this budget a rewrite gets the whole-file hunk at once instead of stalling the tool.
constexpr double kDtlWorkBudget = 4e8;

using Lines = std::vector<std::string_view>;

enum class Edit : char { kKeep, kRemove, kAdd };

// ---------------------------------------------------------------------------------------------
// Lines and common ends

std::size_t line_end(std::string_view text, std::size_t begin) {
  std::size_t newline = text.find('\n', begin);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

bool is_line_start(std::string_view text, std::size_t offset) {
  return offset == 0 || text[offset - 1] == '\n';
}

// Line by line with memchr: much faster than std::count for the usual short lines.
std::size_t count_lines(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t begin = 0; begin < text.size(); begin = line_end(text, begin))
    ++count;
  return count;
}

// Lines with their '\n' (a CR before it stays part of the line); the last may lack one.
Lines split_lines(std::string_view text) {
  Lines lines;
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = line_end(text, begin);
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

// memcmp over blocks first: multi-megabyte texts are compared at memory speed.
constexpr std::size_t kCompareBlock = 4096;

std::size_t common_prefix_bytes(std::string_view a, std::string_view b) {
  std::size_t limit = std::min(a.size(), b.size());
  std::size_t n = 0;
  while (n + kCompareBlock <= limit &&
         std::memcmp(a.data() + n, b.data() + n, kCompareBlock) == 0) {
    n += kCompareBlock;
  }
  while (n < limit && a[n] == b[n])
    ++n;
  return n;
}

std::size_t common_suffix_bytes(std::string_view a, std::string_view b, std::size_t limit) {
  const char* a_end = a.data() + a.size();
  const char* b_end = b.data() + b.size();
  std::size_t n = 0;
  while (n + kCompareBlock <= limit &&
         std::memcmp(a_end - n - kCompareBlock, b_end - n - kCompareBlock, kCompareBlock) == 0) {
    n += kCompareBlock;
  }
  while (n < limit &&
         a_end[-1 - static_cast<std::ptrdiff_t>(n)] == b_end[-1 - static_cast<std::ptrdiff_t>(n)]) {
    ++n;
  }
  return n;
}

// Bytes of the whole lines both texts start with.
std::size_t common_head(std::string_view before, std::string_view after) {
  std::size_t same = common_prefix_bytes(before, after);
  std::size_t last_newline = before.substr(0, same).rfind('\n');
  return last_newline == std::string_view::npos ? 0 : last_newline + 1;
}

// Bytes of the whole lines both texts end with, not reaching into the head.
std::size_t common_tail(std::string_view before, std::string_view after, std::size_t head) {
  std::size_t same =
      common_suffix_bytes(before, after, std::min(before.size(), after.size()) - head);
  std::size_t before_start = before.size() - same;
  if (is_line_start(before, before_start) && is_line_start(after, after.size() - same)) {
    return same;
  }
  // The tail starts after the first line break inside the common bytes: a line start in both.
  std::size_t newline = before.find('\n', before_start);
  return newline == std::string_view::npos ? 0 : before.size() - newline - 1;
}

// Up to `count` lines ending at the line start `end`, in text order.
Lines lines_before(std::string_view text, std::size_t end, std::size_t count) {
  Lines lines;
  while (lines.size() < count && end > 0) {
    std::size_t begin = end - 1;
    while (begin > 0 && text[begin - 1] != '\n')
      --begin;
    lines.push_back(text.substr(begin, end - begin));
    end = begin;
  }
  std::reverse(lines.begin(), lines.end());
  return lines;
}

// Up to `count` lines starting at the line start `begin`.
Lines lines_after(std::string_view text, std::size_t begin, std::size_t count) {
  Lines lines;
  while (lines.size() < count && begin < text.size()) {
    std::size_t end = line_end(text, begin);
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Edit script of the changed middle

// git lists the removed lines of a change before the added ones; dtl may interleave them.
void put_removals_first(std::vector<Edit>& edits) {
  auto run = edits.begin();
  while (run != edits.end()) {
    run = std::find_if(run, edits.end(), [](Edit e) { return e != Edit::kKeep; });
    auto run_end = std::find(run, edits.end(), Edit::kKeep);
    auto removals = std::count(run, run_end, Edit::kRemove);
    std::fill(run, run + removals, Edit::kRemove);
    std::fill(run + removals, run_end, Edit::kAdd);
    run = run_end;
  }
}

// A lower bound on P: lines of the shorter side without an equal line on the other side.
// Counting hashes in a table is cheap; its collisions only add matches, keeping it a bound.
std::size_t unmatched_lines_lower_bound(const Lines& old_lines, const Lines& new_lines) {
  std::vector<std::uint32_t> counts(2 * old_lines.size() + 1);
  std::hash<std::string_view> hash;
  for (std::string_view line : old_lines)
    ++counts[hash(line) % counts.size()];
  std::size_t matchable = 0;
  for (std::string_view line : new_lines) {
    std::uint32_t& count = counts[hash(line) % counts.size()];
    if (count > 0) {
      --count;
      ++matchable;
    }
  }
  return std::min(old_lines.size(), new_lines.size()) - matchable;
}

bool too_costly_for_dtl(const Lines& old_lines, const Lines& new_lines) {
  auto total = static_cast<double>(old_lines.size() + new_lines.size());
  if (total * total / 2 <= kDtlWorkBudget) return false;  // cheap to diff whatever P is
  return total * static_cast<double>(unmatched_lines_lower_bound(old_lines, new_lines)) >
         kDtlWorkBudget;
}

// The edit script dtl computes, or nothing when it does not account for every line exactly.
// Lines go to dtl as string_views into the texts: dtl copies its sequences and the elements of
// its edit script, and with std::string that meant four allocations per line.
std::optional<std::vector<Edit>> dtl_edits(const Lines& old_lines, const Lines& new_lines) {
  dtl::Diff<std::string_view, Lines> diff(old_lines, new_lines);
  if (old_lines.size() + new_lines.size() > kHugeInputLines) diff.onHuge();
  diff.compose();

  std::vector<Edit> edits;
  std::size_t old_used = 0;
  std::size_t new_used = 0;
  const auto script = diff.getSes().getSequence();
  edits.reserve(script.size());
  for (const auto& step : script) {
    edits.push_back(step.second.type == dtl::SES_COMMON   ? Edit::kKeep
                    : step.second.type == dtl::SES_DELETE ? Edit::kRemove
                                                          : Edit::kAdd);
    old_used += edits.back() != Edit::kAdd;
    new_used += edits.back() != Edit::kRemove;
  }
  if (old_used != old_lines.size() || new_used != new_lines.size()) return std::nullopt;
  return edits;
}

// How dtl is to see the lines it compares. It runs from the shorter side to the longer one
// (from the new side when they are as long), and among equally short scripts its pick depends
// on that and on the difference in length. A region of larger texts is shown to it as in the
// diff of the whole texts: with lines that match nothing at the end of one side, and with the
// old side first when that diff has it first.
struct DtlShape {
  std::ptrdiff_t extra_new_lines = 0;  // at the end of the new side, or the old when negative
  bool old_side_first = false;         // of two sides as long
};

// `lines` and `count` lines after them that equal no line of a text, as every line of a text
// has at least one byte.
Lines with_unmatched_lines(const Lines& lines, std::size_t count) {
  Lines extended(lines);
  extended.insert(extended.end(), count, std::string_view());
  return extended;
}

// Drops the edits of the last `count` lines of one side, those `with_unmatched_lines` added.
void drop_last(std::vector<Edit>& edits, Edit side, std::size_t count) {
  auto first = edits.end();
  for (std::size_t found = 0; found < count; found += *first == side)
    --first;
  edits.erase(std::remove(first, edits.end(), side), edits.end());
}

Edit reversed(Edit edit) {
  return edit == Edit::kAdd ? Edit::kRemove : edit == Edit::kRemove ? Edit::kAdd : Edit::kKeep;
}

std::optional<std::vector<Edit>> dtl_edits_in_order(const Lines& old_lines, const Lines& new_lines,
                                                    bool old_side_first) {
  if (!old_side_first || old_lines.size() != new_lines.size()) {
    return dtl_edits(old_lines, new_lines);
  }
  // Of two sequences as long, dtl runs from the second: from the old side when given the sides
  // the other way round. Its script then turns the new side into the old.
  std::optional<std::vector<Edit>> edits = dtl_edits(new_lines, old_lines);
  if (edits) std::transform(edits->begin(), edits->end(), edits->begin(), reversed);
  return edits;
}

std::optional<std::vector<Edit>> dtl_edits_shaped(const Lines& old_lines, const Lines& new_lines,
                                                  const DtlShape& shape) {
  if (shape.extra_new_lines == 0) {
    return dtl_edits_in_order(old_lines, new_lines, shape.old_side_first);
  }
  auto extra = static_cast<std::size_t>(std::abs(shape.extra_new_lines));
  Edit side = shape.extra_new_lines > 0 ? Edit::kAdd : Edit::kRemove;
  std::optional<std::vector<Edit>> edits =
      side == Edit::kAdd ? dtl_edits_in_order(old_lines, with_unmatched_lines(new_lines, extra),
                                              shape.old_side_first)
                         : dtl_edits_in_order(with_unmatched_lines(old_lines, extra), new_lines,
                                              shape.old_side_first);
  if (edits) drop_last(*edits, side, extra);
  return edits;
}

std::optional<std::vector<Edit>> middle_edits(const Lines& old_lines, const Lines& new_lines,
                                              const DtlShape& shape) {
  if (old_lines.empty() || new_lines.empty()) {
    std::vector<Edit> edits(old_lines.size(), Edit::kRemove);
    edits.insert(edits.end(), new_lines.size(), Edit::kAdd);
    return edits;
  }
  if (too_costly_for_dtl(old_lines, new_lines)) return std::nullopt;
  std::optional<std::vector<Edit>> edits = dtl_edits_shaped(old_lines, new_lines, shape);
  if (edits) put_removals_first(*edits);
  return edits;
}

// ---------------------------------------------------------------------------------------------
// The window: changed lines plus the unchanged lines around them that can serve as context

struct Window {
  Lines old_lines;
  Lines new_lines;
  std::vector<Edit> edits;
  std::size_t first_old_line = 1;  // numbers of the window's first old and new lines
  std::size_t first_new_line = 1;
  std::size_t first_offset = 0;  // offset of the window's first old line in `before`
};

void add_context(Window& window, const Lines& lines) {
  window.old_lines.insert(window.old_lines.end(), lines.begin(), lines.end());
  window.new_lines.insert(window.new_lines.end(), lines.begin(), lines.end());
  window.edits.insert(window.edits.end(), lines.size(), Edit::kKeep);
}

// What dtl is shown of two texts: the lines between their common head and tail. Of a region of
// larger texts it is shown only what the diff of those would show it.
struct DtlView {
  bool trim_head = true;
  bool trim_tail = true;
  DtlShape shape;
};

// Nothing when the edits of the changed middle cannot be trusted or afforded.
std::optional<Window> diff_window(std::string_view before, std::string_view after,
                                  const DtlView& view = {}) {
  std::size_t head = view.trim_head ? common_head(before, after) : 0;
  std::size_t tail = view.trim_tail ? common_tail(before, after, head) : 0;
  Lines old_middle = split_lines(before.substr(head, before.size() - tail - head));
  Lines new_middle = split_lines(after.substr(head, after.size() - tail - head));
  std::optional<std::vector<Edit>> edits = middle_edits(old_middle, new_middle, view.shape);
  if (!edits) return std::nullopt;

  Window window;
  Lines leading = lines_before(before, head, kContextLines);
  window.first_old_line = count_lines(before.substr(0, head)) - leading.size() + 1;
  window.first_new_line = window.first_old_line;
  window.first_offset =
      leading.empty() ? head : static_cast<std::size_t>(leading.front().data() - before.data());
  add_context(window, leading);
  window.old_lines.insert(window.old_lines.end(), old_middle.begin(), old_middle.end());
  window.new_lines.insert(window.new_lines.end(), new_middle.begin(), new_middle.end());
  window.edits.insert(window.edits.end(), edits->begin(), edits->end());
  add_context(window, lines_after(before, before.size() - tail, kContextLines));
  return window;
}

// ---------------------------------------------------------------------------------------------
// Rendering

struct EditRange {
  std::size_t begin;
  std::size_t end;
};

// Runs of changes, joined where git would put them in one hunk.
std::vector<EditRange> change_groups(const std::vector<Edit>& edits) {
  std::vector<EditRange> groups;
  for (std::size_t i = 0; i < edits.size();) {
    if (edits[i] == Edit::kKeep) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < edits.size() && edits[end] != Edit::kKeep)
      ++end;
    if (!groups.empty() && i - groups.back().end <= kMergeGap) {
      groups.back().end = end;
    } else {
      groups.push_back({i, end});
    }
    i = end;
  }
  return groups;
}

std::vector<EditRange> hunk_ranges(const std::vector<Edit>& edits) {
  std::vector<EditRange> ranges = change_groups(edits);
  for (EditRange& range : ranges) {
    range.begin -= std::min(range.begin, kContextLines);
    range.end = std::min(edits.size(), range.end + kContextLines);
  }
  return ranges;
}

bool needs_quoting(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
}

void append_quoted_char(std::string& out, unsigned char c) {
  static constexpr std::string_view kNamedEscapes = "abtnvfr";  // for bytes 7 to 13
  if (c == '"' || c == '\\') {
    out += '\\';
    out += static_cast<char>(c);
  } else if (c >= '\a' && c <= '\r') {
    out += '\\';
    out += kNamedEscapes[c - '\a'];
  } else if (needs_quoting(c)) {
    out += '\\';
    out += static_cast<char>('0' + (c >> 6));
    out += static_cast<char>('0' + ((c >> 3) & 7));
    out += static_cast<char>('0' + (c & 7));
  } else {
    out += static_cast<char>(c);
  }
}

// `prefix` + `path` as git prints it: C-quoted when the path has special or non-ASCII bytes.
std::string git_path(std::string_view prefix, std::string_view path) {
  std::string name(prefix);
  if (std::none_of(path.begin(), path.end(),
                   [](char c) { return needs_quoting(static_cast<unsigned char>(c)); })) {
    return name.append(path);
  }
  std::string quoted = "\"" + name;
  for (char c : path)
    append_quoted_char(quoted, static_cast<unsigned char>(c));
  return quoted + '"';
}

std::string file_header(std::string_view path) {
  std::string old_name = git_path("a/", path);
  std::string new_name = git_path("b/", path);
  // git ends the ---/+++ lines with a tab when the name has a space, to delimit it.
  std::string_view name_end = path.find(' ') == std::string_view::npos ? "" : "\t";
  std::string header = "diff --git " + old_name + ' ' + new_name + '\n';
  header.append("--- ").append(old_name).append(name_end).append("\n");
  header.append("+++ ").append(new_name).append(name_end).append("\n");
  return header;
}

// `first` is the number the range's first line has (or would have, when `count` is 0).
void append_line_range(std::string& out, std::size_t first, std::size_t count) {
  // An empty range names the line before it, as in GNU diff and git.
  out += std::to_string(count == 0 ? first - 1 : first);
  if (count != 1) out.append(",").append(std::to_string(count));
}

void append_hunk_header(std::string& out, std::size_t old_first, std::size_t old_count,
                        std::size_t new_first, std::size_t new_count,
                        std::string_view heading = {}) {
  std::size_t header_start = out.size();
  out += "@@ -";
  append_line_range(out, old_first, old_count);
  out += " +";
  append_line_range(out, new_first, new_count);
  out += " @@";
  if (!heading.empty()) {
    out += ' ';
    // git formats the header in a 128-byte buffer, newline included.
    std::size_t room = 127 - (out.size() - header_start);
    out += heading.substr(0, room);
  }
  out += '\n';
}

// git's default hunk heading: the last line above the hunk that starts like an identifier
// (a letter, '_' or '$'), cut to 80 bytes, trailing whitespace dropped. JSON never has one.
class HeadingFinder {
 public:
  explicit HeadingFinder(std::string_view text) : text_(text) {}

  // For hunks in order: `offset` is the first old line of the hunk and never decreases.
  std::string_view heading_above(std::size_t offset) {
    for (; scanned_ < offset; scanned_ = line_end(text_, scanned_)) {
      if (starts_like_identifier(text_[scanned_])) heading_ = trimmed(scanned_);
    }
    return heading_;
  }

 private:
  static bool starts_like_identifier(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }

  std::string_view trimmed(std::size_t line_start) const {
    std::string_view line = text_.substr(line_start, line_end(text_, line_start) - line_start);
    line = line.substr(0, 80);
    while (!line.empty() &&
           std::string_view(" \t\r\n").find(line.back()) != std::string_view::npos) {
      line.remove_suffix(1);
    }
    return line;
  }

  std::string_view text_;
  std::size_t scanned_ = 0;  // a line start: the lines above it have been looked at
  std::string_view heading_;
};

void append_hunk_line(std::string& out, char tag, std::string_view line) {
  out += tag;
  out += line;
  if (line.back() != '\n') out.append("\n").append(kNoNewlineMarker);
}

// A position in a window: the next edit and the old and new lines it concerns.
struct WindowCursor {
  std::size_t edit = 0;
  std::size_t old_index = 0;
  std::size_t new_index = 0;
  std::size_t old_offset = 0;  // of the old line in `before`
};

// Moves past one edit, returning the tag and line it prints in a hunk.
std::pair<char, std::string_view> step(const Window& window, WindowCursor& at) {
  switch (window.edits[at.edit++]) {
    case Edit::kKeep:
      ++at.new_index;
      at.old_offset += window.old_lines[at.old_index].size();
      return {' ', window.old_lines[at.old_index++]};
    case Edit::kRemove:
      at.old_offset += window.old_lines[at.old_index].size();
      return {'-', window.old_lines[at.old_index++]};
    case Edit::kAdd:
      break;
  }
  return {'+', window.new_lines[at.new_index++]};
}

void append_hunk(std::string& out, const Window& window, EditRange range, WindowCursor& at,
                 std::string_view heading) {
  auto first = window.edits.begin() + static_cast<std::ptrdiff_t>(range.begin);
  auto last = window.edits.begin() + static_cast<std::ptrdiff_t>(range.end);
  auto adds = static_cast<std::size_t>(std::count(first, last, Edit::kAdd));
  auto removals = static_cast<std::size_t>(std::count(first, last, Edit::kRemove));
  std::size_t length = range.end - range.begin;
  append_hunk_header(out, window.first_old_line + at.old_index, length - adds,
                     window.first_new_line + at.new_index, length - removals, heading);
  while (at.edit < range.end) {
    auto [tag, line] = step(window, at);
    append_hunk_line(out, tag, line);
  }
}

// `headings` looks at all of `before`: windows come in order, each beyond the one before.
void append_hunks(std::string& out, const Window& window, HeadingFinder& headings) {
  WindowCursor at;
  at.old_offset = window.first_offset;
  for (EditRange range : hunk_ranges(window.edits)) {
    while (at.edit < range.begin)
      step(window, at);
    append_hunk(out, window, range, at, headings.heading_above(at.old_offset));
  }
}

// One hunk replacing every line: correct by construction, used when the edit script is not.
void append_whole_file_hunk(std::string& out, std::string_view before, std::string_view after) {
  Lines old_lines = split_lines(before);
  Lines new_lines = split_lines(after);
  append_hunk_header(out, 1, old_lines.size(), 1, new_lines.size());
  for (std::string_view line : old_lines)
    append_hunk_line(out, '-', line);
  for (std::string_view line : new_lines)
    append_hunk_line(out, '+', line);
}

// ---------------------------------------------------------------------------------------------
// Regions: when the changes are known, each is diffed with only the lines around it

// Unchanged lines a region keeps on each side of its changes. The changes of two regions that
// do not touch are then more than kMergeGap lines apart, so their hunks stay apart as in the
// whole texts' diff, and every hunk finds its context inside its region.
constexpr std::size_t kRegionPadding = kContextLines + 1;
// A change whose lines repeat those around it can slide into the padding: the regions are
// then made again this many times wider, up to the largest padding.
constexpr std::size_t kRegionPaddingGrowth = 32;
constexpr std::size_t kMaxRegionPadding =
    kRegionPadding * kRegionPaddingGrowth * kRegionPaddingGrowth;

// Lines of `before` that changes touch, and the lines of `after` in their place: outside the
// regions both texts have the same lines.
struct Region {
  std::size_t old_begin = 0;  // line starts in `before`, or its end
  std::size_t old_end = 0;
  std::size_t new_begin = 0;  // the same places in `after`
  std::size_t new_end = 0;
};

// Whether `changes` can describe how `after` came from `before`: sorted, apart, inside
// `before`, and making up the difference in size. That they are right is checked later.
bool changes_fit(std::string_view before, std::string_view after,
                 const std::vector<Splice>& changes) {
  std::size_t next_free = 0;
  std::size_t removed = 0;
  std::size_t inserted = 0;
  for (const Splice& change : changes) {
    if (change.offset < next_free || change.offset > before.size() ||
        change.length > before.size() - change.offset) {
      return false;
    }
    next_free = change.offset + change.length;
    removed += change.length;
    inserted += change.inserted;
  }
  return !changes.empty() && before.size() - removed + inserted == after.size();
}

// The start of the line that holds `offset`.
std::size_t line_start(std::string_view text, std::size_t offset) {
  std::size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// The line start `count` lines above the line start `begin`, or 0.
std::size_t lines_up(std::string_view text, std::size_t begin, std::size_t count) {
  for (; count > 0 && begin > 0; --count)
    begin = line_start(text, begin - 1);
  return begin;
}

// The line start `count` lines below the line start `end`, or the end of the text.
std::size_t lines_down(std::string_view text, std::size_t end, std::size_t count) {
  for (; count > 0 && end < text.size(); --count)
    end = line_end(text, end);
  return end;
}

// The regions of `changes` with `padding` lines around each, merged where they touch. A region
// ends after the line holding a change's end, so that the next line starts a line in both texts
// whatever the change inserted.
std::vector<Region> change_regions(std::string_view before, const std::vector<Splice>& changes,
                                   std::size_t padding) {
  std::vector<Region> regions;
  std::size_t inserted = 0;  // by the changes so far: an old offset plus these, less the
  std::size_t removed = 0;   // removed bytes, is the same place in `after`
  for (const Splice& change : changes) {
    std::size_t begin = lines_up(before, line_start(before, change.offset), padding);
    std::size_t new_begin = begin + inserted - removed;
    inserted += change.inserted;
    removed += change.length;
    std::size_t end = lines_down(before, line_end(before, change.offset + change.length), padding);
    std::size_t new_end = end + inserted - removed;
    if (!regions.empty() && begin <= regions.back().old_end) {
      regions.back().old_end = end;
      regions.back().new_end = new_end;
    } else {
      regions.push_back({begin, end, new_begin, new_end});
    }
  }
  return regions;
}

bool is_change(Edit edit) {
  return edit != Edit::kKeep;
}

// Unchanged old lines of the diffed texts above the window's first change.
std::size_t unchanged_lines_above(const Window& window) {
  auto first_change = std::find_if(window.edits.begin(), window.edits.end(), is_change);
  return window.first_old_line - 1 + static_cast<std::size_t>(first_change - window.edits.begin());
}

// Unchanged old lines of the diffed texts below the window's last change.
std::size_t unchanged_lines_below(const Window& window, std::size_t old_line_count) {
  auto last_change = std::find_if(window.edits.rbegin(), window.edits.rend(), is_change);
  std::size_t window_end = window.first_old_line - 1 + window.old_lines.size();
  return old_line_count - window_end +
         static_cast<std::size_t>(last_change - window.edits.rbegin());
}

// A region's lines in both texts.
struct RegionText {
  std::string_view old_text;
  std::string_view new_text;
  std::size_t old_lines = 0;
  std::size_t new_lines = 0;

  bool changed() const { return old_text != new_text; }
  std::ptrdiff_t lines_gained() const {
    return static_cast<std::ptrdiff_t>(new_lines) - static_cast<std::ptrdiff_t>(old_lines);
  }
};

// Diffs the regions in order as the whole texts' diff would see them. That diff trims the
// common head and tail of the texts, that is before the first changed region and after the
// last, and runs dtl on all in between: among equally short scripts for a region, dtl picks one
// by the difference in length of the sequences as a whole, seen from where the region starts.
class RegionDiffer {
 public:
  RegionDiffer(std::string_view before, std::string_view after, std::vector<Region> regions)
      : before_(before), regions_(std::move(regions)), headings_(before) {
    texts_.reserve(regions_.size());
    for (const Region& region : regions_) {
      RegionText text;
      text.old_text = before.substr(region.old_begin, region.old_end - region.old_begin);
      text.new_text = after.substr(region.new_begin, region.new_end - region.new_begin);
      text.old_lines = count_lines(text.old_text);
      text.new_lines = count_lines(text.new_text);
      lines_gained_ += text.lines_gained();
      if (text.changed()) {
        first_changed_ = std::min(first_changed_, texts_.size());
        last_changed_ = texts_.size();
      }
      texts_.push_back(text);
    }
  }

  // Appends the hunks of all regions, numbered and headed as in the whole texts. False when an
  // edit script cannot be trusted, or when a change reaches into the padding: then hunks of
  // neighbouring regions could belong together, or lack context.
  bool append_all(std::string& out) {
    std::size_t old_offset = 0;  // the end of the last region in `before`, a line start
    std::size_t old_line = 1;    // its number
    std::size_t new_line = 1;    // the number of the same line in `after`
    std::ptrdiff_t lines_gained_so_far = 0;
    for (std::size_t i = 0; i < regions_.size(); ++i) {
      const Region& region = regions_[i];
      const RegionText& text = texts_[i];
      std::size_t unchanged_lines =
          count_lines(before_.substr(old_offset, region.old_begin - old_offset));
      old_line += unchanged_lines;
      new_line += unchanged_lines;
      if (text.changed()) {
        std::optional<Window> window =
            diff_window(text.old_text, text.new_text, dtl_view(i, lines_gained_so_far));
        if (!window || !keeps_padding(*window, region, text)) return false;
        window->first_old_line += old_line - 1;
        window->first_new_line += new_line - 1;
        window->first_offset += region.old_begin;
        append_hunks(out, *window, headings_);
      }
      old_offset = region.old_end;
      old_line += text.old_lines;
      new_line += text.new_lines;
      lines_gained_so_far += text.lines_gained();
    }
    return true;
  }

 private:
  DtlView dtl_view(std::size_t index, std::ptrdiff_t lines_gained_so_far) const {
    DtlView view;
    view.trim_head = index == first_changed_;
    view.trim_tail = index == last_changed_;
    // dtl sees the lines from here on as the region with what the later ones gain. That can
    // only be shown to it from the side the whole texts' diff starts from, the shorter one.
    std::ptrdiff_t gained_from_here = lines_gained_ - lines_gained_so_far;
    bool old_side_first = lines_gained_ > 0;
    if (old_side_first ? gained_from_here >= 0 : gained_from_here <= 0) {
      view.shape.extra_new_lines = gained_from_here - texts_[index].lines_gained();
      view.shape.old_side_first = old_side_first;
    }
    return view;
  }

  bool keeps_padding(const Window& window, const Region& region, const RegionText& text) const {
    bool room_above = region.old_begin == 0 || unchanged_lines_above(window) >= kRegionPadding;
    bool room_below = region.old_end == before_.size() ||
                      unchanged_lines_below(window, text.old_lines) >= kRegionPadding;
    return room_above && room_below;
  }

  std::string_view before_;
  std::vector<Region> regions_;
  std::vector<RegionText> texts_;
  HeadingFinder headings_;
  std::ptrdiff_t lines_gained_ = 0;  // by the new text, over all regions
  std::size_t first_changed_ = std::numeric_limits<std::size_t>::max();
  std::size_t last_changed_ = 0;
};

// The diff region by region, with the narrowest padding that every change keeps clear of.
std::optional<std::string> region_diff(std::string_view before, std::string_view after,
                                       std::string_view path, const std::vector<Splice>& changes) {
  for (std::size_t padding = kRegionPadding; padding <= kMaxRegionPadding;
       padding *= kRegionPaddingGrowth) {
    std::string diff = file_header(path);
    RegionDiffer differ(before, after, change_regions(before, changes, padding));
    if (differ.append_all(diff)) return diff;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Applying

// Hands out the lines of a diff, each with its '\n' when it has one.
class DiffReader {
 public:
  explicit DiffReader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  std::string_view peek() const { return text_.substr(pos_, line_end(text_, pos_) - pos_); }
  std::string_view next() {
    std::string_view line = peek();
    pos_ += line.size();
    return line;
  }
  bool next_starts_with(std::string_view prefix) const {
    return peek().substr(0, prefix.size()) == prefix;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// `diff --git`, an optional `index` line (as git writes), then the `---` and `+++` lines.
bool skip_file_header(DiffReader& reader) {
  if (!reader.next_starts_with("diff --git ")) return false;
  reader.next();
  if (reader.next_starts_with("index ")) reader.next();
  if (!reader.next_starts_with("--- ")) return false;
  reader.next();
  if (!reader.next_starts_with("+++ ")) return false;
  reader.next();
  return true;
}

struct HunkHeader {
  std::size_t old_start = 0;
  std::size_t old_count = 1;
  std::size_t new_start = 0;
  std::size_t new_count = 1;
};

// Parses "<start>[,<count>]" at the front of `text` and drops it from `text`.
bool parse_line_range(std::string_view& text, std::size_t& start, std::size_t& count) {
  const char* end = text.data() + text.size();
  auto parsed = std::from_chars(text.data(), end, start);
  if (parsed.ec != std::errc()) return false;
  if (parsed.ptr != end && *parsed.ptr == ',') {
    parsed = std::from_chars(parsed.ptr + 1, end, count);
    if (parsed.ec != std::errc()) return false;
  }
  text.remove_prefix(static_cast<std::size_t>(parsed.ptr - text.data()));
  return true;
}

bool consume(std::string_view& text, std::string_view expected) {
  if (text.substr(0, expected.size()) != expected) return false;
  text.remove_prefix(expected.size());
  return true;
}

// "@@ -l[,s] +l[,s] @@", possibly followed by a section heading as git adds.
bool parse_hunk_header(std::string_view line, HunkHeader& header) {
  if (!consume(line, "@@ -") || !parse_line_range(line, header.old_start, header.old_count) ||
      !consume(line, " +") || !parse_line_range(line, header.new_start, header.new_count) ||
      !consume(line, " @@")) {
    return false;
  }
  if (line.empty() || line.back() != '\n') return false;
  return line.size() == 1 || line.front() == ' ';
}

// Receives the patched text: builds it, or only compares it with the text it should be, which
// verifies a diff of a huge file without writing (and page-faulting in) a copy of it.
class PatchedText {
 public:
  static PatchedText built_in(std::string& text) {
    text.clear();
    PatchedText patched;
    patched.built_ = &text;
    return patched;
  }
  static PatchedText compared_with(std::string_view expected) {
    PatchedText patched;
    patched.expected_ = expected;
    return patched;
  }

  // Fails on a mismatch, and on text after a last line without '\n'.
  bool append(std::string_view text) {
    if (text.empty()) return true;
    if (last_char_ != '\n') return false;
    if (built_ != nullptr) {
      built_->append(text);
    } else if (expected_.substr(size_, text.size()) != text) {
      return false;
    }
    size_ += text.size();
    last_char_ = text.back();
    return true;
  }

  // Whether all of the expected text has been produced (always, when building).
  bool complete() const { return built_ != nullptr || size_ == expected_.size(); }

 private:
  PatchedText() = default;

  std::string* built_ = nullptr;
  std::string_view expected_;
  std::size_t size_ = 0;
  char last_char_ = '\n';  // '\n' before anything is written
};

// Produces `after` from `before` and hunk lines, checking every line the diff claims to see.
class Patcher {
 public:
  Patcher(std::string_view before, PatchedText& after) : before_(before), after_(after) {}

  std::size_t next_old_line() const { return old_line_; }
  std::size_t next_new_line() const { return new_line_; }

  // Copies the unchanged lines up to (not including) old line `line`.
  bool copy_until(std::size_t line) {
    if (line < old_line_) return false;  // hunks out of order or overlapping
    std::size_t begin = pos_;
    for (; old_line_ < line; ++old_line_, ++new_line_) {
      if (pos_ == before_.size()) return false;
      pos_ = line_end(before_, pos_);
    }
    return after_.append(before_.substr(begin, pos_ - begin));
  }

  bool keep(std::string_view line) { return take(line) && add(line); }
  bool remove(std::string_view line) { return take(line); }
  bool add(std::string_view line) {
    if (!after_.append(line)) return false;
    ++new_line_;
    return true;
  }

  bool finish() { return after_.append(before_.substr(pos_)); }

 private:
  // Consumes the next old line, which must be `line` byte for byte.
  bool take(std::string_view line) {
    std::size_t end = line_end(before_, pos_);
    if (pos_ == before_.size() || before_.substr(pos_, end - pos_) != line) return false;
    pos_ = end;
    ++old_line_;
    return true;
  }

  std::string_view before_;
  PatchedText& after_;
  std::size_t pos_ = 0;       // offset of the next old line in before_
  std::size_t old_line_ = 1;  // its number
  std::size_t new_line_ = 1;  // number of the next line of after_
};

// The line of a hunk body without its tag: its '\n' goes when a no-newline marker follows.
bool read_body_line(DiffReader& reader, char& tag, std::string_view& line) {
  std::string_view raw = reader.next();
  if (raw.size() < 2 || raw.back() != '\n') return false;
  tag = raw.front();
  line = raw.substr(1);
  if (reader.next_starts_with("\\ ")) {
    reader.next();
    line.remove_suffix(1);
  }
  return !line.empty();
}

bool apply_hunk(const HunkHeader& header, DiffReader& reader, Patcher& patcher) {
  if (header.old_count == 0 && header.new_count == 0) return false;
  if (header.old_count > 0 && header.old_start == 0) return false;
  if (header.new_count > 0 && header.new_start == 0) return false;
  // An empty range names the line before it.
  std::size_t old_first = header.old_count > 0 ? header.old_start : header.old_start + 1;
  std::size_t new_first = header.new_count > 0 ? header.new_start : header.new_start + 1;
  if (!patcher.copy_until(old_first) || patcher.next_new_line() != new_first) return false;

  std::size_t old_left = header.old_count;
  std::size_t new_left = header.new_count;
  while (old_left > 0 || new_left > 0) {
    char tag = 0;
    std::string_view line;
    if (reader.at_end() || !read_body_line(reader, tag, line)) return false;
    bool ok = false;
    if (tag == ' ' && old_left > 0 && new_left > 0) {
      ok = patcher.keep(line);
      --old_left;
      --new_left;
    } else if (tag == '-' && old_left > 0) {
      ok = patcher.remove(line);
      --old_left;
    } else if (tag == '+' && new_left > 0) {
      ok = patcher.add(line);
      --new_left;
    }
    if (!ok) return false;
  }
  return true;
}

bool apply_diff(std::string_view before, std::string_view diff, PatchedText& after) {
  if (diff.empty()) return after.append(before);
  DiffReader reader(diff);
  if (!skip_file_header(reader) || reader.at_end()) return false;
  Patcher patcher(before, after);
  while (!reader.at_end()) {
    HunkHeader header;
    if (!parse_hunk_header(reader.next(), header) || !apply_hunk(header, reader, patcher)) {
      return false;
    }
  }
  return patcher.finish();
}

// apply_unified_diff(before, diff, patched) && patched == after, without building `patched`.
bool diff_reproduces(std::string_view before, std::string_view diff, std::string_view after) {
  PatchedText patched = PatchedText::compared_with(after);
  return apply_diff(before, diff, patched) && patched.complete();
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view path) {
  if (before == after) return {};
  std::string diff = file_header(path);
  std::optional<Window> window = diff_window(before, after);
  if (window) {
    HeadingFinder headings(before);
    append_hunks(diff, *window, headings);
    if (diff_reproduces(before, diff, after)) return diff;
  }
  // dtl's script can be wrong on large inputs it splits (cubicdaiya/dtl#19), or too costly.
  diff = file_header(path);
  append_whole_file_hunk(diff, before, after);
  return diff;
}

std::string unified_diff(std::string_view before, std::string_view after, std::string_view path,
                         const std::vector<Splice>& changes) {
  if (changes_fit(before, after, changes)) {
    // Wrong changes give a diff that fails here, and so do changes that leave the text as it
    // was: their diff has no hunk.
    std::optional<std::string> diff = region_diff(before, after, path, changes);
    if (diff && diff_reproduces(before, *diff, after)) return *std::move(diff);
  }
  return unified_diff(before, after, path);
}

bool apply_unified_diff(std::string_view before, std::string_view diff, std::string& after) {
  PatchedText patched = PatchedText::built_in(after);
  after.reserve(before.size());
  return apply_diff(before, diff, patched);
}

}  // namespace armfix
