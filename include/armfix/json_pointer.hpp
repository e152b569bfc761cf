// RFC 6901 JSON Pointers, kept as decoded reference tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace armfix {

class JsonPointer {
 public:
  JsonPointer() = default;
  explicit JsonPointer(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  // Parses "/a/b~1c/0"; nullopt when the text is not a pointer (non-empty without a leading '/').
  static std::optional<JsonPointer> parse(std::string_view text);

  const std::vector<std::string>& tokens() const { return tokens_; }
  bool is_root() const { return tokens_.empty(); }
  const std::string& back() const { return tokens_.back(); }
  JsonPointer parent() const;
  JsonPointer operator/(std::string token) const;
  JsonPointer operator/(std::size_t index) const;
  bool starts_with(const JsonPointer& prefix) const;
  std::string to_string() const;

  friend bool operator==(const JsonPointer& a, const JsonPointer& b) {
    return a.tokens_ == b.tokens_;
  }
  friend bool operator!=(const JsonPointer& a, const JsonPointer& b) { return !(a == b); }
  friend bool operator<(const JsonPointer& a, const JsonPointer& b) {
    return a.tokens_ < b.tokens_;
  }

 private:
  std::vector<std::string> tokens_;
};

}  // namespace armfix
