// Tests of checking one file: the cluster pre-check, what is parsed, and how pipeline outcomes
// become file results. The pipeline is replaced by a stand-in that records its calls.
#include "cli/file_check.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

#include "cli_support.hpp"

namespace {

using namespace armfix;
using armfix::cli_test::TempDir;
using armfix::cli_test::write_text;

struct FakePipeline {
  FileOutcome outcome;
  std::shared_ptr<int> calls = std::make_shared<int>(0);
  bool throws = false;

  TextProcessor processor() const {
    return [*this](std::string_view, const PipelineOptions&) {
      ++*calls;
      if (throws) throw std::runtime_error("boom");
      return outcome;
    };
  }
};

DiscoveredPath candidate(const TempDir& dir, const std::string& name, bool explicitly_named) {
  DiscoveredPath path;
  path.display_path = name;
  path.path = dir / name;
  path.explicitly_named = explicitly_named;
  return path;
}

FileOutcome changed_outcome(const std::string& before, const std::string& after) {
  FileOutcome outcome;
  outcome.edits.push_back(TextEdit{0, before.size(), after});
  outcome.fixed_text = after;
  ReportedFinding finding;
  finding.applied = true;
  outcome.findings.push_back(finding);
  return outcome;
}

}  // namespace

TEST_CASE("the pre-check finds managedClusters in any case", "[cli]") {
  CHECK(may_hold_cluster(R"({"type": "Microsoft.ContainerService/managedClusters"})"));
  CHECK(may_hold_cluster("MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS"));
  CHECK(may_hold_cluster("xmanagedclustersx"));
  CHECK_FALSE(may_hold_cluster(R"({"type": "Microsoft.Storage/storageAccounts"})"));
  CHECK_FALSE(may_hold_cluster("managedCluster"));
  CHECK_FALSE(may_hold_cluster(""));
}

TEST_CASE("the pre-check finds the marker at every offset, among look-alikes", "[cli]") {
  const std::string filler = "managed clusters managedcluster sclusters \"managedClusterName\" ";
  for (std::size_t at = 0; at <= filler.size(); ++at) {
    std::string text = filler;
    text.insert(at, "ManagedCLUSTERS");
    INFO(text);
    CHECK(may_hold_cluster(text));
    text[at + 7] = 'X';  // "ManagedXLUSTERS"
    CHECK_FALSE(may_hold_cluster(text));
  }
}

TEST_CASE("a walked file without managedClusters is not parsed", "[cli]") {
  TempDir dir;
  write_text(dir / "storage.json", R"({"resources": []})");
  FakePipeline pipeline;
  FileResult result = check_file(candidate(dir, "storage.json", false), {}, pipeline.processor());
  CHECK(*pipeline.calls == 0);
  CHECK(result.state == FileState::NoClusters);
  CHECK(result.skip_reason == "no managedClusters resource (not parsed)");
}

TEST_CASE("a file named explicitly is parsed even without managedClusters", "[cli]") {
  TempDir dir;
  write_text(dir / "params.json", "{}");
  FakePipeline pipeline;
  pipeline.outcome.kind = FileKind::NotTemplate;
  FileResult result = check_file(candidate(dir, "params.json", true), {}, pipeline.processor());
  CHECK(*pipeline.calls == 1);
  CHECK(result.state == FileState::NotTemplate);
  CHECK(result.explicitly_named);
}

TEST_CASE("an invalid file becomes an error at the parser's position", "[cli]") {
  TempDir dir;
  write_text(dir / "bad.json", "{ managedClusters");
  FakePipeline pipeline;
  pipeline.outcome.kind = FileKind::Invalid;
  pipeline.outcome.error = SourceError{{1, 3}, 2, "expected a string"};
  FileResult result = check_file(candidate(dir, "bad.json", false), {}, pipeline.processor());
  CHECK(result.state == FileState::Failed);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].position.column == 3);
  CHECK(result.errors[0].message == "expected a string");
}

TEST_CASE("an unreadable file and a throwing pipeline become errors", "[cli]") {
  TempDir dir;
  FakePipeline pipeline;
  FileResult missing = check_file(candidate(dir, "gone.json", true), {}, pipeline.processor());
  CHECK(missing.state == FileState::Failed);
  CHECK(missing.errors.at(0).message == "cannot read: No such file or directory");

  write_text(dir / "t.json", "managedClusters");
  pipeline.throws = true;
  FileResult crashed = check_file(candidate(dir, "t.json", false), {}, pipeline.processor());
  CHECK(crashed.state == FileState::Failed);
  CHECK(crashed.errors.at(0).message == "internal error: boom");
}

TEST_CASE("a fix is turned into a diff for --dry-run and --patch only", "[cli]") {
  TempDir dir;
  write_text(dir / "t.json", "managedClusters\n");
  FakePipeline pipeline;
  pipeline.outcome = changed_outcome("managedClusters\n", "managedClusters fixed\n");
  CliOptions options;
  options.mode = Mode::DryRun;
  FileResult dry_run = check_file(candidate(dir, "t.json", false), options, pipeline.processor());
  CHECK(dry_run.state == FileState::Checked);
  CHECK(dry_run.changed());
  CHECK_THAT(dry_run.diff, Catch::StartsWith("diff --git a/t.json b/t.json\n"));
  CHECK(dry_run.original.empty());  // only SARIF needs the text after the check

  options.mode = Mode::Write;
  FileResult write = check_file(candidate(dir, "t.json", false), options, pipeline.processor());
  CHECK(write.diff.empty());
  CHECK(write.outcome.fixed_text.empty());  // the edits are applied again when writing
  CHECK(write.outcome.edits.size() == 1);
  CHECK(write.fingerprint.size == std::string("managedClusters\n").size());
  CHECK(write.fingerprint.hash == fingerprint_of("managedClusters\n").hash);

  options.format = ReportFormat::Sarif;
  FileResult sarif = check_file(candidate(dir, "t.json", false), options, pipeline.processor());
  CHECK(sarif.original == "managedClusters\n");

  options.format = ReportFormat::Json;  // the JSON report locates the edits in the text
  FileResult json = check_file(candidate(dir, "t.json", false), options, pipeline.processor());
  CHECK(json.original == "managedClusters\n");
}

TEST_CASE("an internal error withdraws the file's fix", "[cli]") {
  TempDir dir;
  write_text(dir / "t.json", "managedClusters\n");
  FakePipeline pipeline;
  pipeline.outcome = changed_outcome("managedClusters\n", "other\n");
  pipeline.outcome.error = SourceError{{1, 1}, 0, "internal error: not idempotent"};
  FileResult result = check_file(candidate(dir, "t.json", false), {}, pipeline.processor());
  CHECK(result.state == FileState::Checked);
  CHECK_FALSE(result.changed());
  CHECK_FALSE(result.outcome.findings.at(0).applied);
  CHECK(result.errors.at(0).message == "internal error: not idempotent");
}
