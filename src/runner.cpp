// The run: discovery, parallel checking with progress, writes, then every output in file order.
#include "armfix/runner.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "armfix/compiled_sources.hpp"
#include "armfix/discovery.hpp"
#include "armfix/fix_writer.hpp"
#include "armfix/parallel.hpp"
#include "armfix/parameter_file_check.hpp"
#include "armfix/report_json.hpp"
#include "armfix/report_sarif.hpp"
#include "armfix/report_text.hpp"
#include "armfix/rule_list.hpp"
#include "armfix/summary_markdown.hpp"
#include "armfix/terminal.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

unsigned job_count(unsigned requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? cores : 1;
}

void print(std::FILE* stream, const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stream);
}

// Writes an output file (report, patch, summary); a failure is reported and makes the exit 2.
bool write_output(const std::string& path, const std::string& text, std::FILE* err) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) file.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (file) file.close();
  if (file) return true;
  std::error_code error(errno, std::generic_category());
  print(err, "armfix: error: cannot write " + path + ": " + error.message() + "\n");
  return false;
}

FileResult result_without_check(const DiscoveredPath& entry) {
  FileResult result;
  result.path = entry.display_path;
  result.explicitly_named = entry.explicitly_named;
  if (entry.kind == DiscoveryKind::Error) {
    result.state = FileState::Failed;
    SourceError error;
    error.message = entry.reason;
    result.errors.push_back(error);
  } else {
    result.state = FileState::Skipped;
    result.skip_reason = entry.reason;
  }
  return result;
}

RunResult check_all(const std::vector<DiscoveredPath>& discovered, const CliOptions& options,
                    const TextProcessor& process, const Console& console, FixWriter* writer) {
  RunResult run;
  run.mode = options.mode;
  run.files.resize(discovered.size());
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < discovered.size(); ++i) {
    if (discovered[i].kind == DiscoveryKind::Candidate) {
      candidates.push_back(i);
    } else {
      run.files[i] = result_without_check(discovered[i]);
    }
  }

  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> clusters{0};
  std::atomic<std::size_t> fixes{0};
  ProgressLine progress(console.err,
                        options.verbosity != Verbosity::Quiet && is_terminal(console.err));
  run_in_parallel(
      candidates.size(), job_count(options.jobs),
      [&](std::size_t k) {
        std::size_t index = candidates[k];
        CheckedTextSink stage;
        if (writer != nullptr) {
          stage = [&](FileResult& checked, std::string_view text) {
            writer->stage(index, checked, text);
          };
        }
        FileResult result = check_file(discovered[index], options, process, stage);
        clusters += result.outcome.findings.size();
        for (const auto& finding : result.outcome.findings)
          fixes += finding.applied ? 1 : 0;
        run.files[index] = std::move(result);
        ++done;
      },
      [&] { progress.update(done, candidates.size(), clusters, fixes); });
  progress.clear();
  return run;
}

void print_notes(const RunResult& run, Verbosity verbosity, std::FILE* err) {
  if (verbosity == Verbosity::Quiet) return;
  for (const auto& file : run.files) {
    if (file.skip_reason.empty()) continue;
    bool noted = file.explicitly_named && file.state != FileState::NoClusters;
    if (noted || verbosity == Verbosity::Verbose) {
      print(err, file.path + ": note: skipped: " + file.skip_reason + "\n");
    }
  }
}

std::string all_diffs(const RunResult& run) {
  std::string diffs;
  for (const auto& file : run.files) {
    diffs += file.diff;
    for (const auto& parameter_file : file.parameter_files)
      diffs += parameter_file.diff;
  }
  return diffs;
}

void print_errors(const RunResult& run, const Palette& palette, std::FILE* err) {
  for (const auto& file : run.files) {
    for (const auto& error : file.errors)
      print(err, format_error(file.path, error, palette));
    for (const auto& parameter_file : file.parameter_files) {
      if (parameter_file.error)
        print(err, format_error(parameter_file.path, *parameter_file.error, palette));
    }
  }
}

}  // namespace

std::string render_report(const RunResult& run, const CliOptions& options, bool color) {
  switch (options.format) {
    case ReportFormat::Json:
      return json_report(run).dump(2) + "\n";
    case ReportFormat::Sarif:
      return sarif_report(run, rules_of_run(options.pipeline)).dump(2) + "\n";
    case ReportFormat::Text:
      break;
  }
  TextReportOptions text;
  text.palette = Palette::of(color);
  text.quiet = options.verbosity == Verbosity::Quiet;
  return render_text_report(run, text);
}

std::vector<const RuleInfo*> rules_of_run(const PipelineOptions& options) {
  std::vector<const RuleInfo*> rules;
  if (!options.rules.empty()) {
    for (const Fixer* fixer : options.rules)
      rules.push_back(&fixer->info());
  } else {
    for (const auto& fixer : registered_fixers())
      rules.push_back(&fixer->info());
  }
  return rules;
}

int run(const CliOptions& options, const TextProcessor& process, const Console& console) {
  if (options.list_rules) {
    print(console.out, rule_list());
    return 0;
  }

  DiscoveryOptions discovery;
  discovery.excludes = options.excludes;
  discovery.current_dir = fs::current_path();
  const std::vector<DiscoveredPath> discovered = discover(options.paths, discovery);

  std::optional<FixWriter> writer;
  if (options.mode == Mode::Write) {
    writer.emplace(discovered);
  }
  RunResult run = check_all(discovered, options, process, console, writer ? &*writer : nullptr);
  pair_compiled_templates(run, discovered);
  for (const auto& note : check_parameter_files(run, discovered, options))
    print(console.err, note + "\n");
  if (writer) {
    writer->commit(run);
    writer.reset();
  }

  bool output_failed = false;
  const bool out_is_terminal = is_terminal(console.out);
  const bool err_is_terminal = is_terminal(console.err);
  print_notes(run, options.verbosity, console.err);

  const bool patch_to_stdout = options.mode == Mode::Patch && options.patch_file == "-";
  if (options.mode == Mode::DryRun) {
    print(console.out,
          colorize_diff(all_diffs(run), Palette::of(use_color(options.color, out_is_terminal))));
  } else if (patch_to_stdout) {
    print(console.out, all_diffs(run));  // never coloured: it is meant for `git apply`
  } else if (options.mode == Mode::Patch) {
    output_failed |= !write_output(options.patch_file, all_diffs(run), console.err);
  }

  // When stdout carries a diff or patch, the report moves to stderr so stdout stays clean.
  const bool report_to_file = !options.output_file.empty();
  std::FILE* report_stream =
      options.mode == Mode::DryRun || patch_to_stdout ? console.err : console.out;
  const bool report_is_terminal = report_stream == console.err ? err_is_terminal : out_is_terminal;
  const std::string report =
      render_report(run, options, use_color(options.color, !report_to_file && report_is_terminal));
  if (report_to_file) {
    output_failed |= !write_output(options.output_file, report, console.err);
  } else {
    print(report_stream, report);
  }
  // Errors must reach a person even when the report is a file or machine-readable.
  if (report_to_file || options.format != ReportFormat::Text) {
    print_errors(run, Palette::of(use_color(options.color, err_is_terminal)), console.err);
  }

  if (!options.summary_file.empty()) {
    output_failed |= !write_output(options.summary_file, summary_markdown(run), console.err);
  }
  std::fflush(console.out);
  std::fflush(console.err);
  return output_failed ? 2 : exit_code_of(run);
}

}  // namespace armfix
