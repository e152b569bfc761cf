// Every rule at once over the real templates of ../shared/corpus and the Bicep files of
// ../shared/corpus-bicep, with --unsafe-fixes:
// - each cluster passes every declared rule, judged here from the rule's declaration (its
//   paths and accepted values, read through the resource model of the fixed file), or carries
//   that rule's manual finding;
// - a second run fixes nothing, and what it still reports needs a person;
// - the rules fixed one at a time, in registry order, write byte for byte what they write
//   together;
// - in ARM templates nothing changes outside what the rules govern (new parameters and
//   dependsOn aside).
#include <catch2/catch.hpp>

#include <memory>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/pipeline.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_resource_model.hpp"
#include "core/ascii.hpp"
#include "json/arm_resource_model.hpp"
#include "rules/declared_rule.hpp"
#include "support.hpp"

using namespace armfix;
using nlohmann::json;

namespace {

constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";
const char* const kInvalidBicep =
    "azure-bicep/src__Bicep.Core.Samples__Files__baselines__InvalidResources_CRLF__main.bicep";

struct Input {
  std::string relative;
  std::string text;
  bool bicep = false;
};

std::vector<Input> inputs() {
  std::vector<Input> found;
  for (const auto& [corpus, extension] :
       {std::pair<const char*, const char*>{"corpus", ".json"}, {"corpus-bicep", ".bicep"}}) {
    const auto root = test::shared_path(corpus);
    for (const auto& path : test::files_under(root, extension)) {
      const std::string relative = std::filesystem::relative(path, root).string();
      if (relative == kInvalidBicep) continue;
      found.push_back({std::string(corpus) + "/" + relative, test::read_file(path),
                       std::string(extension) == ".bicep"});
    }
  }
  return found;
}

FileOutcome run(const Input& input, const std::string& text, std::vector<const Fixer*> rules) {
  PipelineOptions options;
  options.unsafe_fixes = true;
  options.rules = std::move(rules);
  return input.bicep ? process_bicep_text(text, options) : process_text(text, options);
}

std::string fixed_text(const std::string& text, const FileOutcome& outcome) {
  return outcome.changed() ? outcome.fixed_text : text;
}

std::vector<const DeclaredRule*> declared_rules() {
  std::vector<const DeclaredRule*> rules;
  for (const auto& fixer : registered_fixers()) {
    if (const auto* declared = dynamic_cast<const DeclaredRule*>(fixer.get()))
      rules.push_back(declared);
  }
  return rules;
}

bool same_value(const json& a, const json& b) {
  if (a.is_string() && b.is_string())
    return equals_ignore_case(a.get_ref<const std::string&>(), b.get_ref<const std::string&>());
  return a == b;
}

bool listed(const std::vector<json>& values, const json& value) {
  for (const auto& candidate : values) {
    if (same_value(candidate, value)) return true;
  }
  return false;
}

// What `path` holds below the resource under the parameter defaults: null where it is absent,
// nullopt where an expression on the way is not known. A union() is read argument by argument.
std::optional<json> value_at(const ResourceModel& model, const ResourceRef& resource,
                             const PropertyPath& path) {
  ValueRef current = model.body(resource);
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    current = model.member(current, path[depth]);
    if (current.absent()) return json(nullptr);
    if (current.is(Shape::Object)) continue;
    const PropertyPath rest(path.begin() + static_cast<std::ptrdiff_t>(depth) + 1, path.end());
    if (auto forced = model.forced_by_union(resource, current, rest)) return forced;
    auto value = model.resolve(resource, current);
    if (!value) value = model.literal(current);
    if (!value) return std::nullopt;
    auto inside = json_at(*value, rest);
    return inside ? *inside : json(nullptr);
  }
  return model.resolve(resource, current);
}

