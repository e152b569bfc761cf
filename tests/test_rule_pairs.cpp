// Several rules fixed at once write what the same rules fixed one at a time write.
//
// For every pair of registered rules, and for all of them, over every rule case's and sample's
// input: the combined run (unsafe fixes on) is compared byte for byte with running the rules
// one after the other, in registry order. Where rules wrap an expression-valued object, the
// combined run writes one union() and each later run adds to that wrap instead of nesting
// another; a fix held for an apiVersion that another rule's fix makes possible is applied on
// the combined run, as a sequential run applies it once the other rule has fixed the resource.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/document.hpp"
#include "armfix/fixer.hpp"
#include "armfix/pipeline.hpp"
#include "support.hpp"

namespace {

using namespace armfix;

std::string run(const std::string& text, bool bicep, std::vector<const Fixer*> rules) {
  PipelineOptions options;
  options.unsafe_fixes = true;
  options.rules = std::move(rules);
  FileOutcome outcome = bicep ? process_bicep_text(text, options) : process_text(text, options);
  INFO((outcome.error ? outcome.error->message : std::string()));
  REQUIRE_FALSE(outcome.error);
  return outcome.changed() ? outcome.fixed_text : text;
}

std::size_t unions(const std::string& text) {
  std::size_t count = 0;
  for (std::size_t at = text.find("union("); at != std::string::npos;
       at = text.find("union(", at + 1))
    ++count;
  return count;
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
  std::size_t wraps_extended = 0;  // runs where a later rule added to an earlier rule's wrap
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
      CHECK(together == one_at_a_time);
      // The first rule wrote a wrap, the later ones changed the file without another.
      const std::string first = run(text, bicep, {rules.front()});
      if (unions(first) > unions(text) && unions(one_at_a_time) == unions(first) &&
          one_at_a_time != first)
        ++wraps_extended;
      // Idempotent: the combined result is a fixed point of the same rules.
      CHECK(run(together, bicep, rules) == together);
    }
  }
  // The comparison must have met wraps extended by a later rule, or it proves nothing about them.
  CHECK(wraps_extended > 0);
}
