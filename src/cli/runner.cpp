// The run: discovery, parallel checking with progress, writes, then every output in file order.
#include "cli/runner.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "cli/terminal.hpp"
#include "core/parallel.hpp"
#include "io/checked_stream.hpp"
#include "io/compiled_sources.hpp"
#include "io/discovery.hpp"
#include "io/fix_writer.hpp"
#include "io/output_paths.hpp"
#include "io/parameter_file_check.hpp"
#include "io/parameter_files.hpp"
#include "report/report_json.hpp"
#include "report/report_sarif.hpp"
#include "report/report_text.hpp"
#include "report/summary_markdown.hpp"
#include "report/text_writer.hpp"
#include "rules/rule_docs.hpp"
#include "rules/rule_list.hpp"

namespace armfix {

namespace fs = std::filesystem;

namespace {

unsigned job_count(unsigned requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? cores : 1;
}

// Writes an output file (report, patch, summary) from what `produce` writes into it; a failure
// is reported and makes the exit 2.
bool write_output(const std::string& path, const std::function<void(const TextWriter&)>& produce,
                  CheckedStream& err) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) {
    produce([&file](std::string_view text) {
      file.write(text.data(), static_cast<std::streamsize>(text.size()));
    });
  }
  if (file) file.close();
  if (file) return true;
  std::error_code error(errno, std::generic_category());
  err.write("armfix: error: cannot write " + path + ": " + error.message() + "\n");
  return false;
}

bool write_output(const std::string& path, const std::string& text, CheckedStream& err) {
  return write_output(
      path, [&text](const TextWriter& write) { write(text); }, err);
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
                    const TextProcessor& process, std::FILE* err, FixWriter* writer) {
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
  std::atomic<std::size_t> resources{0};
  std::atomic<std::size_t> fixes{0};
  ProgressLine progress(err, options.verbosity != Verbosity::Quiet && is_terminal(err));
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
        resources += resources_with_findings(result.outcome);
        for (const auto& finding : result.outcome.findings)
          fixes += finding.applied ? 1 : 0;
        run.files[index] = std::move(result);
        ++done;
      },
      [&] { progress.update(done, candidates.size(), resources, fixes); });
  progress.clear();
  return run;
}

void print_notes(const RunResult& run, Verbosity verbosity, CheckedStream& err) {
  if (verbosity == Verbosity::Quiet) return;
  for (const auto& file : run.files) {
    if (file.skip_reason.empty()) continue;
    bool noted = file.explicitly_named && file.state != FileState::NoClusters;
    if (noted || verbosity == Verbosity::Verbose) {
      err.write(file.path + ": note: skipped: " + file.skip_reason + "\n");
    }
  }
}

// Every diff, in file order, a file at a time.
void write_diffs(const RunResult& run, const TextWriter& write) {
  for (const auto& file : run.files) {
    if (!file.diff.empty()) write(file.diff);
    for (const auto& parameter_file : file.parameter_files) {
      if (!parameter_file.diff.empty()) write(parameter_file.diff);
    }
  }
}

void print_errors(const RunResult& run, const Palette& palette, CheckedStream& err) {
  for (const auto& file : run.files) {
    for (const auto& error : file.errors)
      err.write(format_error(file.path, error, palette));
    for (const auto& parameter_file : file.parameter_files) {
      if (parameter_file.error)
        err.write(format_error(parameter_file.path, *parameter_file.error, palette));
    }
  }
}

TextReportOptions text_report_options(const CliOptions& options, bool color) {
  TextReportOptions text;
  text.palette = Palette::of(color);
  text.quiet = options.verbosity == Verbosity::Quiet;
  return text;
}

// The report a part at a time: over a large repository a report is as large as its findings,
// so it is never held whole.
void write_report(const RunResult& run, const CliOptions& options, bool color,
                  const TextWriter& write) {
  switch (options.format) {
    case ReportFormat::Json:
      return write_json_report(run, write);
    case ReportFormat::Sarif:
      return write_sarif_report(run, rules_of_run(options.pipeline), write);
    case ReportFormat::Text:
      return write_text_report(run, text_report_options(options, color), write);
  }
}

}  // namespace

