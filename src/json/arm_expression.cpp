// Reading and writing the small part of ARM's expression language the fixers need.
#include "json/arm_expression.hpp"

#include "armfix/document.hpp"

namespace armfix {

namespace {

std::string_view trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

bool is_expression(std::string_view text) {
  return text.size() >= 2 && text.front() == '[' && text.back() == ']' &&
         (text.size() < 2 || text[1] != '[');
}

std::string_view expression_body(std::string_view expression) {
  return trim(expression.substr(1, expression.size() - 2));
}

std::optional<SimpleReference> simple_reference(std::string_view expression) {
  if (!is_expression(expression)) return std::nullopt;
  std::string_view body = expression_body(expression);
  std::size_t open = body.find('(');
  if (open == std::string_view::npos || body.back() != ')') return std::nullopt;
  std::string_view function = trim(body.substr(0, open));
  if (!equals_ignore_case(function, "parameters") && !equals_ignore_case(function, "variables")) {
    return std::nullopt;
  }
  std::string_view argument = trim(body.substr(open + 1, body.size() - open - 2));
  if (argument.size() < 2 || argument.front() != '\'' || argument.back() != '\'')
    return std::nullopt;
  std::string_view name = argument.substr(1, argument.size() - 2);
  if (name.find('\'') != std::string_view::npos) return std::nullopt;
  return SimpleReference{std::string(function), std::string(name)};
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::optional<std::string> as_argument(const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (is_expression(text)) return std::string(expression_body(text));
    if (text.rfind("[[", 0) == 0) return quote_literal(text.substr(1));
    return quote_literal(text);
  }
  if (value.is_boolean()) return value.get<bool>() ? "true()" : "false()";
  if (value.is_number_integer()) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (value.is_null()) return "null()";
  return std::nullopt;
}

}  // namespace armfix
