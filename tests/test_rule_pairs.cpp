// Several rules fixed at once mean what the same rules fixed one at a time mean.
//
// For every pair of registered rules, and for all of them, over every rule case's and sample's
// input: the combined run (unsafe fixes on) is compared with running the rules one after the
// other, in registry order. Where a rule wraps an expression-valued object, the combined run
// writes one union() and the sequential runs nest one per rule; union() is associative and
// adjacent object arguments with distinct keys merge, so both are brought to one spelling
// before comparing: ARM templates as JSON values with their union() expressions flattened,
// Bicep files as text with nested union( calls and the object boundaries between them removed.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/document.hpp"
#include "armfix/fixer.hpp"
#include "armfix/pipeline.hpp"
#include "support.hpp"

namespace {

using namespace armfix;

// An ARM expression as a tree: a call with arguments, or an atom (literal, name, number).
struct Term {
  std::string atom;  // a call's function name, or the atom's text
  bool call = false;
  std::vector<Term> arguments;
  std::string suffix;  // property access or indexing after a call, kept as written
};

class ExpressionReader {
 public:
  explicit ExpressionReader(std::string_view text) : text_(text) {}

  Term read() {
    Term term;
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == '\'') {
      const std::size_t start = at_++;
      while (at_ < text_.size()) {
        if (text_[at_] == '\'' && at_ + 1 < text_.size() && text_[at_ + 1] == '\'') {
          at_ += 2;
        } else if (text_[at_++] == '\'') {
          break;
        }
      }
      term.atom = std::string(text_.substr(start, at_ - start));
      return term;
    }
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) ||
                                  text_[at_] == '_' || text_[at_] == '.' || text_[at_] == '-'))
      ++at_;
    term.atom = std::string(text_.substr(start, at_ - start));
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == '(') {
      term.call = true;
      ++at_;
      skip_spaces();
      while (at_ < text_.size() && text_[at_] != ')') {
        term.arguments.push_back(read());
        skip_spaces();
        if (at_ < text_.size() && text_[at_] == ',') ++at_;
      }
      ++at_;
      const std::size_t suffix = at_;
      while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != ')')
        ++at_;
      term.suffix = std::string(text_.substr(suffix, at_ - suffix));
    }
    return term;
  }

 private:
  void skip_spaces() {
    while (at_ < text_.size() && text_[at_] == ' ')
      ++at_;
  }
  std::string_view text_;
  std::size_t at_ = 0;
};

bool is_call(const Term& term, const char* name) {
  return term.call && term.suffix.empty() && term.atom == name;
}

// createObject(y) merged into createObject(x) as union() merges them: a key both give with
// objects on both sides is merged deeply, another key is added or replaced.
void merge_objects(Term& into, Term from) {
  for (std::size_t i = 0; i + 1 < from.arguments.size(); i += 2) {
    Term& key = from.arguments[i];
    Term& value = from.arguments[i + 1];
    bool merged = false;
    for (std::size_t j = 0; j + 1 < into.arguments.size(); j += 2) {
      if (into.arguments[j].atom != key.atom) continue;
      if (is_call(into.arguments[j + 1], "createObject") && is_call(value, "createObject")) {
        merge_objects(into.arguments[j + 1], std::move(value));
      } else {
        into.arguments[j + 1] = std::move(value);
      }
      merged = true;
      break;
    }
    if (!merged) {
      into.arguments.push_back(std::move(key));
      into.arguments.push_back(std::move(value));
    }
  }
}

// union(union(a, b), c) as union(a, b, c); createObject(x), createObject(y) side by side as
// one createObject() holding both, merged as union() merges them.
Term canonical(Term term) {
  for (auto& argument : term.arguments)
    argument = canonical(std::move(argument));
  if (!is_call(term, "union")) return term;
  std::vector<Term> flat;
  for (auto& argument : term.arguments) {
    if (is_call(argument, "union")) {
      for (auto& inner : argument.arguments)
        flat.push_back(std::move(inner));
    } else {
      flat.push_back(std::move(argument));
    }
  }
  term.arguments.clear();
  for (auto& argument : flat) {
    if (!term.arguments.empty() && is_call(argument, "createObject") &&
        is_call(term.arguments.back(), "createObject")) {
      merge_objects(term.arguments.back(), std::move(argument));
    } else {
      term.arguments.push_back(std::move(argument));
    }
  }
  return term;
}

