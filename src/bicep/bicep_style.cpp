// Measures a Bicep file's indentation and line endings, and answers the layout questions the
// Bicep editor asks before it inserts a line.
#include "bicep/bicep_style.hpp"

#include <algorithm>
#include <map>

#include "json/style.hpp"

namespace armfix {

bool spans_lines(const BicepDocument& document, NodeId id) {
  return document.source(document.node(id).span).find_first_of("\r\n") != std::string_view::npos;
}

std::size_t start_of_line(std::string_view text, std::size_t offset) {
  while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r')
    --offset;
  return offset;
}

bool starts_its_line(std::string_view text, std::size_t offset) {
  std::size_t begin = start_of_line(text, offset);
  std::string_view before = text.substr(begin, offset - begin);
  if (begin == 0 && before.substr(0, 3) == "\xEF\xBB\xBF") before.remove_prefix(3);
  return before.find_first_not_of(" \t") == std::string_view::npos;
}

std::size_t end_of_line(const BicepDocument& document, std::size_t offset) {
  std::string_view text = document.text();
  const auto& comments = document.comments();  // in file order
  // The first comment that could hold the line break: one ending after `offset`.
  auto comment = std::lower_bound(comments.begin(), comments.end(), offset,
                                  [](const Span& c, std::size_t at) { return c.end <= at; });
  for (;;) {
    std::size_t end = text.find_first_of("\r\n", offset);
    if (end == std::string_view::npos) return text.size();
    while (comment != comments.end() && comment->end <= end)
      ++comment;
    if (comment == comments.end() || comment->begin >= end) return end;
    offset = comment->end;  // the break is inside a comment: the line goes on after it
  }
}

BicepStyle detect_bicep_style(const BicepDocument& document) {
  BicepStyle style;
  std::string_view text = document.text();

  std::size_t crlf = 0;
  std::size_t lf = 0;
  std::size_t cr = 0;  // old Mac line ends, a lone CR
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++(i > 0 && text[i - 1] == '\r' ? crlf : lf);
    } else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
      ++cr;
    }
  }
  if (crlf > lf && crlf >= cr) style.newline = "\r\n";
  if (cr > lf && cr > crlf) style.newline = "\r";

  std::map<std::string, std::size_t> steps;
  for (NodeId id = 0; id < document.node_count(); ++id) {
    const BicepNode& node = document.node(id);
    bool container = node.kind == BicepNodeKind::Object || node.kind == BicepNodeKind::Array;
    if (!container || node.first_child == kNoNode) continue;
    std::uint32_t first = document.node(node.first_child).span.begin;
    if (!starts_its_line(text, first)) continue;
    std::string_view outer = line_indent(text, node.span.begin);
    std::string_view inner = line_indent(text, first);
    if (inner.size() > outer.size() && inner.substr(0, outer.size()) == outer) {
      ++steps[std::string(inner.substr(outer.size()))];
    }
  }
  std::size_t best = 0;
  for (const auto& [step, count] : steps) {
    bool uniform = step.find_first_not_of(step[0]) == std::string::npos;
    if (uniform && count > best) {
      best = count;
      style.indent_unit = step;
    }
  }
  return style;
}

}  // namespace armfix
