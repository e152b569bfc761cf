// armfix_rule_case: checks one per-rule test case folder (tests/rules/README.md).
//
// usage: armfix_rule_case RULE CASE_DIR
//        armfix_rule_case CASE_DIR      (RULE is the name of CASE_DIR's parent folder)
//
// RULE is a registered rule's exact name, or `combined` for every rule. Exits 0 when the case
// passes, 1 when it fails (with what differs on standard output), 2 on a usage error.
//
// With ARMFIX_UPDATE_RULE_CASES=1 the case's after.*, after-unsafe.* and findings.txt are
// written from what the pipeline gives instead of compared, and the runner says what it wrote;
// `ARMFIX_UPDATE_RULE_CASES=1 ctest -L rules` regenerates every case. Review the files it
// writes before committing them: update mode records whatever the rules do, right or wrong.
#include <filesystem>
#include <iostream>
#include <string>

#include "rule_case.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  armfix::rule_cases::CaseRun run;
  if (argc == 3) {
    run.rule = argv[1];
    run.dir = argv[2];
  } else if (argc == 2) {
    run.dir = argv[1];
  } else {
    std::cerr << "usage: armfix_rule_case RULE CASE_DIR\n"
                 "       armfix_rule_case CASE_DIR  (RULE: the name of CASE_DIR's parent)\n"
                 "Checks one rule test case (tests/rules/README.md); with\n"
                 "ARMFIX_UPDATE_RULE_CASES=1, writes its expectations instead.\n";
    return 2;
  }
  // A trailing slash leaves an empty file name: drop it so the case has its folder's name.
  run.dir = run.dir.lexically_normal();
  if (run.dir.filename().empty()) run.dir = run.dir.parent_path();
  if (run.rule.empty()) run.rule = fs::absolute(run.dir).parent_path().filename().string();
  run.update = armfix::rule_cases::update_requested();
  bool passed = armfix::rule_cases::run_case(run, std::cout);
  std::cout.flush();
  return passed ? 0 : 1;
}
