// `Azure.AKS.AutoUpgrade.channel=patch`: the rule is everything before the last `.` ahead of
// the `=` (rule names hold dots), named or given by ref, ignoring case as --rule does.
#include "rules/rule_options.hpp"

#include "core/utf8.hpp"

namespace armfix {

namespace {

struct Setting {
  const Fixer* rule = nullptr;
  const RuleOption* option = nullptr;
  std::string value;
};

struct Parsed {
  std::optional<Setting> setting;
  std::string problem;
};

std::string allowed_list(const RuleOption& option) {
  std::string text;
  for (const auto& value : option.allowed) {
    if (!text.empty()) text += ", ";
    text += value;
  }
  return text;
}

std::string options_of(const Fixer& rule) {
  std::string text;
  for (const auto& option : rule.info().options) {
    if (!text.empty()) text += ", ";
    text += option.name;
  }
  return text.empty() ? "none" : text;
}

Parsed parse(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return {std::nullopt, "expected RULE.OPTION=VALUE, e.g. Azure.AKS.AutoUpgrade.channel=patch"};
  }
  const std::string_view key = text.substr(0, equals);
  const std::size_t dot = key.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == key.size()) {
    return {std::nullopt, "expected RULE.OPTION=VALUE, e.g. Azure.AKS.AutoUpgrade.channel=patch"};
  }
  const std::string rule_name(key.substr(0, dot));
  const std::string option_name(key.substr(dot + 1));
  const Fixer* rule = find_fixer(rule_name);
  if (rule == nullptr) {
    return {std::nullopt, "unknown rule '" + rule_name + "' (armfix --list-rules shows the rules)"};
  }
  const RuleOption* option = nullptr;
  for (const auto& candidate : rule->info().options) {
    if (equals_ignore_case(candidate.name, option_name)) option = &candidate;
  }
  if (option == nullptr) {
    return {std::nullopt, rule->info().name + " has no option '" + option_name +
                              "' (its options: " + options_of(*rule) + ")"};
  }
  std::string value(text.substr(equals + 1));
  if (!option->allowed.empty()) {
    const std::string* spelled = nullptr;
    for (const auto& allowed : option->allowed) {
      if (equals_ignore_case(allowed, value)) spelled = &allowed;
    }
    if (spelled == nullptr) {
      return {std::nullopt, "'" + value + "' is not a value of " + rule->info().name + "." +
                                option->name + " (allowed: " + allowed_list(*option) + ")"};
    }
    value = *spelled;
  } else if (value.empty()) {
    return {std::nullopt, rule->info().name + "." + option->name + " needs a value"};
  } else if (!is_valid_utf8(value)) {
    return {std::nullopt, "not valid UTF-8: '" + value + "'"};
  } else if (option->names_a_parameter) {
    if (auto problem = parameter_name_problem(value)) return {std::nullopt, *problem};
  }
  return {Setting{rule, option, std::move(value)}, ""};
}

}  // namespace

std::optional<std::string> parameter_name_problem(std::string_view name) {
  auto is_letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  bool valid = !name.empty() && is_letter(name.front());
  for (char c : name)
    valid = valid && (is_letter(c) || (c >= '0' && c <= '9'));
  if (valid) return std::nullopt;
  return "not a parameter name: '" + std::string(name) +
         "' (a letter or '_', then letters, digits and '_')";
}

std::optional<std::string> rule_option_problem(std::string_view setting) {
  Parsed parsed = parse(setting);
  if (parsed.setting) return std::nullopt;
  return parsed.problem;
}

void set_rule_option(FixOptions& options, std::string_view text) {
  Parsed parsed = parse(text);
  if (!parsed.setting) return;
  const Setting& setting = *parsed.setting;
  const std::string& rule = setting.rule->info().name;
  const std::string& name = setting.option->name;
  options.rule_options[rule + "." + name] = setting.value;
  if (rule != "Azure.AKS.DefenderProfile") return;
  if (name == "workspace-param") {
    options.workspace_param = setting.value;
    options.workspace_param_given = true;
  } else if (name == "workspace-id") {
    options.workspace_id = setting.value;
  } else if (name == "no-workspace") {
    options.no_workspace = setting.value == "true";
  }
}

}  // namespace armfix
