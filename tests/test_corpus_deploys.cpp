// Every real-world template of ../shared/corpus and Bicep file of ../shared/corpus-bicep, fixed
// with --unsafe-fixes and every rule: each fixed cluster sets only what its final apiVersion
// accepts (the author's own unknown properties aside), a raise drops nothing the cluster set,
// and an enabled Defender has a workspace under the parameter defaults, or one every
// deployment must pass. A fix that would break these is withheld as a manual finding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <sstream>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/pipeline.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_resource_model.hpp"
#include "core/ascii.hpp"
#include "json/arm_resource_model.hpp"
#include "rules/api_version_choice.hpp"
#include "schema/api_version_table.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";
const char* const kInvalidBicep =
    "azure-bicep/src__Bicep.Core.Samples__Files__baselines__InvalidResources_CRLF__main.bicep";

constexpr std::string_view kNoDefault = "has no default value";

const ApiVersionTable& table() {
  return ApiVersionTable::managed_clusters();
}

struct Tally {
  int files = 0;
  int clusters_fixed = 0;
  int raises = 0;
  int unjudged_versions = 0;            // final apiVersions the table lacks
  int withheld = 0;                     // findings the fixed-resource check made manual
  int workspaces_required_input = 0;    // a parameter without a default
  int workspaces_deployment_known = 0;  // reference(), resourceInfo(): known at deployment
};

bool known_to_some_version(const PropertyPath& path) {
  return armfix::known_to_some_version(table(), path);
}

bool accepted_by(const std::optional<std::string>& version, const PropertyPath& path) {
  return version && table().accepts(*version, path);
}

// What `path` holds under the defaults, through objects, union() wraps and evaluated
// expressions; nullopt when certainly not set.
std::optional<Evaluated> value_at(const ResourceModel& model, const ResourceRef& resource,
                                  const PropertyPath& path) {
  ValueRef value = model.body(resource);
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    if (value.is(Shape::Object)) {
      value = model.member(value, path[depth]);
      continue;
    }
    if (value.absent()) return std::nullopt;
    const PropertyPath rest(path.begin() + static_cast<std::ptrdiff_t>(depth), path.end());
    if (auto forced = model.forced_by_union(resource, value, rest)) return Evaluated::of(*forced);
    Evaluated whole = model.evaluate(resource, value);
    if (!whole.known()) return Evaluated::unknown(whole.unknown_reason);
    nlohmann::json at = *whole.value;
    for (const auto& key : rest) {
      const nlohmann::json* next = nullptr;
      for (auto it = at.begin(); at.is_object() && it != at.end(); ++it) {
        if (equals_ignore_case(it.key(), key)) next = &it.value();
      }
      if (next == nullptr) return std::nullopt;
      at = nlohmann::json(*next);
    }
    return Evaluated::of(at);
  }
  if (value.is(Shape::Missing)) return std::nullopt;
  return model.evaluate(resource, value);
}

std::string shown(const PropertyPath& path) {
  return shown_path(path);
}

// The three promises for one fixed cluster.
void check_fixed_cluster(const ResourceModel& before, const ResourceRef& original,
                         const ResourceModel& after, const ResourceRef& fixed, Tally& tally) {
  const auto before_version = before.api_version(original).resolved;
  const auto after_version = after.api_version(fixed).resolved;
  INFO("apiVersion " << before_version.value_or("?") << " -> " << after_version.value_or("?"));
  const auto before_paths = paths_set(before, before.body(original));
  const auto after_paths = paths_set(after, after.body(fixed));
  const bool raised = before_version != after_version;
  if (raised) ++tally.raises;

  if (!after_version || !table().has_version(*after_version)) {
    ++tally.unjudged_versions;
  } else {
    // (1) what the fixed cluster sets, its final version accepts; (3) a raise drops nothing.
    for (const auto& path : after_paths) {
      if (is_deployment_key(path) || table().accepts(*after_version, path)) continue;
      const bool authors_own = contains_path(before_paths, path) &&
                               !accepted_by(before_version, path) &&
                               !(raised && known_to_some_version(path));
      INFO("unaccepted " << shown(path));
      CHECK(authors_own);
    }
  }

  // (2) an enabled Defender has a workspace a deployment can use.
  auto enabled = value_at(
      after, fixed, {"properties", "securityProfile", "defender", "securityMonitoring", "enabled"});
  if (!enabled || !enabled->known() || *enabled->value != true) return;
  auto workspace =
      value_at(after, fixed,
               {"properties", "securityProfile", "defender", "logAnalyticsWorkspaceResourceId"});
  REQUIRE(workspace);
  INFO("workspace " << (workspace->known() ? workspace->value->dump() : workspace->unknown_reason));
  if (!workspace->known() && !workspace->non_empty_string) {
    // A required input, or a reference only the deployment resolves: never null or empty here.
    const bool required_input = ends_with_ignore_case(workspace->unknown_reason, kNoDefault);
    ++(required_input ? tally.workspaces_required_input : tally.workspaces_deployment_known);
    return;
  }
  CHECK(is_non_empty_string(*workspace));
}

