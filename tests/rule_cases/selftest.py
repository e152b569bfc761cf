#!/usr/bin/env python3
"""The rule case runner fails when it should, and its update mode writes what then passes.

usage: selftest.py RUNNER SELFTEST_DIR

SELFTEST_DIR (tests/rule_case_selftest) holds deliberately broken cases, outside tests/rules so
they are no tests of their own:
- wrong-expectations: an after.json and a findings.txt line that the pipeline does not give;
- unknown-option: an options.txt key the runner does not know;
- bad-rule-option: rule-option lines with a value the option does not allow and an option of
  a rule the case does not run.
Every run works on a copy in a temporary folder, so nothing here can rewrite the source tree,
whatever ARMFIX_UPDATE_RULE_CASES says in the environment this test was started with.
Prints each run's output; exits 1 at the first expectation that does not hold.
"""
import os
import shutil
import subprocess
import sys
import tempfile

RULE = "Azure.AKS.DefenderProfile"
UPDATE = "ARMFIX_UPDATE_RULE_CASES"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(runner, rule, case, update=False):
    env = {k: v for k, v in os.environ.items() if k != UPDATE}
    if update:
        env[UPDATE] = "1"
    args = [runner] + ([rule] if rule is not None else []) + [case]
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    print(f"$ {'%s=1 ' % UPDATE if update else ''}{' '.join(args)}  (exit {result.returncode})")
    print(result.stdout + result.stderr)
    return result.returncode, result.stdout + result.stderr


def expect(code, output, want_code, *fragments):
    if code != want_code:
        fail(f"exit code {code}, expected {want_code}")
    for fragment in fragments:
        if fragment not in output:
            fail(f"the output does not say {fragment!r}")


def read(path):
    with open(path, "rb") as stream:
        return stream.read()


def main():
    if len(sys.argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    runner, source = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        # Under a folder named as the rule, so the one-argument form finds the rule too.
        root = os.path.join(tmp, RULE)
        shutil.copytree(source, root)
        wrong = os.path.join(root, "wrong-expectations")
        wrong_after = read(os.path.join(wrong, "after.json"))

        # A wrong after.json and a wrong findings line: both named, with a diff of each.
        code, output = run(runner, RULE, wrong)
        expect(code, output, 1,
               "before.json, default run does not give after.json",
               "--- expected: after.json",
               "+++ actual:   before.json, default run",
               "-              \"enabled\": false",
               "+              \"enabled\": true",
               "the findings of the default run are not those of findings.txt",
               "expected findings (1):",
               "actual findings (1):",
               "-before.json:10:5: safe: Azure.AKS.DefenderProfile: a message the rule never gives",
               "+before.json:10:5: safe: Azure.AKS.DefenderProfile: Defender for Containers")
        if "PASS" in output:
            fail("a failing case is also reported as passing")

        # The rule taken from the parent folder's name gives the same verdict.
        code, output = run(runner, None, wrong + os.sep)
        expect(code, output, 1, "FAIL Azure.AKS.DefenderProfile/wrong-expectations:",
               "does not give after.json")

        # Rules are found by their exact name only.
        code, output = run(runner, "Azure.AKS.NoSuchRule", wrong)
        expect(code, output, 1, "unknown rule 'Azure.AKS.NoSuchRule'", RULE)
        code, output = run(runner, RULE.lower(), wrong)
        expect(code, output, 1, f"the folder is named '{RULE.lower()}' but the rule is called "
                                f"'{RULE}'")

        # An options.txt key the runner does not know, with the line and the known keys.
        code, output = run(runner, RULE, os.path.join(root, "unknown-option"))
        expect(code, output, 1, "options.txt:3: unknown key 'colour'", "workspace-id=")

        # A rule-option is checked as --rule-option is, with the command line's message, and
        # must be of a rule the case runs; the valid line before them is accepted.
        code, output = run(runner, RULE, os.path.join(root, "bad-rule-option"))
        expect(code, output, 1,
               "options.txt:4: rule-option=Azure.AKS.DefenderProfile.no-workspace=maybe: "
               "'maybe' is not a value of Azure.AKS.DefenderProfile.no-workspace "
               "(allowed: true, false)",
               "options.txt:5: rule-option=Azure.AKS.AutoUpgrade.channel=patch: sets an option "
               "of a rule this case does not run (Azure.AKS.DefenderProfile)")
        if "options.txt:3:" in output:
            fail("a valid rule-option line is refused")

        # A file the layout has no place for.
        stray = os.path.join(root, "unknown-option", "finding.txt")
        with open(stray, "w", encoding="utf-8") as stream:
            stream.write("\n")
        code, output = run(runner, RULE, os.path.join(root, "unknown-option"))
        expect(code, output, 1, "unexpected file finding.txt")
        os.remove(stray)

        # Update mode rewrites the expectations, and then the case passes.
        code, output = run(runner, RULE, wrong, update=True)
        expect(code, output, 0, "UPDATED Azure.AKS.DefenderProfile/wrong-expectations: "
                                "wrote after.json, wrote findings.txt")
        if read(os.path.join(wrong, "after.json")) == wrong_after:
            fail("update mode left the wrong after.json")
        code, output = run(runner, RULE, wrong)
        expect(code, output, 0, "PASS Azure.AKS.DefenderProfile/wrong-expectations")
        code, output = run(runner, RULE, wrong, update=True)
        expect(code, output, 0, "already up to date")

        # An after-unsafe.json the unsafe run does not give fails the case; as the unsafe run
        # gives after.json, update mode deletes it rather than rewriting it.
        shutil.copy(os.path.join(wrong, "before.json"), os.path.join(wrong, "after-unsafe.json"))
        code, output = run(runner, RULE, wrong)
        expect(code, output, 1, "does not give after-unsafe.json")
        code, output = run(runner, RULE, wrong, update=True)
        expect(code, output, 0, "deleted after-unsafe.json")
        if os.path.exists(os.path.join(wrong, "after-unsafe.json")):
            fail("update mode left a stale after-unsafe.json")

        # Update mode writes nothing for a case that fails for another reason.
        code, output = run(runner, RULE, os.path.join(root, "unknown-option"), update=True)
        expect(code, output, 1, "unknown key 'colour'")
    print("the runner fails on every broken case, and update mode repairs the wrong one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
