// RFC 6901 pointer parsing and printing.
#include "armfix/json_pointer.hpp"

namespace armfix {

namespace {

std::string unescape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

void append_escaped(std::string& out, const std::string& token) {
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::optional<JsonPointer> JsonPointer::parse(std::string_view text) {
  if (text.empty()) return JsonPointer{};
  if (text.front() != '/') return std::nullopt;
  std::vector<std::string> tokens;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = text.find('/', start);
    tokens.push_back(unescape_token(text.substr(start, slash - start)));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return JsonPointer(std::move(tokens));
}

JsonPointer JsonPointer::parent() const {
  if (tokens_.empty()) return *this;
  return JsonPointer(std::vector<std::string>(tokens_.begin(), tokens_.end() - 1));
}

JsonPointer JsonPointer::operator/(std::string token) const {
  JsonPointer child = *this;
  child.tokens_.push_back(std::move(token));
  return child;
}

JsonPointer JsonPointer::operator/(std::size_t index) const {
  return *this / std::to_string(index);
}

bool JsonPointer::starts_with(const JsonPointer& prefix) const {
  if (prefix.tokens_.size() > tokens_.size()) return false;
  for (std::size_t i = 0; i < prefix.tokens_.size(); ++i) {
    if (tokens_[i] != prefix.tokens_[i]) return false;
  }
  return true;
}

std::string JsonPointer::to_string() const {
  std::string out;
  for (const auto& token : tokens_) {
    out += '/';
    append_escaped(out, token);
  }
  return out;
}

}  // namespace armfix