std::string render_report(const RunResult& run, const CliOptions& options, bool color) {
  std::string report;
  write_report(run, options, color, [&report](std::string_view part) { report += part; });
  return report;
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

namespace {

// The run itself, which writes only through `out` and `err`.
int run_checked(const CliOptions& options, const TextProcessor& process, CheckedStream& out,
                CheckedStream& err) {
  if (options.list_rules) {
    out.write(rule_list());
    return 0;
  }
  if (!options.explain_rule.empty()) {
    out.write(rule_markdown(*find_fixer(options.explain_rule)));
    return 0;
  }

  // Parameter files are found in the listings the walk makes: each directory is listed once.
  ParameterFileIndex parameter_files;
  DiscoveryOptions discovery;
  discovery.excludes = options.excludes;
  discovery.current_dir = fs::current_path();
  discovery.on_directory = [&parameter_files](const fs::path& directory, const auto& entries) {
    parameter_files.add_listing(directory, entries);
  };
  const std::vector<DiscoveredPath> discovered = discover(options.paths, discovery);
  if (auto conflict = output_conflict(options, discovered, parameter_files)) {
    err.write(*conflict);
    return 2;
  }

  std::optional<FixWriter> writer;
  if (options.mode == Mode::Write) {
    writer.emplace(discovered);
  }
  RunResult run =
      check_all(discovered, options, process, err.stream(), writer ? &*writer : nullptr);
  pair_compiled_templates(run, discovered);
  for (const auto& note : check_parameter_files(run, discovered, options, parameter_files))
    err.write(note + "\n");
  if (writer) {
    writer->commit(run);
    writer.reset();
  }

  bool output_failed = false;
  const bool out_is_terminal = is_terminal(out.stream());
  const bool err_is_terminal = is_terminal(err.stream());
  print_notes(run, options.verbosity, err);

  const bool patch_to_stdout = options.mode == Mode::Patch && options.patch_file == "-";
  if (options.mode == Mode::DryRun) {
    const Palette palette = Palette::of(use_color(options.color, out_is_terminal));
    write_diffs(run, [&](std::string_view diff) { out.write(colorize_diff(diff, palette)); });
  } else if (patch_to_stdout) {
    // Never coloured: it is meant for `git apply`.
    write_diffs(run, [&out](std::string_view diff) { out.write(diff); });
  } else if (options.mode == Mode::Patch) {
    output_failed |= !write_output(
        options.patch_file, [&run](const TextWriter& write) { write_diffs(run, write); }, err);
  }

  // When stdout carries a diff or patch, the report moves to stderr so stdout stays clean.
  const bool report_to_file = !options.output_file.empty();
  CheckedStream& report_stream = options.mode == Mode::DryRun || patch_to_stdout ? err : out;
  const bool report_is_terminal = &report_stream == &err ? err_is_terminal : out_is_terminal;
  const bool report_color = use_color(options.color, !report_to_file && report_is_terminal);
  if (report_to_file) {
    output_failed |= !write_output(
        options.output_file,
        [&](const TextWriter& write) { write_report(run, options, report_color, write); }, err);
  } else {
    write_report(run, options, report_color,
                 [&report_stream](std::string_view part) { report_stream.write(part); });
  }
  // Errors must reach a person even when the report is a file or machine-readable.
  if (report_to_file || options.format != ReportFormat::Text) {
    print_errors(run, Palette::of(use_color(options.color, err_is_terminal)), err);
  }

  if (!options.summary_file.empty()) {
    output_failed |= !write_output(options.summary_file, summary_markdown(run), err);
  }
  return output_failed ? 2 : exit_code_of(run);
}

}  // namespace

int run(const CliOptions& options, const TextProcessor& process, const Console& console) {
  CheckedStream out(console.out, "standard output");
  CheckedStream err(console.err, "standard error");
  const int code = run_checked(options, process, out, err);
  return finish_output(out, err) ? code : 2;
}

}  // namespace armfix
