// The properties the Bicep reader and pipeline keep on any input: the oracle of
// fuzz/fuzz_bicep.cpp and of the tests that replay real files through it.
//
// Each check returns a description of the first property the input violates, or nothing.
// Header-only, so the test suite (g++) and the fuzzer (clang) share one copy.
#pragma once

#include <string>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "bicep/bicep_document.hpp"
#include "property_checks.hpp"

namespace armfix::fuzz {

namespace bicep_detail {

// A gap between top-level declarations holds only what the reader keeps outside nodes: white
// space, line breaks, comments, `#` directives and, at the start, the byte order mark.
inline Problem check_gap(const BicepDocument& doc, std::size_t begin, std::size_t end) {
  const std::string& text = doc.text();
  std::size_t i = begin;
  if (i == 0 && doc.has_bom()) i = 3;
  while (i < end) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    bool in_comment = false;
    for (const Span& comment : doc.comments()) {
      if (comment.begin == i) {
        if (comment.end > end) return "a comment runs into a declaration" + detail::at_offset(i);
        i = comment.end;
        in_comment = true;
        break;
      }
    }
    if (in_comment) continue;
    if (c == '#') {
      while (i < end && text[i] != '\r' && text[i] != '\n')
        ++i;
      continue;
    }
    return "a byte outside every declaration, comment and directive" + detail::at_offset(i);
  }
  return std::nullopt;
}

inline Problem check_tree(const BicepDocument& doc) {
  const std::size_t size = doc.text().size();
  for (NodeId id = 0; id < doc.node_count(); ++id) {
    const BicepNode& node = doc.node(id);
    if (node.span.begin > node.span.end || node.span.end > size) {
      return "a node's span leaves the text" + detail::at_offset(node.span.begin);
    }
    if (id != doc.root() && node.parent == kNoNode) {
      return "a node without a parent" + detail::at_offset(node.span.begin);
    }
    std::uint32_t previous_end = node.span.begin;
    std::size_t count = 0;
    for (NodeId child : doc.children(id)) {
      const BicepNode& c = doc.node(child);
      if (c.parent != id)
        return "a child does not name its parent" + detail::at_offset(c.span.begin);
      if (c.span.begin < previous_end || c.span.end > node.span.end) {
        return "children overlap or leave their parent" + detail::at_offset(c.span.begin);
      }
      previous_end = c.span.end;
      ++count;
    }
    if (count != node.child_count) return "child_count disagrees with the children";
    // The accessors answer for every node without failing.
    (void)doc.key(id);
    (void)doc.string_value(id);
    (void)doc.call_arguments(id);
    (void)doc.call_name(id);
    (void)doc.body_object(id);
    Position at = doc.position(node.span.begin);
    if (at.line < 1 || at.column < 1) return "a position at line or column 0";
  }
  std::size_t at = 0;
  for (NodeId declaration : doc.children(doc.root())) {
    const Span span = doc.node(declaration).span;
    if (doc.node(declaration).kind != BicepNodeKind::Declaration)
      return "a top-level non-declaration";
    if (auto problem = check_gap(doc, at, span.begin)) return problem;
    if (doc.find_declaration(doc.symbol(declaration)) == kNoNode &&
        !doc.symbol(declaration).empty()) {
      return "find_declaration misses a declared symbol";
    }
    at = span.end;
  }
  return check_gap(doc, at, size);
}

inline std::vector<std::string> comment_texts(const BicepDocument& doc) {
  std::vector<std::string> texts;
  for (const Span& comment : doc.comments())
    texts.emplace_back(doc.source(comment));
  return texts;
}

}  // namespace bicep_detail

// The lossless Bicep reader: an error points inside the input with the position of its offset;
// a document keeps the bytes, and its tree is well formed and covers the file.
inline Problem check_bicep_document(const std::string& text) {
  auto parsed = BicepDocument::parse(text);
  if (!parsed) {
    const SourceError& error = parsed.error();
    if (error.offset > text.size()) return "the error points past the end of the input";
    Position expected = position_of(text, error.offset);
    if (error.position.line != expected.line || error.position.column != expected.column) {
      return "the error's line and column do not match its offset";
    }
    if (error.message.empty()) return "an error without a message";
    return std::nullopt;
  }
  if (parsed.value().text() != text) return "the document does not keep the input's bytes";
  return bicep_detail::check_tree(parsed.value());
}

// The Bicep pipeline under one set of options: no internal error on a file that parses, edits
// that are sorted, disjoint and turn the input into the fixed text, comments kept, a fixed
// text that parses, and a second run that changes nothing.
inline Problem check_bicep_pipeline(const std::string& text, const PipelineOptions& options) {
  FileOutcome outcome = process_bicep_text(text, options);
  auto parsed = BicepDocument::parse(text);
  if (parsed.ok() == (outcome.kind == FileKind::Invalid)) {
    return "process_bicep_text disagrees with BicepDocument::parse";
  }
  if (!parsed) {
    if (outcome.changed() || outcome.fixed_text != text) return "an invalid file is changed";
    return std::nullopt;
  }
  if (outcome.error) return "process_bicep_text fails on a valid file: " + outcome.error->message;
  if (!outcome.changed()) {
    if (outcome.fixed_text != text) return "fixed_text differs without edits";
    return std::nullopt;
  }
  if (auto problem = detail::check_edits(text, outcome.edits, outcome.fixed_text)) return problem;
  auto fixed = BicepDocument::parse(outcome.fixed_text);
  if (!fixed) return "the fixed text does not parse: " + fixed.error().message;
  if (bicep_detail::comment_texts(fixed.value()) != bicep_detail::comment_texts(parsed.value())) {
    return "a comment was lost or changed";
  }
  if (auto problem = detail::check_layout_habits(text, outcome.fixed_text)) return problem;
  FileOutcome again = process_bicep_text(outcome.fixed_text, options);
  if (again.error) return "the second run fails: " + again.error->message;
  if (again.changed()) return "not idempotent: a second run changes the fixed text again";
  return std::nullopt;
}

inline Problem check_bicep_pipeline(const std::string& text) {
  std::size_t index = 0;
  for (const PipelineOptions& options : pipeline_option_sets()) {
    if (auto problem = check_bicep_pipeline(text, options)) {
      return *problem + " [option set " + std::to_string(index) + "]";
    }
    ++index;
  }
  return std::nullopt;
}

}  // namespace armfix::fuzz
