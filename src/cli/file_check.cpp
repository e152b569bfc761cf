// One file through the pipeline, on a worker thread.
#include "cli/file_check.hpp"

#include <array>
#include <cstdint>
#include <exception>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/engine.hpp"
#include "io/atomic_write.hpp"
#include "io/file_read.hpp"
#include "io/text_encoding.hpp"
#include "report/diff.hpp"

namespace armfix {

namespace {

constexpr std::string_view kClusterMarker = "managedclusters";
constexpr std::size_t kKeptBufferBytes = 4 << 20;

unsigned char ascii_fold(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

// Horspool's skip table for the marker, by raw byte with ASCII case folded.
using SkipTable = std::array<std::uint8_t, 256>;
SkipTable marker_skips() {
  SkipTable skips{};
  skips.fill(static_cast<std::uint8_t>(kClusterMarker.size()));
  for (std::size_t i = 0; i + 1 < kClusterMarker.size(); ++i) {
    auto skip = static_cast<std::uint8_t>(kClusterMarker.size() - 1 - i);
    auto lower = static_cast<unsigned char>(kClusterMarker[i]);
    skips[lower] = skip;
    skips[static_cast<unsigned char>(lower - 'a' + 'A')] = skip;
  }
  return skips;
}

SourceError file_error(std::string message) {
  SourceError error;
  error.message = std::move(message);
  return error;
}

}  // namespace

// Most of the walked files fail this check, so it runs at memory speed: a hand-rolled
// Horspool search skips up to the marker's length per step without allocating (the standard
// searcher with a case-folding predicate builds a hash map and calls tolower per byte).
bool may_hold_cluster(std::string_view bytes) {
  static const SkipTable skips = marker_skips();
  const std::size_t last = kClusterMarker.size() - 1;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t end = last; end < bytes.size(); end += skips[data[end]]) {
    std::size_t k = 0;
    while (k <= last &&
           ascii_fold(data[end - k]) == static_cast<unsigned char>(kClusterMarker[last - k]))
      ++k;
    if (k > last) return true;
  }
  return false;
}

bool may_hold_cluster_in_any_encoding(std::string_view bytes) {
  const DetectedEncoding detected = detect_encoding(bytes);
  if (detected.encoding == TextEncoding::Utf8) return may_hold_cluster(bytes);
  return may_hold_cluster(ascii_characters(bytes, detected));
}

FileResult check_file(const DiscoveredPath& file, const CliOptions& options,
                      const TextProcessor& process, const CheckedTextSink& sink) {
  FileResult result;
  result.path = file.display_path;
  result.explicitly_named = file.explicitly_named;
  result.language = file.language;

  // Each worker reads into a buffer it keeps, so files are never zero-filled, and parses them
  // in place, so they are never copied. A buffer grown for a large file is not kept (memory
  // must not stay at the largest file per thread): its file is taken out of it instead.
  thread_local std::string buffer;
  std::size_t size = 0;
  auto error = read_file_into(file.path, buffer, size);
  std::string large_file;
  if (buffer.size() > kKeptBufferBytes) {
    buffer.resize(size);
    large_file.swap(buffer);
  }
  const std::string_view text =
      large_file.empty() ? std::string_view(buffer.data(), size) : std::string_view(large_file);
  if (error) {
    result.state = FileState::Failed;
    result.errors.push_back(file_error(*error));
    return result;
  }
  // A file named on the command line is always parsed, so a mistake gets a note or an error.
  if (!file.explicitly_named && !may_hold_cluster_in_any_encoding(text)) {
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
    // The diff of the edits' places alone: on a large file, diffing all of it costs far more.
    result.diff = unified_diff(text, result.outcome.fixed_text, result.path,
                               splices_of(result.outcome.edits));
  }
  if (result.changed() && options.mode == Mode::Write) result.fingerprint = fingerprint_of(text);
  if (sink) sink(result, text);
  // Every file's text kept until the end of the run would make memory grow with the
  // repository: only SARIF and JSON, whose edits are located in the original, keep it.
  bool sarif_needs_text = !result.outcome.findings.empty() || result.changed();
  bool json_needs_text = result.changed();
  if ((options.format == ReportFormat::Sarif && sarif_needs_text) ||
      (options.format == ReportFormat::Json && json_needs_text)) {
    result.original = large_file.empty() ? std::string(text) : std::move(large_file);
  }
  result.outcome.fixed_text.clear();
  result.outcome.fixed_text.shrink_to_fit();
  // The patch operations are applied by now; the reports need only what each finding says.
  for (auto& reported : result.outcome.findings)
    std::vector<PatchOperation>().swap(reported.finding.operations);
  return result;
}

}  // namespace armfix