// The declaration's verdict on the fixed resource; a rule that does not apply passes.
bool passes(const RuleSpec& spec, const ResourceModel& model, const ResourceRef& resource) {
  if (spec.applies_when) {
    auto value = value_at(model, resource, spec.applies_when->path);
    if (!value || !listed(spec.applies_when->accepted, *value)) return true;
  }
  for (const auto& requirement : spec.requirements) {
    auto value = value_at(model, resource, requirement.path);
    if (!value || value->is_null()) {
      if (requirement.missing_passes) continue;
      return false;
    }
    if (!requirement.accepted.empty() ? !listed(requirement.accepted, *value)
                                      : listed(requirement.rejected, *value))
      return false;
  }
  return true;
}

bool has_manual_finding(const FileOutcome& outcome, const RuleInfo& rule,
                        const ResourceRef& resource) {
  for (const auto& reported : outcome.findings) {
    const Finding& finding = reported.finding;
    if (finding.safety == Safety::Manual && finding.rule != nullptr &&
        finding.rule->name == rule.name &&
        finding.resource.pointer.to_string() == resource.pointer.to_string())
      return true;
  }
  return false;
}

struct Tally {
  int files = 0;
  int clusters = 0;
  int verdicts = 0;  // cluster and declared rule pairs judged
  int manual = 0;    // of them, left with the rule's manual finding
};

void judge(const FileOutcome& outcome, const ResourceModel& fixed, Tally& tally) {
  for (const auto& cluster : fixed.deployed(kClusterType)) {
    ++tally.clusters;
    for (const DeclaredRule* rule : declared_rules()) {
      INFO("cluster " << cluster.name << ", rule " << rule->info().name);
      ++tally.verdicts;
      if (passes(rule->spec(), fixed, cluster)) continue;
      ++tally.manual;
      CHECK(has_manual_finding(outcome, rule->info(), cluster));
    }
  }
}

bool starts_with_ignore_case_path(const std::string& path, const std::string& prefix) {
  return path.size() >= prefix.size() && equals_ignore_case(path.substr(0, prefix.size()), prefix);
}

// The JSON pointers (relative to a cluster) a rule may write: what the declarations name, with
// the levels above them (a missing object added, an expression wrapped), and what the rules
// written by hand govern.
std::vector<std::string> governed_paths() {
  std::vector<std::string> paths = {"/properties/securityProfile",
                                    "/properties/addonProfiles/omsagent",
                                    "/properties/agentPoolProfiles",
                                    "/properties/type",
                                    "/sku",
                                    "/apiVersion",
                                    "/dependsOn",
                                    "/resources"};
  for (const DeclaredRule* rule : declared_rules()) {
    for (const auto& requirement : rule->spec().requirements) {
      std::string pointer;
      for (const auto& key : requirement.path)
        pointer += "/" + key;
      paths.push_back(pointer);
    }
  }
  return paths;
}

bool change_is_governed(const std::string& path, const std::vector<std::string>& clusters) {
  static const std::vector<std::string> governed = governed_paths();
  for (const auto& cluster : clusters) {
    if (!starts_with_ignore_case_path(path, cluster + "/")) continue;
    const std::string inside = path.substr(cluster.size());
    for (const auto& allowed : governed) {
      // At or below what a rule governs, or a level above it that a fix creates or wraps.
      if (starts_with_ignore_case_path(inside, allowed) ||
          starts_with_ignore_case_path(allowed, inside))
        return true;
    }
  }
  return false;
}

bool adds_a_parameter(const json& op) {
  auto pointer = JsonPointer::parse(op["path"].get<std::string>());
  if (!pointer || op["op"] != "add") return false;
  if (equals_ignore_case(pointer->back(), "parameters")) return true;
  const JsonPointer parent = pointer->parent();
  return !parent.is_root() && equals_ignore_case(parent.back(), "parameters");
}

