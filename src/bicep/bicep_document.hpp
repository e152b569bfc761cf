// The lossless Bicep document: a `.bicep` file parsed into a tree of byte spans.
//
// First stage of the Bicep pipeline, the counterpart of Document for ARM JSON. The document
// owns the file's bytes and nodes only point into them; comments, `#` directives and white
// space are not nodes but live in the gaps between node spans. Declarations are read, not
// interpreted: a type, a function body or an import is parsed for its shape and extent only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/document.hpp"
#include "armfix/line_index.hpp"
#include "armfix/result.hpp"
#include "armfix/source_error.hpp"

namespace armfix {

enum class BicepNodeKind : std::uint8_t {
  File,                // children: declarations
  Declaration,         // see BicepDeclarationKind; children: decorators, then its parts
  Decorator,           // `@name(...)`; value: the call
  Object,              // children: properties, spreads and nested resource declarations
  Property,            // `key: value`; name: the key token; children: decorators, key, value
  Array,               // children: items and spreads
  ForLoop,             // `[for x in xs: body]`; value: the body
  Condition,           // `if (condition) body` of a resource or module; value: the body
  Spread,              // `...expression`; value: the expression
  String,              // a '...' string without interpolation
  InterpolatedString,  // children: the expressions inside `${...}`
  MultilineString,     // '''...'''
  Number,
  True,
  False,
  Null,
  Identifier,
  Call,           // value: the function (an identifier or `ns.name`); then the arguments
  Access,         // `a.b`, `a.?b`, `a::b`; name: b
  Index,          // `a[b]`, `a[?b]`
  NonNullAssert,  // `a!`
  Unary,          // `!a`, `-a`
  Binary,         // name: the operator
  Ternary,        // children: condition, then-value, else-value
  Parenthesized,  // `(a)`
  Lambda,         // `x => body`, `(x, y) => body`; value: the body
  Type,           // a type expression, kept as one span
  Other,          // the rest of a statement read for its extent only (import, extension)
};

enum class BicepDeclarationKind : std::uint8_t {
  Parameter,    // param
  Variable,     // var
  Resource,     // resource
  Module,       // module
  Output,       // output
  TypeAlias,    // type
  Function,     // func
  Metadata,     // metadata
  TargetScope,  // targetScope
  Import,       // import, extension, provider, using
  Assert,       // assert
};

struct BicepNode {
  Span span;  // first to last byte of the node's tokens, decorators included
  Span name;  // Declaration: its symbol; Property: its key token; Access: the member;
              // Decorator: its name; Binary: the operator
  NodeId parent = kNoNode;
  NodeId first_child = kNoNode;
  NodeId last_child = kNoNode;
  NodeId next_sibling = kNoNode;
  NodeId value = kNoNode;  // Declaration: its value or body; Property: its value; Decorator,
                           // Spread, ForLoop, Condition, Lambda: the inner expression;
                           // Call: the function being called
  NodeId type = kNoNode;   // Declaration: the resource type or module path string, or the
                           // Type of a param, output, var or type alias
  std::uint32_t child_count = 0;
  BicepNodeKind kind = BicepNodeKind::File;
  BicepDeclarationKind declaration = BicepDeclarationKind::Parameter;  // Declaration only
  bool existing = false;                                               // `resource ... existing`
};

struct BicepParseLimits {
  // Expressions nested deeper than this are rejected rather than risk the stack.
  std::uint32_t max_depth = 400;
};

class BicepDocument {
 public:
  // Reads every construct of the Bicep language the fixers meet in real files; anything else
  // is a SourceError with 1-based line and character column.
  static Result<BicepDocument, SourceError> parse(std::string text, BicepParseLimits limits = {});

  const std::string& text() const { return text_; }
  std::string_view source(Span span) const {
    return std::string_view(text_).substr(span.begin, span.size());
  }
  bool has_bom() const { return has_bom_; }
  const std::vector<Span>& comments() const { return comments_; }

  NodeId root() const { return root_; }
  const BicepNode& node(NodeId id) const { return nodes_[id]; }
  std::size_t node_count() const { return nodes_.size(); }
  bool is(NodeId id, BicepNodeKind kind) const { return id != kNoNode && nodes_[id].kind == kind; }
  std::vector<NodeId> children(NodeId id) const;
  Position position(std::size_t offset) const;

  // The top-level declarations of one kind, in file order.
  std::vector<NodeId> declarations(BicepDeclarationKind kind) const;
  // The top-level declaration whose symbol is exactly `name` (Bicep symbols are case-sensitive).
  NodeId find_declaration(std::string_view name) const;
  std::string_view symbol(NodeId declaration) const { return source(nodes_[declaration].name); }

  // The decoded key of a property; nullopt for an interpolated key.
  std::optional<std::string> key(NodeId property) const;
  // The property of `object` whose key equals `name` ignoring ASCII case (Azure property
  // names are case-insensitive); kNoNode when there is none or `object` is not an object.
  NodeId find_property(NodeId object, std::string_view name) const;
  // The value of a string literal ('...' or '''...'''); nullopt for anything else.
  std::optional<std::string> string_value(NodeId id) const;
  // The arguments of a call, and the function's name as written (`union`, `az.union`).
  std::vector<NodeId> call_arguments(NodeId call) const;
  std::string_view call_name(NodeId call) const;

  // The object a resource or module declaration deploys, through `if (...)` and `[for ...]`;
  // kNoNode when the body is not an object.
  NodeId body_object(NodeId declaration) const;

 private:
  friend class BicepParser;
  std::string text_;
  std::vector<BicepNode> nodes_;
  std::vector<Span> comments_;
  NodeId root_ = kNoNode;
  bool has_bom_ = false;
  mutable LineCursor line_cursor_;  // findings ask for positions in file order
};

// The value of a Bicep string literal's source, quotes included; nullopt when it is not one.
std::optional<std::string> decode_bicep_string(std::string_view literal);
// `text` as a Bicep string literal: quoted, with `\`, `'`, `${`, line breaks, tabs and other
// control characters (as `\u{X}`) escaped, so decode_bicep_string gives `text` back.
std::string quote_bicep_string(std::string_view text);

}  // namespace armfix
