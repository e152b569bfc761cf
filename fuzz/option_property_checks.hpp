// Properties of option values, for fuzz_options and the tests that replay it: whatever bytes
// --workspace-param, --workspace-id, --workspace-id-for and --rule are given, the command line
// either refuses them as a usage error or runs with them, and then every fix, parameter file
// and machine-readable report made with them is text its readers take back unchanged.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep_property_checks.hpp"
#include "cli/cli_options.hpp"
#include "cli/runner.hpp"
#include "io/parameter_files.hpp"
#include "property_checks.hpp"
#include "report/report_json.hpp"
#include "report/report_sarif.hpp"

namespace armfix::fuzz {

// The option values one input gives, and the file name the reports show.
struct FuzzedOptions {
  std::vector<std::string> arguments;  // after the program name; the last one is the path
  std::string file_name;               // shown in the reports for the checked file
  std::string workspace_id_for;        // the ID given to --workspace-id-for, if any
  bool workspace_id_for_given = false;
};

namespace option_detail {

// A template whose fix adds the workspace parameter without a default: the workspace options
// and the parameter files then both come into play.
inline const std::string kArmTemplate = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2023-01-01",
      "name": "aks",
      "properties": {}
    }
  ]
}
)";

inline const std::string kBicepFile =
    R"(resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  properties: {}
}
)";

inline const std::string kJsonParameterFile = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "location": { "value": "westeurope" }
  }
}
)";

inline const std::string kBicepParamFile =
    "using './main.bicep'\n\nparam location = 'westeurope'\n";

// Reports are rendered as the command line renders them: any bytes in them must not throw.
inline Problem check_reports(const FileOutcome& outcome, const FuzzedOptions& fuzzed,
                             const CliOptions& options) {
  RunResult run;
  run.mode = options.mode;
  FileResult file;
  file.path = fuzzed.file_name;
  file.outcome = outcome;
  file.original = kArmTemplate;
  run.files.push_back(file);
  for (ReportFormat format : {ReportFormat::Json, ReportFormat::Sarif, ReportFormat::Text}) {
    CliOptions rendering = options;
    rendering.format = format;
    try {
      std::string report = render_report(run, rendering, false);
      if (format != ReportFormat::Text && !detail::is_valid_utf8(report))
        return "a machine-readable report is not valid UTF-8";
    } catch (const std::exception& exception) {
      return std::string("rendering a report throws: ") + exception.what();
    }
  }
  return std::nullopt;
}

// The value a parameter file supplies for `name`, read back with armfix's own readers.
inline std::optional<std::string> supplied_value(const std::string& text, const std::string& name,
                                                 ParameterFileFormat format) {
  if (format == ParameterFileFormat::Json) {
    auto parsed = Document::parse(text);
    if (!parsed) return std::nullopt;
    nlohmann::json value = parsed.value().value(parsed.value().root());
    const auto parameters = value.find("parameters");
    if (parameters == value.end() || !parameters->contains(name)) return std::nullopt;
    const nlohmann::json& entry = (*parameters)[name];
    if (!entry.contains("value") || !entry["value"].is_string()) return std::nullopt;
    return entry["value"].get<std::string>();
  }
  auto parsed = BicepDocument::parse(text);
  if (!parsed) return std::nullopt;
  const BicepDocument& document = parsed.value();
  NodeId declaration = document.find_declaration(name);
  if (declaration == kNoNode) return std::nullopt;
  return document.string_value(document.node(declaration).value);
}

// --workspace-id-for's value written into each kind of parameter file must read back as given.
inline Problem check_parameter_files(const CliOptions& options, const std::string& id) {
  const std::string& name = options.pipeline.fix.workspace_param;
  for (ParameterFileFormat format : {ParameterFileFormat::Json, ParameterFileFormat::BicepParam}) {
    const std::string& text =
        format == ParameterFileFormat::Json ? kJsonParameterFile : kBicepParamFile;
    const char* kind = format == ParameterFileFormat::Json ? "JSON" : ".bicepparam";
    auto supplied = supply_parameters(text, {name}, id, format);
    if (!supplied) {
      return std::string("supplying an accepted value fails in a ") + kind +
             " parameter file: " + supplied.error().message;
    }
    auto missing = missing_parameters(supplied.value().text, {name}, format);
    if (!missing || !missing.value().empty())
      return std::string("a supplied parameter is still missing from a ") + kind + " file";
    if (supplied_value(supplied.value().text, name, format) != id)
      return std::string("a supplied value does not read back from a ") + kind + " file";
  }
  return std::nullopt;
}

}  // namespace option_detail

inline Problem check_options(const FuzzedOptions& fuzzed) {
  std::vector<const char*> argv{"armfix"};
  for (const std::string& argument : fuzzed.arguments)
    argv.push_back(argument.c_str());
  std::ostringstream out;
  std::ostringstream err;
  ParsedCommandLine parsed =
      parse_command_line(static_cast<int>(argv.size()), argv.data(), out, err);
  if (!parsed.options) {
    // A value that reads as `-h` or `--version` asks for help or the version: handled, exit 0.
    if (parsed.exit_code == 0 && !out.str().empty()) return std::nullopt;
    if (parsed.exit_code != 2) return "a refused command line does not exit 2";
    if (err.str().empty()) return "a refused command line says nothing";
    if (!detail::is_valid_utf8(err.str())) return "a usage error is not valid UTF-8";
    return std::nullopt;
  }
  const CliOptions& options = *parsed.options;
  const FixOptions& fix = options.pipeline.fix;
  // What the fixes write into templates and parameter files must be text.
  if (!detail::is_valid_utf8(fix.workspace_param)) return "an accepted parameter name is not UTF-8";
  if (fix.workspace_id && !detail::is_valid_utf8(*fix.workspace_id))
    return "an accepted workspace ID is not UTF-8";
  for (const WorkspaceIdFor& given : options.workspace_ids_for) {
    if (!detail::is_valid_utf8(given.id)) return "an accepted --workspace-id-for ID is not UTF-8";
  }

  if (auto problem = check_pipeline(option_detail::kArmTemplate, options.pipeline))
    return "ARM: " + *problem;
  if (auto problem = check_bicep_pipeline(option_detail::kBicepFile, options.pipeline))
    return "Bicep: " + *problem;
  FileOutcome outcome = fix_text(option_detail::kArmTemplate, options.pipeline);
  if (auto problem = option_detail::check_reports(outcome, fuzzed, options)) return problem;
  if (fuzzed.workspace_id_for_given && !options.workspace_ids_for.empty()) {
    return option_detail::check_parameter_files(options, options.workspace_ids_for.front().id);
  }
  return std::nullopt;
}

}  // namespace armfix::fuzz