bool is_applied_fix_of(const ReportedFinding& reported, const ResourceRef& cluster) {
  return reported.applied &&
         reported.finding.resource.pointer.to_string() == cluster.pointer.to_string();
}

// Every deployed cluster of `before` with an applied finding, checked in `after`.
void check_clusters(const FileOutcome& outcome, const ResourceModel& before,
                    const ResourceModel& after, Tally& tally) {
  for (const auto& reported : outcome.findings) {
    if (reported.finding.message.find("; after the fix, ") == std::string::npos) continue;
    ++tally.withheld;
    WARN("withheld: " << reported.finding.resource.name << ": " << reported.finding.message);
  }
  const auto fixed_clusters = after.deployed(kClusterType);
  for (const auto& cluster : before.deployed(kClusterType)) {
    const bool fixed = std::any_of(outcome.findings.begin(), outcome.findings.end(),
                                   [&](const auto& f) { return is_applied_fix_of(f, cluster); });
    if (!fixed) continue;
    INFO("cluster " << cluster.pointer.to_string());
    auto same = std::find_if(
        fixed_clusters.begin(), fixed_clusters.end(),
        [&](const ResourceRef& r) { return r.pointer.to_string() == cluster.pointer.to_string(); });
    REQUIRE(same != fixed_clusters.end());
    ++tally.clusters_fixed;
    check_fixed_cluster(before, cluster, after, *same, tally);
  }
}

PipelineOptions every_rule_unsafe() {
  PipelineOptions options;
  options.unsafe_fixes = true;
  return options;
}

void report(const char* corpus, const Tally& tally) {
  WARN(corpus << ": " << tally.files << " files, " << tally.clusters_fixed << " clusters fixed, "
              << tally.raises << " apiVersion raises, " << tally.withheld
              << " fixes withheld by the fixed-resource check, " << tally.unjudged_versions
              << " final apiVersions not in the table; Defender workspaces unknown: "
              << tally.workspaces_required_input << " required inputs, "
              << tally.workspaces_deployment_known << " known at deployment");
}

}  // namespace

TEST_CASE("corpus deploys: every fixed ARM cluster is one its apiVersion accepts",
          "[corpus][fixed-check]") {
  const auto root = test::shared_path("corpus");
  Tally tally;
  for (const auto& path : test::files_under(root, ".json")) {
    INFO(std::filesystem::relative(path, root).string());
    const std::string text = test::read_file(path);
    FileOutcome outcome = process_text(text, every_rule_unsafe());
    if (outcome.kind != FileKind::Template) continue;
    REQUIRE_FALSE(outcome.error);
    ++tally.files;
    auto original = Document::parse(text);
    auto fixed = Document::parse(outcome.fixed_text);
    REQUIRE(original.ok());
    REQUIRE(fixed.ok());
    const TemplateView before_view(original.value());
    const TemplateView after_view(fixed.value());
    check_clusters(outcome, ArmResourceModel(original.value(), before_view),
                   ArmResourceModel(fixed.value(), after_view), tally);
  }
  report("ARM corpus", tally);
  CHECK(tally.files >= 40);
  CHECK(tally.clusters_fixed >= 20);
}

TEST_CASE("corpus deploys: every fixed Bicep cluster is one its apiVersion accepts",
          "[corpus][bicep][fixed-check]") {
  const auto root = test::shared_path("corpus-bicep");
  Tally tally;
  for (const auto& path : test::files_under(root, ".bicep")) {
    const std::string relative = std::filesystem::relative(path, root).generic_string();
    if (relative == kInvalidBicep) continue;
    INFO(relative);
    const std::string text = test::read_file(path);
    FileOutcome outcome = process_bicep_text(text, every_rule_unsafe());
    REQUIRE_FALSE(outcome.error);
    ++tally.files;
    auto original = BicepDocument::parse(text);
    auto fixed = BicepDocument::parse(outcome.fixed_text);
    REQUIRE(original.ok());
    REQUIRE(fixed.ok());
    check_clusters(outcome, BicepResourceModel(original.value()), BicepResourceModel(fixed.value()),
                   tally);
  }
  report("Bicep corpus", tally);
  CHECK(tally.files >= 25);
  CHECK(tally.clusters_fixed >= 20);
}