std::string spelled(const Term& term) {
  if (!term.call) return term.atom;
  std::string text = term.atom + "(";
  for (std::size_t i = 0; i < term.arguments.size(); ++i)
    text += (i == 0 ? "" : ", ") + spelled(term.arguments[i]);
  return text + ")" + term.suffix;
}

void canonicalise(nlohmann::json& value) {
  if (value.is_structured()) {
    for (auto& member : value)
      canonicalise(member);
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() > 2 && text.front() == '[' && text[1] != '[' && text.back() == ']') {
      value =
          "[" + spelled(canonical(ExpressionReader(text.substr(1, text.size() - 2)).read())) + "]";
    }
  }
}

nlohmann::json arm_meaning(const std::string& text) {
  auto document = Document::parse(text);
  REQUIRE(document.ok());
  nlohmann::json value = document.value().value(document.value().root());
  canonicalise(value);
  return value;
}

// Bicep: `union(union(` is `union(`, and a line `}), {` (one object ends, the inner union()
// with it, the next object starts) joins two adjacent objects.
std::string bicep_meaning(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string line = text.substr(start, end - start);
    start = end;
    const auto first = line.find_first_not_of(' ');
    if (first != std::string::npos && line.compare(first, std::string::npos, "}), {\n") == 0)
      continue;
    for (std::size_t at; (at = line.find("union(union(")) != std::string::npos;)
      line.replace(at, 12, "union(");
    out += line;
  }
  return out;
}

std::string run(const std::string& text, bool bicep, std::vector<const Fixer*> rules) {
  PipelineOptions options;
  options.unsafe_fixes = true;
  options.rules = std::move(rules);
  FileOutcome outcome = bicep ? process_bicep_text(text, options) : process_text(text, options);
  INFO((outcome.error ? outcome.error->message : std::string()));
  REQUIRE_FALSE(outcome.error);
  return outcome.changed() ? outcome.fixed_text : text;
}

std::vector<std::filesystem::path> inputs() {
  std::vector<std::filesystem::path> found;
  for (const char* root : {"tests/rules", "samples"}) {
    for (const char* extension : {".json", ".bicep"}) {
      for (const auto& path : test::files_under(test::source_path(root), extension)) {
        const std::string name = path.filename().string();
        const bool rule_case = std::string(root) == "tests/rules";
        if (rule_case && name.rfind("before.", 0) != 0) continue;
        if (!rule_case && name.find("parameters") != std::string::npos) continue;
        found.push_back(path);
      }
    }
  }
  return found;
}

// The rule sets compared: every pair, then all rules.
std::vector<std::vector<const Fixer*>> rule_sets() {
  std::vector<const Fixer*> all;
  for (const auto& fixer : registered_fixers())
    all.push_back(fixer.get());
  std::vector<std::vector<const Fixer*>> sets;
  for (std::size_t a = 0; a < all.size(); ++a) {
    for (std::size_t b = a + 1; b < all.size(); ++b)
      sets.push_back({all[a], all[b]});
  }
  sets.push_back(all);
  return sets;
}

}  // namespace

TEST_CASE("rules fixed together mean the same as the rules fixed one at a time", "[rules]") {
  const auto files = inputs();
  REQUIRE(files.size() > 40);
  std::size_t merged_differently = 0;  // inputs where the spelling differs before canonicalising
  for (const auto& path : files) {
    const std::string text = test::read_file(path);
    const bool bicep = path.extension() == ".bicep";
    if (!bicep && !Document::parse(text).ok()) continue;  // not every sample JSON parses alone
    for (const auto& rules : rule_sets()) {
      std::string names;
      for (const Fixer* rule : rules)
        names += " " + rule->info().name;
      INFO(path.string() << ":" << names);
      const std::string together = run(text, bicep, rules);
      std::string one_at_a_time = text;
      for (const Fixer* rule : rules)
        one_at_a_time = run(one_at_a_time, bicep, {rule});
      if (together != one_at_a_time) ++merged_differently;
      if (bicep) {
        CHECK(bicep_meaning(together) == bicep_meaning(one_at_a_time));
      } else {
        CHECK(arm_meaning(together) == arm_meaning(one_at_a_time));
      }
      // Idempotent: the combined result is a fixed point of the same rules.
      CHECK(run(together, bicep, rules) == together);
    }
  }
  // The comparison must have met merged wraps, or it proves nothing about them.
  CHECK(merged_differently > 0);
}
