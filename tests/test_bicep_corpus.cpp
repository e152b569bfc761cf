// Every real-world Bicep file in ../shared/corpus-bicep, fixed with --unsafe-fixes: each
// deployed cluster passes the rule (checked here on the fixed file, independently of the
// fixer) or carries a manual finding with its reason; `existing` clusters and every byte
// outside the clusters' securityProfile and type strings stay as they were (added parameters
// aside); every comment survives; a second run changes nothing; and the deliberately invalid
// compiler test input is refused with its line and column.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include "armfix/bicep_pipeline.hpp"
#include "bicep/bicep_document.hpp"
#include "support.hpp"

using namespace armfix;

namespace {

const char* const kInvalidFile =
    "azure-bicep/src__Bicep.Core.Samples__Files__baselines__InvalidResources_CRLF__main.bicep";
constexpr std::string_view kClusterType = "microsoft.containerservice/managedclusters@";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

NodeId value_of(const BicepDocument& doc, NodeId object, std::string_view key) {
  NodeId property = doc.find_property(object, key);
  return property == kNoNode ? kNoNode : doc.node(property).value;
}

// The deployed clusters, by the test's own reading of the tree.
std::vector<NodeId> deployed_clusters(const BicepDocument& doc) {
  std::vector<NodeId> clusters;
  for (NodeId resource : doc.declarations(BicepDeclarationKind::Resource)) {
    auto type = doc.string_value(doc.node(resource).type);
    if (!doc.node(resource).existing && type && lower(*type).rfind(kClusterType, 0) == 0) {
      clusters.push_back(resource);
    }
  }
  return clusters;
}

// union(..., last) enables Defender when its last argument sets the remaining path to true:
// union() merges deeply and the last object wins.
bool passes_from(const BicepDocument& doc, NodeId value, const std::vector<std::string>& path,
                 std::size_t next) {
  if (doc.is(value, BicepNodeKind::Call) && doc.call_name(value) == "union") {
    auto arguments = doc.call_arguments(value);
    return !arguments.empty() && passes_from(doc, arguments.back(), path, next);
  }
  if (next == path.size()) return doc.is(value, BicepNodeKind::True);
  return passes_from(doc, value_of(doc, value, path[next]), path, next + 1);
}

bool passes_rule(const BicepDocument& doc, NodeId cluster) {
  NodeId body = doc.body_object(cluster);
  return passes_from(
      doc, body, {"properties", "securityProfile", "defender", "securityMonitoring", "enabled"}, 0);
}

bool inside(const TextEdit& edit, Span span) {
  return span.begin <= edit.offset && edit.offset + edit.length <= span.end;
}

// The places a fix may change, in the original file: each deployed cluster's type string and
// securityProfile, an insertion of securityProfile into its properties (or of properties into
// its body), a wrap of an expression-valued properties; and a new parameter declaration.
bool edit_is_allowed(const BicepDocument& doc, const std::vector<NodeId>& clusters,
                     const TextEdit& edit) {
  static const std::regex kParameter(
      R"(\s*@description\('[^'\n]*'\)\r?\nparam [A-Za-z_][A-Za-z0-9_]* string( = '[^'\n]*')?\s*)");
  for (NodeId cluster : clusters) {
    if (inside(edit, doc.node(doc.node(cluster).type).span)) return true;
    NodeId body = doc.body_object(cluster);
    if (body == kNoNode || !inside(edit, doc.node(body).span)) continue;
    NodeId properties_property = doc.find_property(body, "properties");
    if (properties_property == kNoNode) {
      return edit.length == 0 && edit.text.find("properties: {") != std::string::npos;
    }
    NodeId properties = doc.node(properties_property).value;
    if (!doc.is(properties, BicepNodeKind::Object)) {
      Span span = doc.node(properties).span;
      return edit.offset == span.begin && edit.length == span.size() &&
             edit.text.rfind("union(", 0) == 0;
    }
    NodeId profile = doc.find_property(properties, "securityProfile");
    if (profile != kNoNode) return inside(edit, doc.node(profile).span);
    return edit.length == 0 && edit.text.find("securityProfile: {") != std::string::npos;
  }
  return edit.length == 0 && std::regex_match(edit.text, kParameter);
}

std::vector<std::string> sorted_comments(const BicepDocument& doc) {
  std::vector<std::string> comments;
  for (const Span& comment : doc.comments())
    comments.emplace_back(doc.source(comment));
  std::sort(comments.begin(), comments.end());
  return comments;
}

}  // namespace

