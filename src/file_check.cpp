// One file through the pipeline, on a worker thread.
#include "armfix/file_check.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <functional>

#include "armfix/atomic_write.hpp"
#include "armfix/bicep_pipeline.hpp"
#include "armfix/diff.hpp"

namespace armfix {

namespace {

constexpr std::string_view kClusterMarker = "managedclusters";

struct IgnoreCaseHash {
  std::size_t operator()(char c) const {
    return static_cast<std::size_t>(std::tolower(static_cast<unsigned char>(c)));
  }
};
struct IgnoreCaseEqual {
  bool operator()(char a, char b) const {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  }
};

SourceError file_error(std::string message) {
  SourceError error;
  error.message = std::move(message);
  return error;
}

}  // namespace

bool may_hold_cluster(std::string_view bytes) {
  static const std::boyer_moore_horspool_searcher<std::string_view::const_iterator, IgnoreCaseHash,
                                                  IgnoreCaseEqual>
      searcher(kClusterMarker.begin(), kClusterMarker.end());
  return std::search(bytes.begin(), bytes.end(), searcher) != bytes.end();
}

FileResult check_file(const DiscoveredPath& file, const CliOptions& options,
                      const TextProcessor& process) {
  FileResult result;
  result.path = file.display_path;
  result.explicitly_named = file.explicitly_named;
  result.language = file.language;

  std::string text;
  if (auto error = read_whole_file(file.path, text)) {
    result.state = FileState::Failed;
    result.errors.push_back(file_error(*error));
    return result;
  }
  // A file named on the command line is always parsed, so a mistake gets a note or an error.
  if (!file.explicitly_named && !may_hold_cluster(text)) {
    result.state = FileState::NoClusters;
    result.skip_reason = "no managedClusters resource (not parsed)";
    return result;
  }

  try {
    // `process` stands for the JSON pipeline (tests replace it); Bicep has its own.
    result.outcome = file.language == SourceLanguage::Bicep
                         ? process_bicep_text(text, options.pipeline)
                         : process(text, options.pipeline);
  } catch (const std::exception& exception) {
    result.state = FileState::Failed;
    result.errors.push_back(file_error(std::string("internal error: ") + exception.what()));
    return result;
  }

  switch (result.outcome.kind) {
    case FileKind::NotTemplate:
      result.state = FileState::NotTemplate;
      result.skip_reason = "not an ARM deployment template";
      return result;
    case FileKind::Invalid:
      result.state = FileState::Failed;
      result.errors.push_back(result.outcome.error.value_or(file_error("invalid file")));
      return result;
    case FileKind::Template:
      break;
  }
  result.state = FileState::Checked;
  if (result.outcome.error) result.errors.push_back(*result.outcome.error);
  // An internal error means the fix could not be verified: nothing of it is offered.
  if (!result.errors.empty()) {
    result.outcome.edits.clear();
    result.outcome.fixed_text.clear();
    for (auto& finding : result.outcome.findings)
      finding.applied = false;
  }
  if (result.changed() && result.outcome.fixed_text == text) result.outcome.edits.clear();
  if (result.changed() && (options.mode == Mode::DryRun || options.mode == Mode::Patch)) {
    result.diff = unified_diff(text, result.outcome.fixed_text, result.path);
  }
  if (!result.outcome.findings.empty() || result.changed()) result.original = std::move(text);
  if (options.mode != Mode::Write) result.outcome.fixed_text.clear();
  return result;
}

}  // namespace armfix
