// Bicep source as tokens: the first half of the lossless Bicep reader.
//
// Every byte of the file is either a token, a comment, a `#` directive, white space or the
// byte order mark, so the tokens' spans plus the gaps between them give back the file.
// Newlines are tokens because Bicep separates declarations and object members with them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/document.hpp"
#include "armfix/source_error.hpp"

namespace armfix {

enum class BicepTokenKind : std::uint8_t {
  Identifier,  // also every keyword, and true, false, null: their meaning depends on context
  Number,
  String,           // 'text' without interpolation
  StringLeft,       // 'text${   the start of an interpolated string
  StringMiddle,     // }text${   between two interpolations
  StringRight,      // }text'    the end of an interpolated string
  MultilineString,  // '''text'''
  LeftBrace,
  RightBrace,
  LeftBracket,
  RightBracket,
  LeftParen,
  RightParen,
  Comma,
  Colon,
  DoubleColon,
  Dot,
  Ellipsis,
  Question,
  DoubleQuestion,
  Exclamation,
  At,
  Assign,
  Arrow,
  Equals,
  NotEquals,
  EqualsIgnoreCase,
  NotEqualsIgnoreCase,
  Less,
  LessOrEqual,
  Greater,
  GreaterOrEqual,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  And,
  Or,
  Pipe,
  Newline,
  EndOfFile,
};

struct BicepToken {
  BicepTokenKind kind = BicepTokenKind::EndOfFile;
  Span span;
};

struct BicepTokens {
  std::vector<BicepToken> tokens;  // ends with EndOfFile (at the error, if there is one)
  std::vector<Span> comments;      // `//` and `/* */`, in file order
  std::vector<Span> directives;    // `#disable-next-line ...` and the like, to the line's end
  bool has_bom = false;
  // An unterminated string or comment, a bad escape or a character Bicep does not know. The
  // tokens before it are kept, so a parser can report an earlier error first.
  std::optional<SourceError> error;
};

// Splits Bicep source into tokens, up to the first error.
BicepTokens lex_bicep(std::string_view text);

// How a token is named in messages: `'}'`, `a new line`, `the end of the file`, `'name'`.
std::string describe_token(std::string_view text, const BicepToken& token);

}  // namespace armfix
