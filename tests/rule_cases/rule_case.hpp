// One per-rule test case, given as data: a folder under tests/rules/<rule name>/<case>/ (or
// tests/rules/combined/<case>/, which runs every registered rule) that tests/rules/README.md
// describes. CTest runs `armfix_rule_case RULE CASE_DIR` once per folder.
//
// For each before file (before.json, then before.bicep) the case is checked in this order:
//   1. the rule is registered under exactly this name (`combined`: every rule runs);
//   2. the default run (safe fixes only) reports no error and gives the bytes of after.<ext>,
//      or the before bytes when after.<ext> is absent;
//   3. the default run's findings, over every before file, equal findings.txt line for line
//      (absent: no findings), each `<before file>:<line>:<col>: <safety>: <rule>: <message>`;
//   4. the run with unsafe fixes gives after-unsafe.<ext>, or after.<ext> when it is absent;
//   5. a second run on each result changes nothing and leaves only findings that run could not
//      fix (manual, or unsafe for the default run): the rules' own compliance check.
// options.txt holds `key=value` lines for PipelineOptions (see kOptionKeys in rule_case.cpp).
//
// With ARMFIX_UPDATE_RULE_CASES=1 in the environment, checks 2 to 4 write the expectations
// instead (after.<ext> only when the file changes, after-unsafe.<ext> only when it differs from
// after.<ext>, findings.txt only when there are findings; stale ones are deleted) and the
// runner says what it wrote. Checks 1 and 5, errors and bad options still fail, and write
// nothing. So `ARMFIX_UPDATE_RULE_CASES=1 ctest -L rules` regenerates every case; read the
// changed files before committing them.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace armfix::rule_cases {

// The folder name that selects every registered rule instead of one.
inline constexpr const char* kCombined = "combined";

struct CaseRun {
  std::string rule;           // a rule name, or kCombined
  std::filesystem::path dir;  // the case folder
  bool update = false;        // write the expectations instead of comparing them
};

// Checks (or updates) one case, printing what it found to `out`; true when the case passes.
bool run_case(const CaseRun& run, std::ostream& out);

// True when ARMFIX_UPDATE_RULE_CASES is set to 1.
bool update_requested();

}  // namespace armfix::rule_cases
