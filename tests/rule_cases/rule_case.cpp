// One per-rule test case folder, checked or regenerated; see rule_case.hpp and
// tests/rules/README.md.
#include "rule_case.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "armfix/bicep_pipeline.hpp"
#include "armfix/fixer.hpp"
#include "armfix/pipeline.hpp"
#include "report/diff.hpp"
#include "rules/rule_options.hpp"

namespace armfix::rule_cases {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// options.txt: one table of key -> setter. A setter returns why the value is refused, or
// nullopt. A line is split at its first '=', so a value may hold '=' itself, as
// `rule-option=Azure.AKS.AutoUpgrade.channel=patch` does.

using Setter = std::optional<std::string> (*)(const std::string& value, PipelineOptions& options);

struct OptionKey {
  const char* key;
  const char* value;  // what the value is, for messages: NAME, ID, true|false
  bool repeatable;    // may be given on more than one line
  Setter set;
  // The refusal is a whole message of its own (as --rule-option's are), shown after the line
  // rather than as `<key> <refusal>, not '<value>'`.
  bool own_message = false;
};

std::optional<bool> parse_bool(const std::string& value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

const OptionKey kOptionKeys[] = {
    {"workspace-param", "NAME", false,
     [](const std::string& value, PipelineOptions& options) -> std::optional<std::string> {
       if (value.empty()) return "needs a parameter name";
       options.fix.workspace_param = value;
       options.fix.workspace_param_given = true;
       return std::nullopt;
     }},
    {"workspace-id", "ID", false,
     [](const std::string& value, PipelineOptions& options) -> std::optional<std::string> {
       if (value.empty()) return "needs a workspace resource ID";
       options.fix.workspace_id = value;
       return std::nullopt;
     }},
    {"no-workspace", "true|false", false,
     [](const std::string& value, PipelineOptions& options) -> std::optional<std::string> {
       auto flag = parse_bool(value);
       if (!flag) return "must be true or false";
       options.fix.no_workspace = *flag;
       return std::nullopt;
     }},
    // Checked and recorded as --rule-option is: the same messages, the same FixOptions.
    {"rule-option", "RULE.OPTION=VALUE", true,
     [](const std::string& value, PipelineOptions& options) -> std::optional<std::string> {
       if (auto problem = rule_option_problem(value)) return problem;
       set_rule_option(options.fix, value);
       return std::nullopt;
     },
     true},
};

std::string known_option_keys() {
  std::string keys;
  for (const OptionKey& option : kOptionKeys) {
    keys += (keys.empty() ? "" : ", ") + std::string(option.key) + "=" + option.value;
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// The languages a case may hold, in the order their findings are listed.

struct Language {
  const char* ext;
  FileOutcome (*process)(std::string_view text, const PipelineOptions& options);
};

const Language kLanguages[] = {{"json", &process_text}, {"bicep", &process_bicep_text}};

std::string before_name(const Language& language) {
  return std::string("before.") + language.ext;
}
std::string after_name(const Language& language) {
  return std::string("after.") + language.ext;
}
std::string after_unsafe_name(const Language& language) {
  return std::string("after-unsafe.") + language.ext;
}

constexpr const char* kOptionsFile = "options.txt";
constexpr const char* kFindingsFile = "findings.txt";

// Every name a case folder may hold.
std::set<std::string> allowed_files() {
  std::set<std::string> names = {kOptionsFile, kFindingsFile, "README.md"};
  for (const Language& language : kLanguages) {
    names.insert(before_name(language));
    names.insert(after_name(language));
    names.insert(after_unsafe_name(language));
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Text helpers.

std::optional<std::string> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return text;
}

bool write_bytes(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return out.good();
}

// The lines of `text` without their line ending; a final line ending adds no empty line.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines)
    text += line + "\n";
  return text;
}

std::string trim(const std::string& text) {
  const char* space = " \t\r";
  std::size_t begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return "";
  std::size_t end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

// A message on one line of findings.txt: line breaks are written as \n and \r.
std::string one_line(const std::string& text) {
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else {
      line += c;
    }
  }
  return line;
}

std::string finding_line(const std::string& file, const ReportedFinding& reported) {
  const Finding& finding = reported.finding;
  return file + ":" + std::to_string(reported.position.line) + ":" +
         std::to_string(reported.position.column) + ": " + to_string(finding.safety) + ": " +
         (finding.rule != nullptr ? finding.rule->name : std::string("<no rule>")) + ": " +
         one_line(finding.message);
}

std::string describe_error(const SourceError& error) {
  return std::to_string(error.position.line) + ":" + std::to_string(error.position.column) + ": " +
         error.message;
}

// The line diff from `expected` to `actual`, under headers that say which is which.
void print_diff(std::ostream& out, const std::string& expected, const std::string& actual,
                const std::string& expected_label, const std::string& actual_label) {
  out << "--- expected: " << expected_label << "\n+++ actual:   " << actual_label << "\n";
  std::string diff = unified_diff(expected, actual, "x");
  // Drop the git headers (diff --git, ---, +++); the hunks start at the first "@@".
  std::size_t hunks = diff.compare(0, 2, "@@") == 0 ? 0 : diff.find("\n@@");
  if (hunks != std::string::npos && hunks != 0) ++hunks;
  out << (hunks == std::string::npos ? diff : diff.substr(hunks));
  if (!diff.empty() && diff.back() != '\n') out << "\n";
  auto without_cr = [](std::string text) {
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    return text;
  };
  if (without_cr(expected) == without_cr(actual)) {
    out << "(the texts differ only in carriage returns)\n";
  }
}

// ---------------------------------------------------------------------------------------------
// The check of one case.

class CaseCheck {
 public:
  CaseCheck(const CaseRun& run, std::ostream& out)
      : run_(run), out_(out), name_(run.rule + "/" + run.dir.filename().string()) {}

  bool run() {
    if (!select_rules() || !check_listing() || !read_options()) return finish();
    std::vector<std::string> findings;
    for (const Language& language : kLanguages) {
      if (has(before_name(language))) check_language(language, findings);
    }
    check_findings(findings);
    if (run_.update) write_updates();
    return finish();
  }

 private:
  void fail(const std::string& message) {
    ok_ = false;
    out_ << "FAIL " << name_ << ": " << message << "\n";
  }

  bool has(const std::string& file) const { return files_.count(file) != 0; }
  fs::path path(const std::string& file) const { return run_.dir / file; }

  std::optional<std::string> read(const std::string& file) {
    auto text = read_bytes(path(file));
    if (!text) fail("cannot read " + path(file).string());
    return text;
  }

  // 1. The rule named by the folder, or every rule for `combined`.
  bool select_rules() {
    if (run_.rule == kCombined) return true;
    const Fixer* fixer = find_fixer(run_.rule);
    if (fixer == nullptr) {
      std::string registered;
      for (const auto& each : registered_fixers()) {
        registered += (registered.empty() ? "" : ", ") + each->info().name;
      }
      fail("unknown rule '" + run_.rule + "': no registered rule has this name (registered: " +
           registered + "; or '" + kCombined + "' for all of them)");
      return false;
    }
    if (fixer->info().name != run_.rule) {
      fail("the folder is named '" + run_.rule + "' but the rule is called '" + fixer->info().name +
           "': name the folder exactly as the rule");
      return false;
    }
    options_.rules = {fixer};
    return true;
  }

  // Only the files the layout names; every after file has its before file.
  bool check_listing() {
    std::error_code error;
    if (!fs::is_directory(run_.dir, error)) {
      fail("no case folder " + run_.dir.string());
      return false;
    }
    const auto allowed = allowed_files();
    bool listing_ok = true;
    for (const auto& entry : fs::directory_iterator(run_.dir, error)) {
      std::string file = entry.path().filename().string();
      if (!entry.is_regular_file() || allowed.count(file) == 0) {
        fail("unexpected " + std::string(entry.is_directory() ? "folder " : "file ") + file +
             " in the case folder (see tests/rules/README.md for the names a case may hold)");
        listing_ok = false;
        continue;
      }
      files_.insert(file);
    }
    if (error) {
      fail("cannot list " + run_.dir.string() + ": " + error.message());
      return false;
    }
    bool any_before = false;
    for (const Language& language : kLanguages) {
      if (has(before_name(language))) {
        any_before = true;
        continue;
      }
      for (const std::string& file : {after_name(language), after_unsafe_name(language)}) {
        if (has(file)) {
          fail(file + " has no " + before_name(language) + " beside it");
          listing_ok = false;
        }
      }
    }
    if (!any_before) {
      fail("the case folder holds neither before.json nor before.bicep");
      listing_ok = false;
    }
    return listing_ok;
  }

  bool read_options() {
    if (!has(kOptionsFile)) return true;
    auto text = read(kOptionsFile);
    if (!text) return false;
    bool options_ok = true;
    std::set<std::string> seen;
    std::size_t number = 0;
    for (const std::string& raw : split_lines(*text)) {
      ++number;
      std::string line = trim(raw);
      if (line.empty() || line[0] == '#') continue;
      std::string where = std::string(kOptionsFile) + ":" + std::to_string(number) + ": ";
      std::size_t equals = line.find('=');
      if (equals == std::string::npos) {
        fail(where + "'" + line + "' is not key=value");
        options_ok = false;
        continue;
      }
      std::string key = trim(line.substr(0, equals));
      std::string value = trim(line.substr(equals + 1));
      const OptionKey* option = nullptr;
      for (const OptionKey& each : kOptionKeys) {
        if (key == each.key) option = &each;
      }
      if (option == nullptr) {
        fail(where + "unknown key '" + key + "' (known keys: " + known_option_keys() + ")");
        options_ok = false;
        continue;
      }
      if (!seen.insert(key).second && !option->repeatable) {
        fail(where + "'" + key + "' is given more than once");
        options_ok = false;
        continue;
      }
      if (auto refused = option->set(value, options_)) {
        fail(where + (option->own_message ? key + "=" + value + ": " + *refused
                                          : key + " " + *refused + ", not '" + value + "'"));
        options_ok = false;
        continue;
      }
      if (key == "rule-option" && !runs_rule_of(value)) {
        fail(where + key + "=" + value + ": sets an option of a rule this case does not run (" +
             run_.rule + ")");
        options_ok = false;
      }
    }
    return options_ok;
  }

  // Whether the rule a valid `rule-option` value names (by name or ref) runs in this case: an
  // option of another rule would be silently ignored.
  bool runs_rule_of(const std::string& setting) const {
    if (run_.rule == kCombined) return true;
    const std::string key = setting.substr(0, setting.find('='));
    const Fixer* rule = find_fixer(key.substr(0, key.rfind('.')));
    return std::find(options_.rules.begin(), options_.rules.end(), rule) != options_.rules.end();
  }

  // 2, 4 and 5 for one before file; its default findings are added to `findings` (for 3).
  void check_language(const Language& language, std::vector<std::string>& findings) {
    const std::string before_file = before_name(language);
    auto before = read(before_file);
    if (!before) return;
    ++checked_files_;

    PipelineOptions unsafe_options = options_;
    unsafe_options.unsafe_fixes = true;
    FileOutcome safe = language.process(*before, options_);
    FileOutcome unsafe = language.process(*before, unsafe_options);
    bool runs_ok = true;
    if (safe.error) {
      fail(before_file + ": the default run failed: " + describe_error(*safe.error));
      runs_ok = false;
    }
    if (unsafe.error) {
      fail(before_file + ": the run with unsafe fixes failed: " + describe_error(*unsafe.error));
      runs_ok = false;
    }
    for (const auto& reported : safe.findings)
      findings.push_back(finding_line(before_file, reported));
    if (!runs_ok) return;

    const std::string after_file = after_name(language);
    const std::string unsafe_file = after_unsafe_name(language);
    if (run_.update) {
      stage(after_file, safe.fixed_text != *before, safe.fixed_text);
      stage(unsafe_file, unsafe.fixed_text != safe.fixed_text, unsafe.fixed_text);
    } else {
      std::optional<std::string> after = *before;
      if (has(after_file)) after = read(after_file);
      if (!after) return;
      std::optional<std::string> after_unsafe = after;
      if (has(unsafe_file)) after_unsafe = read(unsafe_file);
      if (!after_unsafe) return;
      const std::string after_label =
          has(after_file) ? after_file
                          : before_file + " unchanged (there is no " + after_file + ")";
      const std::string unsafe_label =
          has(unsafe_file) ? unsafe_file : after_label + " (there is no " + unsafe_file + ")";
      compare(*after, safe.fixed_text, after_label, before_file + ", default run");
      compare(*after_unsafe, unsafe.fixed_text, unsafe_label,
              before_file + ", run with unsafe fixes");
    }
    check_rerun(language, before_file, safe.fixed_text, options_, "default");
    check_rerun(language, before_file, unsafe.fixed_text, unsafe_options, "unsafe");
  }

  void compare(const std::string& expected, const std::string& actual,
               const std::string& expected_label, const std::string& actual_label) {
    if (expected == actual) return;
    fail(actual_label + " does not give " + expected_label + ":");
    print_diff(out_, expected, actual, expected_label, actual_label);
  }

  // 5. The same run on its own result changes nothing and leaves only what it cannot fix.
  void check_rerun(const Language& language, const std::string& before_file,
                   const std::string& result, const PipelineOptions& options,
                   const std::string& run_name) {
    const std::string what = before_file + ": the " + run_name + " run on its own result";
    FileOutcome again = language.process(result, options);
    if (again.error) {
      fail(what + " fails: " + describe_error(*again.error));
      return;
    }
    if (again.changed()) {
      fail(what + " changes it again (not idempotent):");
      print_diff(out_, result, again.fixed_text, "the " + run_name + " result", "a second run");
    }
    for (const auto& reported : again.findings) {
      Safety safety = reported.finding.safety;
      bool left_to_fix =
          safety == Safety::Safe || (safety == Safety::Unsafe && options.unsafe_fixes);
      if (left_to_fix) {
        fail(what + " still reports a finding that run fixes (not compliant): " +
             finding_line("result of " + before_file, reported));
      }
    }
  }

  // 3. The default findings of every before file against findings.txt.
  void check_findings(const std::vector<std::string>& actual) {
    if (run_.update) {
      stage(kFindingsFile, !actual.empty(), join_lines(actual));
      return;
    }
    std::vector<std::string> expected;
    if (has(kFindingsFile)) {
      auto text = read(kFindingsFile);
      if (!text) return;
      expected = split_lines(*text);
    }
    if (expected == actual) return;
    fail("the findings of the default run are not those of " + std::string(kFindingsFile) +
         (has(kFindingsFile) ? "" : " (absent: no findings)") + ":");
    auto print_list = [&](const char* title, const std::vector<std::string>& lines) {
      out_ << title << " (" << lines.size() << "):\n";
      for (const auto& line : lines)
        out_ << "  " << line << "\n";
    };
    print_list("expected findings", expected);
    print_list("actual findings", actual);
    print_diff(out_, join_lines(expected), join_lines(actual), kFindingsFile, "the default run");
  }

  // Update mode: `file` should hold `text` when `wanted`, and be absent otherwise.
  void stage(const std::string& file, bool wanted, const std::string& text) {
    updates_.emplace_back(file, wanted ? std::optional<std::string>(text) : std::nullopt);
  }

  void write_updates() {
    if (!ok_) return;
    std::vector<std::string> done;
    for (const auto& [file, text] : updates_) {
      if (text) {
        auto current = has(file) ? read_bytes(path(file)) : std::nullopt;
        if (current && *current == *text) continue;
        if (!write_bytes(path(file), *text)) {
          fail("cannot write " + path(file).string());
          continue;
        }
        done.push_back("wrote " + file);
      } else if (has(file)) {
        std::error_code error;
        if (!fs::remove(path(file), error)) {
          fail("cannot delete " + path(file).string() + ": " + error.message());
          continue;
        }
        done.push_back("deleted " + file);
      }
    }
    out_ << "UPDATED " << name_ << ": ";
    if (done.empty()) out_ << "already up to date";
    for (std::size_t i = 0; i < done.size(); ++i)
      out_ << (i == 0 ? "" : ", ") << done[i];
    out_ << "\n";
  }

  bool finish() {
    if (!ok_ && run_.update) {
      out_ << "NOT UPDATED " << name_ << ": it fails as above, so nothing was written\n";
    }
    if (ok_ && !run_.update) {
      out_ << "PASS " << name_ << ": " << checked_files_ << " before file"
           << (checked_files_ == 1 ? "" : "s") << " checked\n";
    }
    return ok_;
  }

  const CaseRun& run_;
  std::ostream& out_;
  const std::string name_;
  bool ok_ = true;
  PipelineOptions options_;
  std::set<std::string> files_;
  int checked_files_ = 0;
  std::vector<std::pair<std::string, std::optional<std::string>>> updates_;
};

}  // namespace

bool run_case(const CaseRun& run, std::ostream& out) {
  return CaseCheck(run, out).run();
}

bool update_requested() {
  const char* value = std::getenv("ARMFIX_UPDATE_RULE_CASES");
  return value != nullptr && std::string_view(value) == "1";
}

}  // namespace armfix::rule_cases
