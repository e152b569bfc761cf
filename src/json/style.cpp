// Measures a document's formatting habits, so the engine can write new text the same way.
#include "json/style.hpp"

#include "armfix/line_index.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>

namespace armfix {

namespace {

// Asked twice for every container: deep indentation is skipped eight spaces at a time.
std::string_view leading_whitespace(std::string_view line) {
  constexpr std::uint64_t kEightSpaces = 0x2020202020202020ULL;
  std::size_t n = 0;
  std::uint64_t word = 0;
  while (n + sizeof word <= line.size() &&
         (std::memcpy(&word, line.data() + n, sizeof word), word == kEightSpaces)) {
    n += sizeof word;
  }
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t'))
    ++n;
  return line.substr(0, n);
}

std::uint32_t item_begin(const Document& document, NodeId item) {
  const Node& n = document.node(item);
  return n.key.size() > 0 ? n.key.begin : n.value.begin;
}

struct Tally {
  std::size_t yes = 0;
  std::size_t no = 0;
  void count(bool value) { ++(value ? yes : no); }
  bool majority(bool fallback) const { return yes == no ? fallback : yes > no; }
};

}  // namespace

std::string_view line_indent(std::string_view text, std::size_t offset) {
  std::size_t begin = line_start(text, offset);
  return leading_whitespace(text.substr(begin));
}

// A plain loop: the standard find_first_of("\r\n") searches the two-byte set once per byte,
// which made measuring a large file's line endings most of the cost of fixing it.
std::size_t find_line_break(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') return i;
  }
  return std::string_view::npos;
}

std::string_view line_ending_at(std::string_view text, std::size_t offset,
                                std::string_view fallback) {
  std::size_t end = find_line_break(text, offset);
  if (end == std::string_view::npos) return fallback;
  if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') {
    return text.substr(end, 2);
  }
  return text.substr(end, 1);
}

bool is_single_line(const Document& document, NodeId id) {
  Span span = document.node(id).value;
  return find_line_break(document.source(span)) == std::string_view::npos;
}

Style detect_style(const Document& document) {
  Style style;
  std::string_view text = document.text();

  // The most common line break wins; a lone CR (classic Mac) counts as one too.
  const LineBreakCounts counts = count_line_breaks(text);
  const std::size_t crlf = counts.crlf;
  const std::size_t lf = counts.lf - crlf;
  const std::size_t cr = counts.cr - crlf;
  if (crlf > lf && crlf >= cr) {
    style.newline = "\r\n";
  } else if (cr > lf && cr > crlf) {
    style.newline = "\r";
  }
  style.final_newline = !text.empty() && (text.back() == '\n' || text.back() == '\r');

  std::map<std::string, std::size_t> indent_steps;  // step between a container and its items
  Tally colon_space;
  Tally trailing_comma;
  Tally object_padding;
  Tally array_padding;
  Tally comma_space;
  for (NodeId id = 0; id < document.node_count(); ++id) {
    const Node& node = document.node(id);
    if (node.key.size() > 0) colon_space.count(node.value.begin > node.key.end + 1);
    if (node.comma != kNoOffset && node.next_sibling != kNoNode) {
      std::string_view gap =
          text.substr(node.comma + 1, item_begin(document, node.next_sibling) - node.comma - 1);
      if (gap.find_first_not_of(" \t") == std::string_view::npos) comma_space.count(!gap.empty());
    }
    if (!node.is_container() || node.first_child == kNoNode) continue;
    std::uint32_t first_begin = item_begin(document, node.first_child);
    const std::size_t first_line = line_start(text, first_begin);
    const std::string_view before_first = text.substr(first_line, first_begin - first_line);
    if (leading_whitespace(before_first).size() != before_first.size()) {
      bool padded = text[node.value.begin + 1] == ' ';
      (node.kind == NodeKind::Object ? object_padding : array_padding).count(padded);
      continue;
    }
    trailing_comma.count(document.node(node.last_child).comma != kNoOffset);
    std::string_view outer = line_indent(text, node.value.begin);
    std::string_view inner = before_first;  // the first item starts its line
    if (inner.size() > outer.size() && inner.substr(0, outer.size()) == outer) {
      ++indent_steps[std::string(inner.substr(outer.size()))];
    }
  }
  std::size_t best = 0;
  for (const auto& [step, count] : indent_steps) {
    bool uniform = step.find_first_not_of(step[0]) == std::string::npos;
    if (uniform && count > best) {
      best = count;
      style.indent_unit = step;
    }
  }
  style.space_after_colon = colon_space.majority(true);
  style.trailing_commas = trailing_comma.majority(false);
  style.padded_single_line = object_padding.majority(true);
  style.padded_single_line_arrays = array_padding.majority(false);
  // A file too small to show its comma habit most likely writes commas as it writes colons.
  style.space_after_comma = comma_space.majority(style.space_after_colon);
  return style;
}

}  // namespace armfix