// Node pool resources anywhere in the template, nested deployments included: PoolScaleSet
// governs their type.
void add_agent_pools(const json& value, const JsonPointer& pointer,
                     std::vector<std::string>& resources) {
  if (value.is_object()) {
    const auto type = value.find("type");
    if (type != value.end() && type->is_string() &&
        ends_with_ignore_case(type->get<std::string>(), "agentPools"))
      resources.push_back(pointer.to_string());
    for (const auto& [key, member] : value.items())
      add_agent_pools(member, pointer / key, resources);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      add_agent_pools(value[i], pointer / i, resources);
  }
}

void check_arm_changes(const std::string& before, const std::string& after) {
  auto original = Document::parse(before);
  auto fixed = Document::parse(after);
  REQUIRE(original.ok());
  REQUIRE(fixed.ok());
  const TemplateView view(original.value());
  std::vector<std::string> resources;
  for (const Resource* resource : view.deployed(kClusterType))
    resources.push_back(original.value().pointer_to(resource->node).to_string());
  const json old_value = original.value().value(original.value().root());
  add_agent_pools(old_value, JsonPointer(), resources);
  const json new_value = fixed.value().value(fixed.value().root());
  for (const auto& op : json::diff(old_value, new_value)) {
    INFO("change " << op.dump());
    CHECK((change_is_governed(op["path"], resources) || adds_a_parameter(op)));
  }
}

}  // namespace

TEST_CASE(
    "corpus, every rule: each cluster passes or needs a person, and a second run fixes "
    "nothing",
    "[corpus][rules]") {
  Tally arm;
  Tally bicep;
  for (const auto& input : inputs()) {
    INFO(input.relative);
    const FileOutcome outcome = run(input, input.text, {});
    REQUIRE_FALSE(outcome.error);
    if (outcome.kind != FileKind::Template) continue;
    const std::string fixed = fixed_text(input.text, outcome);
    Tally& tally = input.bicep ? bicep : arm;
    ++tally.files;
    if (input.bicep) {
      auto document = BicepDocument::parse(fixed);
      REQUIRE(document.ok());
      judge(outcome, BicepResourceModel(document.value()), tally);
    } else {
      auto document = Document::parse(fixed);
      REQUIRE(document.ok());
      const TemplateView view(document.value());
      judge(outcome, ArmResourceModel(document.value(), view), tally);
      check_arm_changes(input.text, fixed);
    }
    const FileOutcome again = run(input, fixed, {});
    CHECK_FALSE(again.changed());
    for (const auto& reported : again.findings) {
      INFO("again: " << reported.finding.message);
      CHECK(reported.finding.safety == Safety::Manual);
    }
  }
  for (const auto& [name, tally] :
       {std::pair<const char*, const Tally&>{"ARM", arm}, {"Bicep", bicep}}) {
    WARN(name << " corpus, every rule: " << tally.files << " files, " << tally.clusters
              << " clusters, " << tally.verdicts << " verdicts of declared rules, " << tally.manual
              << " left to a person");
  }
  CHECK(arm.files >= 40);
  CHECK(bicep.files >= 20);
  // Most verdicts pass after the fix: the rules fix what they can.
  CHECK(arm.manual * 4 < arm.verdicts);
  CHECK(bicep.manual * 4 < bicep.verdicts);
}

TEST_CASE("corpus, every rule: the rules fixed one at a time write what they write together",
          "[corpus][rules]") {
  std::vector<const Fixer*> all;
  for (const auto& fixer : registered_fixers())
    all.push_back(fixer.get());
  for (const auto& input : inputs()) {
    INFO(input.relative);
    const FileOutcome together = run(input, input.text, {});
    if (together.error || together.kind != FileKind::Template) continue;
    std::string one_at_a_time = input.text;
    for (const Fixer* rule : all) {
      INFO("rule " << rule->info().name);
      const FileOutcome outcome = run(input, one_at_a_time, {rule});
      REQUIRE_FALSE(outcome.error);
      one_at_a_time = fixed_text(one_at_a_time, outcome);
    }
    CHECK(one_at_a_time == fixed_text(input.text, together));
  }
}
