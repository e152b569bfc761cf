// The three-valued evaluator of ARM expressions (src/json/arm_evaluator.hpp): documented ARM
// results for each function, unknowns with their reasons, scopes of nested deployments, and
// hostile input that must neither hang nor overflow the stack.
#include "json/arm_evaluator.hpp"

#include <string>

#include <catch2/catch.hpp>

using armfix::EmptyScope;
using armfix::evaluate_arm_string;
using armfix::evaluate_arm_value;
using armfix::Evaluated;
using armfix::TemplateScope;
using nlohmann::json;

namespace {

// Evaluates `text` against a template whose JSON is `template_text`.
Evaluated eval(const std::string& text, const std::string& template_text = "{}") {
  const json template_json = json::parse(template_text);
  const TemplateScope scope(template_json);
  return evaluate_arm_string(text, scope);
}

json known(const std::string& text, const std::string& template_text = "{}") {
  Evaluated result = eval(text, template_text);
  INFO(text << " -> unknown: " << result.unknown_reason);
  REQUIRE(result.known());
  return *result.value;
}

std::string reason(const std::string& text, const std::string& template_text = "{}") {
  Evaluated result = eval(text, template_text);
  INFO(text << " -> known: " << (result.known() ? result.value->dump() : ""));
  REQUIRE_FALSE(result.known());
  return result.unknown_reason;
}

}  // namespace

TEST_CASE("evaluator: literals, escapes and conversions", "[evaluator]") {
  CHECK(known("plain") == "plain");
  CHECK(known("[[literal]") == "[literal]");  // documented: "[[test value]" is "[test value]"
  CHECK(known("['it''s']") == "it's");
  CHECK(known("[-5]") == -5);
  CHECK(known("[bool('true')]") == true);  // documented: bool('true') is true
  CHECK(known("[json('true')]") == true);
  CHECK(known("[json('null')]") == nullptr);
}