TEST_CASE("bicep corpus: every file is read losslessly or refused with its position",
          "[bicep][corpus]") {
  const auto root = test::shared_path("corpus-bicep");
  const auto files = test::files_under(root, ".bicep");
  REQUIRE(files.size() >= 26);
  for (const auto& path : files) {
    const std::string relative = std::filesystem::relative(path, root).generic_string();
    INFO(relative);
    const std::string text = test::read_file(path);
    auto parsed = BicepDocument::parse(text);
    if (relative == kInvalidFile) {
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().position.line == 3);
      CHECK(parsed.error().position.column == 1);
      CHECK(parsed.error().message ==
            "expected a declaration (param, var, resource, module, output, type, func, ...), "
            "found 'bad'");
      continue;
    }
    REQUIRE(parsed.ok());
    const BicepDocument& doc = parsed.value();
    CHECK(doc.text() == text);
    // Every byte is a node's, a comment's, a directive's or white space: the top-level
    // declarations and the gaps between them give back the file.
    std::string rebuilt;
    std::uint32_t at = 0;
    for (NodeId declaration : doc.children(doc.root())) {
      Span span = doc.node(declaration).span;
      REQUIRE(span.begin >= at);
      rebuilt += text.substr(at, span.begin - at);
      rebuilt += doc.source(span);
      at = span.end;
    }
    rebuilt += text.substr(at);
    CHECK(rebuilt == text);
  }
}

TEST_CASE("bicep corpus: every deployed cluster passes or needs a person, nothing else changes",
          "[bicep][corpus]") {
  const auto root = test::shared_path("corpus-bicep");
  const auto expected_counts = test::cluster_counts("corpus-bicep");
  PipelineOptions options = test::defender_only();
  options.unsafe_fixes = true;
  int files_checked = 0;
  int clusters_checked = 0;
  int clusters_fixed = 0;
  for (const auto& path : test::files_under(root, ".bicep")) {
    const std::string relative = std::filesystem::relative(path, root).generic_string();
    if (relative == kInvalidFile) continue;
    INFO(relative);
    const std::string text = test::read_file(path);
    FileOutcome outcome = process_bicep_text(text, options);
    REQUIRE_FALSE(outcome.error);
    REQUIRE(outcome.kind == FileKind::Template);
    ++files_checked;

    auto original = BicepDocument::parse(text);
    REQUIRE(original.ok());
    const BicepDocument& before = original.value();
    const auto clusters = deployed_clusters(before);
    REQUIRE(expected_counts.count(relative) == 1);
    CHECK(static_cast<int>(clusters.size()) == expected_counts.at(relative));
    CHECK(outcome.resources == clusters.size());

    auto fixed = BicepDocument::parse(outcome.fixed_text);
    REQUIRE(fixed.ok());
    const BicepDocument& after = fixed.value();
    for (NodeId cluster : clusters) {
      std::string symbol(before.symbol(cluster));
      INFO("cluster " << symbol);
      bool manual = false;
      for (const auto& reported : outcome.findings) {
        if (reported.finding.resource.name != symbol) continue;
        manual = reported.finding.safety == Safety::Manual;
        if (manual) CHECK_THAT(reported.finding.message, Catch::Contains("; "));
      }
      NodeId again = after.find_declaration(symbol);
      REQUIRE(again != kNoNode);
      CHECK((manual || passes_rule(after, again)));
      ++clusters_checked;
      if (!manual) ++clusters_fixed;
    }

    for (const auto& edit : outcome.edits) {
      INFO("edit at byte " << edit.offset << " replacing " << edit.length << " bytes with '"
                           << edit.text << "'");
      CHECK(edit_is_allowed(before, clusters, edit));
    }
    for (NodeId resource : before.declarations(BicepDeclarationKind::Resource)) {
      if (!before.node(resource).existing) continue;
      for (const auto& edit : outcome.edits) {
        Span span = before.node(resource).span;
        CHECK((edit.offset + edit.length <= span.begin || edit.offset >= span.end));
      }
    }
    CHECK(sorted_comments(after) == sorted_comments(before));
    CHECK_FALSE(process_bicep_text(outcome.fixed_text, options).changed());
  }
  CHECK(files_checked >= 25);
  CHECK(clusters_checked >= 40);
  CHECK(clusters_fixed > clusters_checked / 2);
}

TEST_CASE("bicep corpus: the invalid file is refused and left untouched by --write",
          "[bicep][corpus][cli]") {
  const std::string text = test::read_file(test::shared_path("corpus-bicep") / kInvalidFile);
  PipelineOptions options = test::defender_only();
  options.unsafe_fixes = true;
  FileOutcome outcome = process_bicep_text(text, options);
  CHECK(outcome.kind == FileKind::Invalid);
  REQUIRE(outcome.error);
  CHECK(outcome.error->position.line == 3);
  CHECK(outcome.error->position.column == 1);
  CHECK_FALSE(outcome.changed());
  CHECK(outcome.fixed_text == text);
}
