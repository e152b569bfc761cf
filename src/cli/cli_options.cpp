// Parsing the command line with CLI11 into CliOptions. Usage errors say what was wrong and
// where to get help, and exit 2 as the contract requires (CLI11's own codes differ).
#include "cli/cli_options.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/utf8.hpp"
#include "rules/rule_options.hpp"

namespace armfix {

namespace {

constexpr const char* kFooter =
    R"(Exit status: 0 nothing left to fix, 1 findings remain, 2 an error.

Examples:
  armfix                                  report findings under the current directory
  armfix --dry-run infra/                 preview every fix as a unified diff
  armfix --write .                        fix the repository in place
  armfix --patch fixes.patch --summary pr.md --format sarif --output armfix.sarif .
                                          CI: a patch, a pull-request body and code scanning)";

// An option whose value is one of a few words, stored as the matching enumerator.
template <typename Enum>
CLI::Option* add_choice(CLI::App& app, const std::string& name, Enum& target,
                        const std::map<std::string, Enum>& choices, const std::string& help) {
  std::vector<std::string> words;
  words.reserve(choices.size());
  for (const auto& choice : choices)
    words.push_back(choice.first);
  return app
      .add_option_function<std::string>(
          name, [&target, choices](const std::string& word) { target = choices.at(word); }, help)
      ->check(CLI::IsMember(words));
}

std::string rule_validator(const std::string& name_or_ref) {
  if (find_fixer(name_or_ref) != nullptr) return {};
  return "unknown rule '" + name_or_ref + "' (armfix --list-rules shows the rules)";
}

// A value written into templates and parameter files, which are UTF-8 text.
std::string utf8_validator(const std::string& value) {
  if (is_valid_utf8(value)) return {};
  return "not valid UTF-8: '" + value + "'";
}

std::string parameter_name_validator(const std::string& name) {
  return parameter_name_problem(name).value_or("");
}

// FILE=ID, where FILE exists and ID is UTF-8 and not empty.
std::string workspace_id_for_validator(const std::string& pair) {
  const std::size_t equals = pair.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == pair.size()) {
    return "expected FILE=ID, got '" + pair + "'";
  }
  const std::string file = pair.substr(0, equals);
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    return "parameter file '" + file + "' does not exist";
  }
  return utf8_validator(pair.substr(equals + 1));
}

// The rules of a run: those named with --rule (else every registered rule, in registry order)
// less those named with --exclude-rule, each once. Empty means every rule.
std::vector<const Fixer*> chosen_rules(const std::vector<std::string>& named,
                                       const std::vector<std::string>& excluded) {
  if (named.empty() && excluded.empty()) return {};
  std::vector<const Fixer*> candidates;
  if (named.empty()) {
    for (const auto& fixer : registered_fixers())
      candidates.push_back(fixer.get());
  } else {
    for (const auto& name : named)
      candidates.push_back(find_fixer(name));
  }
  std::vector<const Fixer*> chosen;
  for (const Fixer* fixer : candidates) {
    const bool is_excluded =
        std::any_of(excluded.begin(), excluded.end(),
                    [fixer](const auto& name) { return find_fixer(name) == fixer; });
    if (!is_excluded && std::find(chosen.begin(), chosen.end(), fixer) == chosen.end())
      chosen.push_back(fixer);
  }
  return chosen;
}

}  // namespace

const char* to_string(Mode mode) {
  switch (mode) {
    case Mode::Report:
      return "report";
    case Mode::DryRun:
      return "dry-run";
    case Mode::Write:
      return "write";
    case Mode::Patch:
      return "patch";
  }
  return "report";
}

