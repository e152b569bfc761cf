// Bicep tokens, comments and directives with their byte spans; interpolated strings are split
// into pieces so the expressions inside `${...}` are tokens like any other.
#include "bicep/bicep_lexer.hpp"

#include "armfix/line_index.hpp"

namespace armfix {

namespace {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_part(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

struct Punctuation {
  std::string_view spelling;
  BicepTokenKind kind;
};

// Longest spellings first, so `...` wins over `.` and `!=` over `!`.
constexpr Punctuation kPunctuation[] = {
    {"...", BicepTokenKind::Ellipsis},
    {"::", BicepTokenKind::DoubleColon},
    {"??", BicepTokenKind::DoubleQuestion},
    {"=>", BicepTokenKind::Arrow},
    {"==", BicepTokenKind::Equals},
    {"!=", BicepTokenKind::NotEquals},
    {"=~", BicepTokenKind::EqualsIgnoreCase},
    {"!~", BicepTokenKind::NotEqualsIgnoreCase},
    {"<=", BicepTokenKind::LessOrEqual},
    {">=", BicepTokenKind::GreaterOrEqual},
    {"&&", BicepTokenKind::And},
    {"||", BicepTokenKind::Or},
    {"{", BicepTokenKind::LeftBrace},
    {"}", BicepTokenKind::RightBrace},
    {"[", BicepTokenKind::LeftBracket},
    {"]", BicepTokenKind::RightBracket},
    {"(", BicepTokenKind::LeftParen},
    {")", BicepTokenKind::RightParen},
    {",", BicepTokenKind::Comma},
    {":", BicepTokenKind::Colon},
    {".", BicepTokenKind::Dot},
    {"?", BicepTokenKind::Question},
    {"!", BicepTokenKind::Exclamation},
    {"@", BicepTokenKind::At},
    {"=", BicepTokenKind::Assign},
    {"<", BicepTokenKind::Less},
    {">", BicepTokenKind::Greater},
    {"+", BicepTokenKind::Plus},
    {"-", BicepTokenKind::Minus},
    {"*", BicepTokenKind::Star},
    {"/", BicepTokenKind::Slash},
    {"%", BicepTokenKind::Percent},
    {"|", BicepTokenKind::Pipe},
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  BicepTokens run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      out_.has_bom = true;
      at_ = 3;
    }
    while (at_ < text_.size() && next()) {
    }
    if (!error_ && !interpolations_.empty()) {
      fail(interpolation_starts_.back(), "unterminated string interpolation '${'");
    }
    std::size_t end = error_ ? error_->offset : at_;
    out_.tokens.push_back(BicepToken{BicepTokenKind::EndOfFile, span(end, end)});
    out_.error = std::move(error_);
    return std::move(out_);
  }

 private:
  static Span span(std::size_t begin, std::size_t end) {
    return Span{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
  }

  bool fail(std::size_t offset, std::string message) {
    error_ = SourceError{position_of(text_, offset), offset, std::move(message)};
    return false;
  }

  void emit(BicepTokenKind kind, std::size_t begin, std::size_t end) {
    out_.tokens.push_back(BicepToken{kind, span(begin, end)});
    at_ = end;
  }

  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }

  bool next() {
    char c = text_[at_];
    if (c == ' ' || c == '\t') {
      ++at_;
      return true;
    }
    if (c == '\n' || c == '\r') {
      std::size_t end = at_ + (c == '\r' && peek(1) == '\n' ? 2 : 1);
      emit(BicepTokenKind::Newline, at_, end);
      return true;
    }
    if (c == '/' && peek(1) == '/') return line_comment();
    if (c == '/' && peek(1) == '*') return block_comment();
    if (c == '#' && is_identifier_start(peek(1))) return directive();
    if (c == '\'') {
      if (peek(1) == '\'' && peek(2) == '\'') return multiline_string();
      return string_piece(at_, at_ + 1, BicepTokenKind::String, BicepTokenKind::StringLeft);
    }
    if (c == '}' && !interpolations_.empty() && interpolations_.back() == 0) {
      interpolations_.pop_back();
      interpolation_starts_.pop_back();
      return string_piece(at_, at_ + 1, BicepTokenKind::StringRight, BicepTokenKind::StringMiddle);
    }
    if (is_identifier_start(c)) {
      std::size_t end = at_ + 1;
      while (end < text_.size() && is_identifier_part(text_[end]))
        ++end;
      emit(BicepTokenKind::Identifier, at_, end);
      return true;
    }
    if (is_digit(c)) {
      std::size_t end = at_ + 1;
      while (end < text_.size() && is_digit(text_[end]))
        ++end;
      emit(BicepTokenKind::Number, at_, end);
      return true;
    }
    return punctuation();
  }

  bool punctuation() {
    for (const auto& p : kPunctuation) {
      if (text_.compare(at_, p.spelling.size(), p.spelling) != 0) continue;
      if (!interpolations_.empty()) {
        if (p.kind == BicepTokenKind::LeftBrace) ++interpolations_.back();
        if (p.kind == BicepTokenKind::RightBrace) --interpolations_.back();
      }
      emit(p.kind, at_, at_ + p.spelling.size());
      return true;
    }
    return unexpected_character();
  }

