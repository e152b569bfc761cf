// A rule's documentation page. What a rule checks and how safe each case is come from its
// declaration (a DeclaredRule's RuleSpec, found with dynamic_cast, so the public Fixer
// interface needs nothing for it); the examples come from running the rule itself through the
// ARM and Bicep pipelines on a small generated resource, so they show what armfix does now.
#include "rules/rule_docs.hpp"

#include <algorithm>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/pipeline.hpp"
#include "bicep/bicep_document.hpp"
#include "core/joined.hpp"
#include "report/diff.hpp"
#include "rules/declared_rule.hpp"

namespace armfix {

namespace {

constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";
// The apiVersion of the examples' resource, unless a rule needs a later one.
constexpr const char* kExampleApiVersion = "2024-02-01";

std::string code(const std::string& text) {
  return "`" + text + "`";
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A table cell: a pipe would end the cell, a line break the row.
std::string cell(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|') {
      escaped += "\\|";
    } else if (c == '\n') {
      escaped += ' ';
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string values_list(const std::vector<nlohmann::json>& values) {
  std::vector<std::string> shown;
  shown.reserve(values.size());
  for (const auto& value : values)
    shown.push_back(code(json_text(value)));
  return joined(shown, " or ");
}

const RuleOption* option_named(const RuleInfo& info, const std::string& name) {
  for (const auto& option : info.options) {
    if (equals_ignore_case(option.name, name)) return &option;
  }
  return nullptr;
}

// What a fix writes for `requirement`, in words: the value, or the option that gives it.
std::string written_value(const RuleInfo& info, const Requirement& requirement) {
  if (!requirement.fix_option.empty()) {
    const RuleOption* option = option_named(info, requirement.fix_option);
    std::string text = "the " + code(requirement.fix_option) + " option's value";
    if (option != nullptr && !option->default_value.empty()) {
      text += " (" + code(json_text(option->default_value)) + " by default)";
    }
    return text;
  }
  return code(json_text(requirement.fix));
}

std::string passes_when(const Requirement& requirement) {
  if (!requirement.accepted.empty()) {
    return (requirement.missing_passes ? "is missing or " : "") +
           std::string(requirement.accepted.size() == 1 ? "equals " : "equals one of ") +
           values_list(requirement.accepted);
  }
  if (requirement.rejected.empty()) return "set";
  return "set and not " + values_list(requirement.rejected);
}

std::string precondition_text(const Precondition& precondition) {
  std::vector<nlohmann::json> values;
  bool absent = false;
  for (const auto& value : precondition.accepted) {
    if (value.is_null()) {
      absent = true;
    } else {
      values.push_back(value);
    }
  }
  std::string text = code(dotted(precondition.path)) + " ";
  if (absent) text += "is missing" + std::string(values.empty() ? "" : " or ");
  if (!values.empty())
    text += (values.size() == 1 ? "equals " : "equals one of ") + values_list(values);
  return text;
}

std::string first_api_version(const RuleSpec& spec) {
  if (spec.first_api_version.empty()) return "any";
  std::string text = spec.first_api_version;
  if (!spec.first_preview_api_version.empty()) {
    text += " (previews from " + spec.first_preview_api_version + ")";
  }
  return text;
}

void append_checks(std::string& page, const Fixer& rule, const DeclaredRule* declared) {
  page += "## What it checks\n\n";
  page += "Every deployed " + code(std::string(rule.resource_type())) +
          " resource, in ARM templates and in Bicep files.";
  if (declared == nullptr) {
    page += "\n\n";
    return;
  }
  const RuleSpec& spec = declared->spec();
  page += " When it fails, armfix reports: " + spec.problem + ".\n\n";
  page += "| path | passes when | first apiVersion |\n|---|---|---|\n";
  for (const auto& requirement : spec.requirements) {
    page += "| " + code(dotted(requirement.path)) + " | " + cell(passes_when(requirement)) + " | " +
            cell(first_api_version(spec)) + " |\n";
  }
  if (spec.applies_when) {
    page += "\nThe rule applies only where " + precondition_text(*spec.applies_when) +
            ", or where another rule's fix of the resource makes it so (then its finding is no "
            "safer than that fix); elsewhere it passes.\n";
  }
  page += "\nString values are compared ignoring case.\n\n";
}

void append_cases(std::string& page, const Fixer& rule, const DeclaredRule* declared) {
  const RuleInfo& info = rule.info();
  page += "## Cases and their safety\n\n";
  if (declared == nullptr) {
    page += "This rule is written by hand rather than declared; its safety notes:\n\n" +
            info.safety_notes + "\n\nIts cases are the folders of " +
            code("tests/rules/" + info.name + "/") + ".\n\n";
    return;
  }
  const RuleSpec& spec = declared->spec();
  page +=
      "Safe fixes are applied by default, unsafe ones only with `--unsafe-fixes`; a manual "
      "finding has no automatic fix.\n\n";
  page += "| case | safety | fix |\n|---|---|---|\n";
  auto row = [&page](const std::string& case_text, Safety safety, const std::string& fix) {
    page += "| " + cell(case_text) + " | " + to_string(safety) + " | " + cell(fix) + " |\n";
  };
  for (const auto& requirement : spec.requirements) {
    const std::string path = code(dotted(requirement.path));
    const std::string value = written_value(info, requirement);
    if (spec.requirements.size() > 1) page += "| **" + path + "** | | |\n";
    if (requirement.missing_passes) {
      row(path + ", or an object above it, is missing or null", Safety::Safe, "none: it passes");
    } else {
      std::string missing_fix = "writes " + value + ", adding the missing objects";
      if (!requirement.missing_reason.empty()) missing_fix += ": " + requirement.missing_reason;
      row(path + ", or an object above it, is missing or null", requirement.missing,
          requirement.missing == Safety::Manual ? "none: " + requirement.missing_reason
                                                : missing_fix);
    }
    std::string contrary_fix;
    if (requirement.contrary == Safety::Manual) {
      contrary_fix = "none: " + requirement.contrary_reason;
    } else {
      contrary_fix = "sets " + value;
      if (!requirement.contrary_reason.empty()) contrary_fix += ": " + requirement.contrary_reason;
    }
    row(path + " is an explicit value that fails", requirement.contrary, contrary_fix);
    row("an object on the path is an expression", Safety::Unsafe,
        "wraps the expression in union() with " + value);
    row(path + " is an expression that does not resolve to a passing value" +
            (requirement.missing_passes ? " (one that cannot be resolved passes)" : ""),
        Safety::Unsafe, "replaces the expression with " + value);
    row("another literal is in the way (not an object), or a key on the path is duplicated",
        Safety::Manual, "none: set " + path + " by hand");
    if (requirement.fixable_when) {
      row("it fails where " + precondition_text(*requirement.fixable_when) + " does not hold",
          Safety::Manual, "none: " + requirement.fixable_when_reason);
    }
  }
  if (!spec.first_api_version.empty()) {
    row("the apiVersion is older than " + spec.first_api_version, Safety::Unsafe,
        "raises the apiVersion along with the fix, to the lowest version whose schema has what "
        "the fix writes and every property the resource sets (docs/schemas.md); the API's "
        "defaults may change");
    row("no apiVersion has both what the fix writes and every property the resource sets",
        Safety::Manual, "none: the finding names the properties; decide which to keep");
    row("the apiVersion is an expression (not resolved, or older than " + spec.first_api_version +
            ")",
        Safety::Manual, "none: make it " + spec.first_api_version + " or later by hand");
  }
  page += "\nSafety notes: " + info.safety_notes + "\n\n";
}

void append_options(std::string& page, const RuleInfo& info) {
  page += "## Options\n\n";
  if (info.options.empty()) {
    page += "None.\n\n";
    return;
  }
  page +=
      "| option | allowed values | default | description | set with |\n"
      "|---|---|---|---|---|\n";
  for (const auto& option : info.options) {
    std::vector<std::string> allowed;
    for (const auto& value : option.allowed)
      allowed.push_back(code(value));
    // As --list-rules spells it: the allowed values, or VALUE for any text.
    const std::string value =
        option.allowed.empty() ? std::string("VALUE") : joined(option.allowed, "|");
    page += "| " + code(option.name) + " | " +
            (allowed.empty() ? std::string("any text") : joined(allowed, ", ")) + " | " +
            (option.default_value.empty() ? std::string("none") : code(option.default_value)) +
            " | " + cell(option.description) + " | " +
            cell(code("--rule-option " + info.name + "." + option.name + "=" + value)) + " |\n";
  }
  page += "\n";
}

std::string example_api_version(const DeclaredRule* declared) {
  std::string version = kExampleApiVersion;
  if (declared != nullptr && declared->spec().first_api_version > version) {
    version = declared->spec().first_api_version;
  }
  return version;
}

// What the examples' resource holds beside its name so the rule applies and its fix can be
// made: the first value each precondition accepts, below `properties`.
nlohmann::ordered_json example_properties(const DeclaredRule* declared) {
  nlohmann::ordered_json properties = nlohmann::ordered_json::object();
  if (declared == nullptr) return properties;
  std::vector<const Precondition*> preconditions;
  if (declared->spec().applies_when) preconditions.push_back(&*declared->spec().applies_when);
  for (const auto& requirement : declared->spec().requirements) {
    if (requirement.fixable_when) preconditions.push_back(&*requirement.fixable_when);
  }
  for (const Precondition* precondition : preconditions) {
    const PropertyPath& path = precondition->path;
    if (precondition->accepted.empty() || precondition->accepted.front().is_null() ||
        path.size() < 2 || path.front() != "properties")
      continue;
    nlohmann::ordered_json* level = &properties;
    for (std::size_t i = 1; i + 1 < path.size(); ++i)
      level = &(*level)[path[i]];
    (*level)[path.back()] = precondition->accepted.front();
  }
  return properties;
}

// Members of an object as lines of a JSON object at `indent`, each line ending with `,\n`
// but the last.
std::string arm_members(const nlohmann::ordered_json& object, const std::string& indent) {
  std::string text;
  for (const auto& [key, value] : object.items()) {
    std::string member = nlohmann::ordered_json(key).dump() + ": " + value.dump(2);
    std::string indented;
    for (char c : member) {
      indented += c;
      if (c == '\n') indented += indent;
    }
    text += ",\n" + indent + indented;
  }
  return text;
}

std::string bicep_members(const nlohmann::ordered_json& object, const std::string& indent) {
  std::string text;
  for (const auto& [key, value] : object.items()) {
    text += indent + key + ": ";
    if (value.is_object()) {
      text += "{\n" + bicep_members(value, indent + "  ") + indent + "}\n";
    } else if (value.is_string()) {
      text += quote_bicep_string(value.get<std::string>()) + "\n";
    } else {
      text += value.dump() + "\n";
    }
  }
  return text;
}

std::string arm_example(const std::string& type, const std::string& api_version,
                        const nlohmann::ordered_json& properties) {
  const bool cluster = type == kClusterType;
  return std::string("{\n") +
         "  \"$schema\": "
         "\"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
         "  \"contentVersion\": \"1.0.0.0\",\n"
         "  \"parameters\": {\n"
         "    \"name\": {\n"
         "      \"type\": \"string\"\n"
         "    }\n"
         "  },\n"
         "  \"resources\": [\n"
         "    {\n"
         "      \"type\": \"" +
         type + "\",\n" + "      \"apiVersion\": \"" + api_version + "\",\n" +
         "      \"name\": \"[parameters('name')]\",\n"
         "      \"location\": \"[resourceGroup().location]\",\n" +
         (cluster ? "      \"properties\": {\n"
                    "        \"dnsPrefix\": \"[parameters('name')]\"" +
                        arm_members(properties, "        ") +
                        "\n"
                        "      }\n"
                  : "      \"properties\": {}\n") +
         "    }\n"
         "  ]\n"
         "}\n";
}

std::string bicep_example(const std::string& type, const std::string& api_version,
                          const nlohmann::ordered_json& properties) {
  const bool cluster = type == kClusterType;
  return std::string("param name string\n\n") + "resource " + (cluster ? "aks" : "example") + " '" +
         type + "@" + api_version + "' = {\n" +
         "  name: name\n"
         "  location: resourceGroup().location\n" +
         (cluster ? "  properties: {\n"
                    "    dnsPrefix: name\n" +
                        bicep_members(properties, "    ") + "  }\n"
                  : "  properties: {}\n") +
         "}\n";
}

// The diff's hunks, without git's header lines, which name only the example's file.
std::string hunks(const std::string& diff) {
  const std::size_t first = diff.find("\n@@");
  return first == std::string::npos ? diff : diff.substr(first + 1);
}

void append_example(std::string& page, const Fixer& rule, const std::string& language,
                    const std::string& fence, const std::string& file, const std::string& before,
                    bool bicep) {
  PipelineOptions options;
  options.rules = {&rule};
  FileOutcome outcome = bicep ? process_bicep_text(before, options) : process_text(before, options);
  std::string flag;
  if (!outcome.error && !outcome.changed()) {
    options.unsafe_fixes = true;
    outcome = bicep ? process_bicep_text(before, options) : process_text(before, options);
    flag = " --unsafe-fixes";
  }
  page += "### " + language + "\n\n";
  page += "Before, " + code(file) + ":\n\n```" + fence + "\n" + before + "```\n\n";
  if (outcome.error) {
    page += "armfix cannot process this example: " + outcome.error->message + "\n\n";
    return;
  }
  if (!outcome.findings.empty()) {
    page += "`armfix --rule " + rule.info().name + " " + file + "` reports:\n\n```text\n";
    for (const auto& reported : outcome.findings) {
      page += file + ":" + std::to_string(reported.position.line) + ":" +
              std::to_string(reported.position.column) + ": " + to_string(reported.finding.safety) +
              ": " + rule.info().name + ": " + reported.finding.message + "\n";
    }
    page += "```\n\n";
  }
  if (!outcome.changed()) {
    page += "armfix changes nothing in this example.\n\n";
    return;
  }
  page += "`armfix --write" + flag + " --rule " + rule.info().name + " " + file +
          "` changes it to:\n\n```diff\n" + hunks(unified_diff(before, outcome.fixed_text, file)) +
          "```\n\n";
}

}  // namespace

std::string rule_markdown(const Fixer& rule) {
  const RuleInfo& info = rule.info();
  const auto* declared = dynamic_cast<const DeclaredRule*>(&rule);
  std::string page = "# " + info.name + " (" + info.ref + ")\n\n";
  page += info.synopsis + "\n\n";
  page += "PSRule for Azure documentation: <" + info.help_uri + ">\n\n";
  append_checks(page, rule, declared);
  append_cases(page, rule, declared);
  append_options(page, info);

  const std::string type(rule.resource_type());
  const std::string api_version = example_api_version(declared);
  page += "## Examples\n\n";
  page += "The fix armfix makes by default on a minimal resource, with the default options.\n\n";
  const nlohmann::ordered_json properties = example_properties(declared);
  append_example(page, rule, "ARM template", "json", "main.json",
                 arm_example(type, api_version, properties), false);
  append_example(page, rule, "Bicep", "bicep", "main.bicep",
                 bicep_example(type, api_version, properties), true);

  page += "This page is written by `armfix --explain " + info.name +
          "`; `tools/rule-docs` regenerates docs/rules/.\n";
  return page;
}

}  // namespace armfix
