// The command line as data: what the user asked armfix to do, parsed and validated by CLI11.
//
// Everything after parsing (discovery, processing, output) reads only this struct, so the
// runner can be driven by tests without a command line.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "armfix/pipeline.hpp"

namespace armfix {

enum class Mode { Report, DryRun, Write, Patch };
enum class ReportFormat { Text, Json, Sarif };
enum class ColorChoice { Auto, Always, Never };
enum class Verbosity { Quiet, Normal, Verbose };

const char* to_string(Mode mode);

// --workspace-id-for FILE=ID: the value a parameter file supplies for a new workspace parameter.
struct WorkspaceIdFor {
  std::string file;
  std::string id;
};

struct CliOptions {
  std::vector<std::string> paths{"."};
  Mode mode = Mode::Report;
  std::string patch_file;  // --patch FILE; "-" is stdout
  PipelineOptions pipeline;
  bool list_rules = false;
  std::string explain_rule;  // --explain RULE: print its documentation page; empty: none
  ReportFormat format = ReportFormat::Text;
  std::string output_file;   // empty: the terminal (stdout, or stderr when stdout carries a diff)
  std::string summary_file;  // empty: no Markdown summary
  ColorChoice color = ColorChoice::Auto;
  unsigned jobs = 0;  // 0: one per core
  Verbosity verbosity = Verbosity::Normal;
  std::vector<std::string> excludes;
  std::vector<WorkspaceIdFor> workspace_ids_for;
};

// Either options to run with, or the exit code of a command line that was fully handled here
// (--help and --version: 0; a usage error, already explained on `err`: 2).
struct ParsedCommandLine {
  std::optional<CliOptions> options;
  int exit_code = 0;
};

ParsedCommandLine parse_command_line(int argc, const char* const* argv, std::ostream& out,
                                     std::ostream& err);

}  // namespace armfix