  bool unexpected_character() {
    auto byte = static_cast<unsigned char>(text_[at_]);
    std::size_t length = 1;
    if (byte >= 0xF0) {
      length = 4;
    } else if (byte >= 0xE0) {
      length = 3;
    } else if (byte >= 0xC0) {
      length = 2;
    }
    std::string shown(text_.substr(at_, length));
    if (byte < 0x20 || byte == 0x7F) {
      constexpr char kHex[] = "0123456789ABCDEF";
      shown = std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
    }
    return fail(at_, "unexpected character '" + shown + "'");
  }

  bool line_comment() {
    std::size_t end = text_.find_first_of("\r\n", at_);
    if (end == std::string_view::npos) end = text_.size();
    out_.comments.push_back(span(at_, end));
    at_ = end;
    return true;
  }

  bool block_comment() {
    std::size_t close = text_.find("*/", at_ + 2);
    if (close == std::string_view::npos) return fail(at_, "unterminated comment '/*'");
    out_.comments.push_back(span(at_, close + 2));
    at_ = close + 2;
    return true;
  }

  bool directive() {
    std::size_t end = text_.find_first_of("\r\n", at_);
    if (end == std::string_view::npos) end = text_.size();
    out_.directives.push_back(span(at_, end));
    at_ = end;
    return true;
  }

  bool multiline_string() {
    std::size_t close = text_.find("'''", at_ + 3);
    if (close == std::string_view::npos) return fail(at_, "unterminated multi-line string '''");
    std::size_t end = close + 3;
    while (end < text_.size() && text_[end] == '\'')
      ++end;  // quotes before the closing three
    emit(BicepTokenKind::MultilineString, at_, end);
    return true;
  }

  // Scans string text from `from` up to the closing quote (token `closed`) or up to `${`
  // (token `open`, which starts an interpolation). `begin` is where the token starts.
  bool string_piece(std::size_t begin, std::size_t from, BicepTokenKind closed,
                    BicepTokenKind open) {
    std::size_t start = closed == BicepTokenKind::String ? begin : string_starts_.back();
    if (closed != BicepTokenKind::String) string_starts_.pop_back();
    for (std::size_t i = from; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '\n' || c == '\r') break;
      if (c == '\'') {
        emit(closed, begin, i + 1);
        return true;
      }
      if (c == '\\') {
        if (!escape(i)) return false;
        i += escape_length(i) - 1;
        continue;
      }
      if (c == '$' && i + 1 < text_.size() && text_[i + 1] == '{') {
        interpolations_.push_back(0);
        interpolation_starts_.push_back(i);
        string_starts_.push_back(start);
        emit(open, begin, i + 2);
        return true;
      }
    }
    return fail(start, "unterminated string: a '...' string must close on its line");
  }

  std::size_t escape_length(std::size_t backslash) const {
    if (text_[backslash + 1] != 'u') return 2;
    return text_.find('}', backslash) - backslash + 1;
  }

  bool escape(std::size_t backslash) {
    if (backslash + 1 >= text_.size()) return fail(backslash, "unterminated string");
    char c = text_[backslash + 1];
    if (c == '\\' || c == '\'' || c == 'n' || c == 'r' || c == 't' || c == '$') return true;
    if (c == 'u' && backslash + 2 < text_.size() && text_[backslash + 2] == '{') {
      std::size_t i = backslash + 3;
      while (i < text_.size() && is_hex_digit(text_[i]))
        ++i;
      if (i > backslash + 3 && i < text_.size() && text_[i] == '}' && i - backslash - 3 <= 6) {
        return true;
      }
      return fail(backslash, "invalid unicode escape: expected \\u{hex digits}");
    }
    if (c == '\n' || c == '\r') return fail(backslash, "unterminated string");
    return fail(backslash, "unknown escape sequence '\\" + std::string(1, c) +
                               "' (Bicep knows \\\\ \\' \\n \\r \\t \\$ \\u{...})");
  }

  std::string_view text_;
  std::size_t at_ = 0;
  BicepTokens out_;
  std::optional<SourceError> error_;
  std::vector<int> interpolations_;  // open `${`, innermost last: '{' depth inside each
  std::vector<std::size_t> interpolation_starts_;
  std::vector<std::size_t> string_starts_;  // the opening quote of each interpolated string
};

}  // namespace

BicepTokens lex_bicep(std::string_view text) {
  return Lexer(text).run();
}

std::string describe_token(std::string_view text, const BicepToken& token) {
  switch (token.kind) {
    case BicepTokenKind::Newline:
      return "a new line";
    case BicepTokenKind::EndOfFile:
      return "the end of the file";
    case BicepTokenKind::String:
    case BicepTokenKind::StringLeft:
    case BicepTokenKind::MultilineString:
      return "a string";
    default:
      break;
  }
  std::string_view spelling = text.substr(token.span.begin, token.span.size());
  constexpr std::size_t kMaxShown = 40;
  if (spelling.size() > kMaxShown) return "'" + std::string(spelling.substr(0, kMaxShown)) + "...'";
  return "'" + std::string(spelling) + "'";
}

}  // namespace armfix