ParsedCommandLine parse_command_line(int argc, const char* const* argv, std::ostream& out,
                                     std::ostream& err) {
  CliOptions options;
  std::vector<std::string> paths;
  std::vector<std::string> rules;
  bool dry_run = false;
  bool write = false;
  bool quiet = false;
  bool verbose = false;
  std::string workspace_id;

  CLI::App app{
      "armfix fixes Azure ARM templates and Bicep files for PSRule for Azure's AKS rules "
      "(armfix --list-rules) with minimal, format-preserving edits.",
      "armfix"};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("armfix ") + ARMFIX_VERSION,
                       "Print the version and exit");

  app.add_option("PATH", paths, "Files or directories to check (default: .)")->type_name("");

  auto* dry_run_flag =
      app.add_flag("--dry-run", dry_run, "Print a unified diff of every fix; write nothing");
  auto* write_flag = app.add_flag("-w,--write", write, "Apply fixes in place");
  auto* patch_option = app.add_option("--patch", options.patch_file,
                                      "Write every fix as one git-style patch to FILE (- for "
                                      "stdout); write nothing else")
                           ->type_name("FILE");
  dry_run_flag->excludes(write_flag)->excludes(patch_option);
  write_flag->excludes(patch_option);

  app.add_flag("--unsafe-fixes", options.pipeline.unsafe_fixes, "Also apply fixes classed unsafe");
  app.add_option("--rule", rules, "Only this rule, by name or ref; repeatable")
      ->type_name("ID")
      ->allow_extra_args(false)
      ->check(CLI::Validator(rule_validator, "", "rule"));
  std::vector<std::string> excluded_rules;
  app.add_option("--exclude-rule", excluded_rules,
                 "Not this rule, by name or ref; repeatable (every rule runs by default)")
      ->type_name("ID")
      ->allow_extra_args(false)
      ->check(CLI::Validator(rule_validator, "", "rule"));
  app.add_flag("--list-rules", options.list_rules, "List the rules armfix fixes and exit");
  app.add_option("--explain", options.explain_rule,
                 "Print a rule's documentation page (Markdown), by name or ref, and exit")
      ->type_name("RULE")
      ->check(CLI::Validator(rule_validator, "", "rule"));
  std::vector<std::string> rule_settings;
  app.add_option("--rule-option", rule_settings,
                 "Set a rule's option, e.g. Azure.AKS.AutoUpgrade.channel=patch (--list-rules "
                 "shows each rule's options); repeatable")
      ->type_name("RULE.OPTION=VALUE")
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](const std::string& setting) { return rule_option_problem(setting).value_or(""); }, "",
          "RULE.OPTION=VALUE"));

  auto& fix = options.pipeline.fix;
  auto* param_option =
      app.add_option("--workspace-param", fix.workspace_param,
                     "Template parameter to reuse or create for the workspace ID (default "
                     "logAnalyticsWorkspaceResourceId)")
          ->type_name("NAME")
          ->check(CLI::Validator(parameter_name_validator, "", "NAME"));
  auto* id_option = app.add_option("--workspace-id", workspace_id,
                                   "Workspace resource ID: defaultValue of a created parameter")
                        ->type_name("ID")
                        ->check(CLI::Validator(utf8_validator, "", "ID"));
  std::vector<std::string> ids_for;
  auto* id_for_option =
      app.add_option("--workspace-id-for", ids_for,
                     "Write the workspace resource ID into parameter FILE when a fix adds a "
                     "workspace parameter without default; repeatable")
          ->type_name("FILE=ID")
          ->allow_extra_args(false)
          ->check(CLI::Validator(workspace_id_for_validator, "", "FILE=ID"));
  app.add_flag("--no-workspace", fix.no_workspace,
               "Wire no workspace; set only securityMonitoring.enabled")
      ->excludes(param_option)
      ->excludes(id_option)
      ->excludes(id_for_option);

  add_choice(
      app, "--format", options.format,
      {{"text", ReportFormat::Text}, {"json", ReportFormat::Json}, {"sarif", ReportFormat::Sarif}},
      "Findings report format: text (default), json or sarif")
      ->type_name("FORMAT");
  app.add_option("--output", options.output_file,
                 "Write the report to FILE instead of the terminal")
      ->type_name("FILE");
  app.add_option("--summary", options.summary_file,
                 "Write a Markdown summary for a pull-request body to FILE")
      ->type_name("FILE");
  add_choice(
      app, "--color", options.color,
      {{"auto", ColorChoice::Auto}, {"always", ColorChoice::Always}, {"never", ColorChoice::Never}},
      "Colour for diffs and reports: auto (default, only on a terminal; NO_COLOR "
      "honoured), always or never")
      ->type_name("WHEN");
  app.add_option("--jobs", options.jobs, "Files processed in parallel (default: number of cores)")
      ->type_name("N")
      ->check(CLI::Range(1u, 4096u).description(""));
  app.add_option("--exclude", options.excludes,
                 "Skip files and directories matching GLOB while walking; repeatable")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  auto* quiet_flag =
      app.add_flag("-q,--quiet", quiet, "Print only what needs attention: no summary, no notes");
  app.add_flag("-v,--verbose", verbose, "Also list the files skipped and why")
      ->excludes(quiet_flag);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return {std::nullopt, app.exit(error, out, err)};
    }
    // Values quoted in the message may be anything the shell passed: shown escaped.
    err << "armfix: error: " << escaped_for_display(error.what()) << "\n"
        << "Run 'armfix --help' for usage.\n";
    return {std::nullopt, 2};
  }

  if (!paths.empty()) options.paths = paths;
  if (dry_run) options.mode = Mode::DryRun;
  if (write) options.mode = Mode::Write;
  if (patch_option->count() > 0) options.mode = Mode::Patch;
  if (quiet) options.verbosity = Verbosity::Quiet;
  if (verbose) options.verbosity = Verbosity::Verbose;
  fix.workspace_param_given = param_option->count() > 0;
  if (id_option->count() > 0) fix.workspace_id = workspace_id;
  for (const auto& pair : ids_for) {
    const std::size_t equals = pair.find('=');
    options.workspace_ids_for.push_back({pair.substr(0, equals), pair.substr(equals + 1)});
  }
  // After the aliases, so an option given both ways takes the --rule-option value.
  for (const auto& setting : rule_settings)
    set_rule_option(fix, setting);
  if (fix.no_workspace && (fix.workspace_param_given || fix.workspace_id)) {
    err << "armfix: error: Azure.AKS.DefenderProfile.no-workspace=true (--no-workspace) excludes "
           "the workspace parameter and ID options\n"
        << "Run 'armfix --help' for usage.\n";
    return {std::nullopt, 2};
  }
  options.pipeline.rules = chosen_rules(rules, excluded_rules);
  if (options.pipeline.rules.empty() && !excluded_rules.empty()) {
    err << "armfix: error: --exclude-rule leaves no rule to run\n"
        << "Run 'armfix --help' for usage.\n";
    return {std::nullopt, 2};
  }
  return {std::move(options), 0};
}

}  // namespace armfix
