// Every real-world template in ../shared/corpus, fixed with --unsafe-fixes: each deployed
// cluster passes the rule (checked here independently of the fixer) or carries a manual
// finding; existing references and everything outside the fix's reach are semantically
// unchanged; a second run changes nothing.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "armfix/pipeline.hpp"
#include "core/ascii.hpp"
#include "json/arm_expression.hpp"
#include "json/arm_union.hpp"
#include "support.hpp"

using namespace armfix;
using nlohmann::json;

namespace {

const json* member_ignore_case(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (equals_ignore_case(it.key(), name)) return &it.value();
  }
  return nullptr;
}

// An expression whose union() forces `enabled` (at `path` below it) to true, whatever the
// expressions it merges: armfix's wrap, read by the union reader the fixer does not use.
bool is_enabling_union(const json& value, const PropertyPath& path) {
  if (!value.is_string()) return false;
  auto forced = arm_union_forced(value.get_ref<const std::string&>(), path);
  return forced && *forced == true;
}

// The rule as PSRule evaluates it on the expanded template, for the cases armfix writes.
bool passes_rule(const json& resource, const json& template_value) {
  const json* level = member_ignore_case(resource, "properties");
  PropertyPath rest{"securityProfile", "defender", "securityMonitoring", "enabled"};
  for (const char* name : {"securityProfile", "defender", "securityMonitoring"}) {
    if (level == nullptr) return false;
    if (is_enabling_union(*level, rest)) return true;
    level = member_ignore_case(*level, name);
    rest.erase(rest.begin());
  }
  if (level == nullptr) return false;
  const json* enabled = member_ignore_case(*level, "enabled");
  if (enabled == nullptr) return false;
  if (*enabled == true) return true;
  if (!enabled->is_string()) return false;
  auto reference = simple_reference(enabled->get<std::string>());
  if (!reference) return false;
  bool is_parameter = equals_ignore_case(reference->function, "parameters");
  const json* holder =
      member_ignore_case(template_value, is_parameter ? "parameters" : "variables");
  const json* declared = holder ? member_ignore_case(*holder, reference->name) : nullptr;
  if (declared && is_parameter) declared = member_ignore_case(*declared, "defaultValue");
  return declared != nullptr && *declared == true;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string lower(std::string_view text) {
  return to_lower_ascii(text);
}

// The places a fix may change: its cluster's securityProfile (or properties when absent or an
// expression), apiVersion and dependsOn; and new parameters (declared or passed through).
bool change_is_allowed(const json& op, const std::vector<std::string>& clusters) {
  const std::string path = op["path"];
  for (const auto& cluster : clusters) {
    const std::string properties = lower(cluster + "/properties");
    if (lower(path) == properties) return true;
    if (starts_with(lower(path), properties + "/securityprofile")) return true;
    if (lower(path) == lower(cluster + "/apiversion")) return true;
    if (starts_with(lower(path), lower(cluster + "/dependson"))) return true;
  }
  auto parent = JsonPointer::parse(path)->parent();
  bool adds_parameter =
      op["op"] == "add" && !parent.is_root() && equals_ignore_case(parent.back(), "parameters");
  bool adds_parameters =
      op["op"] == "add" && equals_ignore_case(JsonPointer::parse(path)->back(), "parameters");
  return adds_parameter || adds_parameters;
}

}  // namespace

TEST_CASE("corpus: every deployed cluster passes or needs a person, and nothing else changes",
          "[corpus][fixer]") {
  const auto root = test::shared_path("corpus");
  const auto expected_counts = test::cluster_counts("corpus");
  PipelineOptions options = test::defender_only();
  options.unsafe_fixes = true;
  int templates = 0;
  int clusters_checked = 0;
  int clusters_fixed = 0;
  for (const auto& path : test::files_under(root, ".json")) {
    const std::string relative = std::filesystem::relative(path, root).string();
    INFO(relative);
    const std::string text = test::read_file(path);
    FileOutcome outcome = process_text(text, options);
    REQUIRE_FALSE(outcome.error);
    if (outcome.kind != FileKind::Template) continue;
    ++templates;

    auto original = Document::parse(text);
    REQUIRE(original.ok());
    TemplateView view(original.value());
    auto deployed = view.deployed("Microsoft.ContainerService/managedClusters");
    if (expected_counts.count(relative) != 0) {
      CHECK(static_cast<int>(deployed.size()) == expected_counts.at(relative));
    }

    json before = original.value().value(original.value().root());
    auto fixed_doc = Document::parse(outcome.fixed_text);
    REQUIRE(fixed_doc.ok());
    json after = fixed_doc.value().value(fixed_doc.value().root());

    std::vector<std::string> cluster_pointers;
    for (const Resource* cluster : deployed) {
      const std::string pointer = original.value().pointer_to(cluster->node).to_string();
      cluster_pointers.push_back(pointer);
      bool manual = false;
      for (const auto& reported : outcome.findings) {
        if (reported.finding.resource.pointer.to_string() == pointer &&
            reported.finding.safety == Safety::Manual) {
          manual = true;
        }
      }
      const json& template_value = after[json::json_pointer(
          original.value()
              .pointer_to(
                  view.scopes()[view.scopes()[cluster->scope].expression_scope].template_node)
              .to_string())];
      INFO("cluster " << pointer);
      CHECK((manual || passes_rule(after[json::json_pointer(pointer)], template_value)));
      ++clusters_checked;
      if (!manual) ++clusters_fixed;
    }

    for (const auto& resource : view.resources()) {
      if (!resource.existing) continue;
      json::json_pointer at(original.value().pointer_to(resource.node).to_string());
      CHECK(after[at] == before[at]);
    }
    for (const auto& op : json::diff(before, after)) {
      INFO("change " << op.dump());
      CHECK(change_is_allowed(op, cluster_pointers));
    }

    FileOutcome again = process_text(outcome.fixed_text, options);
    CHECK_FALSE(again.changed());
  }
  CHECK(templates >= 40);
  CHECK(clusters_checked >= 40);
  CHECK(clusters_fixed > clusters_checked / 2);
}
