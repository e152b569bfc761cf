#!/usr/bin/env python3
"""tools/new-rule scaffolds a rule that builds, whose case fails until the rule is written,
and refuses a name that exists and a malformed name or ref.

It runs in a temporary copy of the repository's files (`git ls-files`). A full configure and
build there would take many minutes, so only what the scaffold changes is compiled: the new
rule file and the new fixer_registry.cpp, each with the flags BUILD_DIR's
compile_commands.json gives the existing files. They are linked with BUILD_DIR's objects of
armfix_rule_case and armfix and its libarmfix_core.a (whose own registry object the new one
replaces), and the new case is run with that runner: it must fail on the placeholder finding,
not on an unknown rule. The linked armfix must --explain the new rule.

usage: new_rule.py SOURCE_DIR BUILD_DIR
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

NAME = "Azure.AKS.ScaffoldProbe"
REF = "AZR-999999"
FILE = "fixers/aks/scaffold_probe.cpp"
CASE = f"tests/rules/{NAME}/missing-parent"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)
    return condition


def run(argv, cwd=None):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)


def copy_repository(source, target):
    listed = run(["git", "-C", source, "ls-files", "-z", "--cached", "--others",
                  "--exclude-standard"])
    if listed.returncode != 0:
        sys.exit(f"git ls-files failed in {source}: {listed.stderr}")
    for path in filter(None, listed.stdout.split("\0")):
        origin = os.path.join(source, path)
        if not os.path.isfile(origin):
            continue  # deleted in the work tree
        os.makedirs(os.path.dirname(os.path.join(target, path)), exist_ok=True)
        shutil.copy2(origin, os.path.join(target, path))


def compile_command(entries, source, like, copy, file, output):
    """The command BUILD_DIR compiles `like` with, for `file` of the copy."""
    for entry in entries:
        if os.path.realpath(entry["file"]) == os.path.realpath(os.path.join(source, like)):
            argv = entry.get("arguments") or shlex.split(entry["command"])
            break
    else:
        sys.exit(f"compile_commands.json has no entry for {like}")
    result = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "-o":
            result += ["-o", output]
            skip = True
            continue
        if arg in ("-c",) or os.path.realpath(arg) == os.path.realpath(os.path.join(source, like)):
            continue
        result.append(arg.replace(os.path.realpath(source), copy).replace(source, copy))
    return result + ["-Werror", "-c", os.path.join(copy, file)], entry["directory"]


def object_of(entries, source, file):
    for entry in entries:
        if os.path.realpath(entry["file"]) == os.path.realpath(os.path.join(source, file)):
            argv = entry.get("arguments") or shlex.split(entry["command"])
            return os.path.join(entry["directory"], argv[argv.index("-o") + 1])
    sys.exit(f"compile_commands.json has no entry for {file}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, build = (os.path.abspath(arg) for arg in sys.argv[1:])
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as commands:
        entries = json.load(commands)
    work = tempfile.mkdtemp(prefix="armfix-new-rule-")
    try:
        copy = os.path.join(work, "repo")
        copy_repository(source, copy)
        tool = os.path.join(copy, "tools", "new-rule")

        for name, ref, why in [("Azure.AKS.lowercase", REF, "not a rule name"),
                               ("AKS.ScaffoldProbe", REF, "not a rule name"),
                               (NAME, "AZR-12345", "not a rule ref"),
                               ("Azure.Storage.ScaffoldProbe", REF, "only Azure.AKS.*"),
                               ("Azure.AKS.AutoUpgrade", REF, "exists already"),
                               (NAME, "AZR-000036", "exists already")]:
            refused = run([sys.executable, tool, "--no-docs", name, ref])
            check(refused.returncode == 2 and why in refused.stderr,
                  f"new-rule {name} {ref}: expected exit 2 saying '{why}', got "
                  f"{refused.returncode}: {refused.stderr.strip()}")
        check(not os.path.exists(os.path.join(copy, FILE)), "a refused name wrote its file")

        made = run([sys.executable, tool, "--no-docs", NAME, REF])
        if not check(made.returncode == 0, f"new-rule {NAME} {REF} failed: {made.stderr}"):
            return 1
        for path in (FILE, f"{CASE}/before.json", f"{CASE}/before.bicep", f"{CASE}/after.json",
                     f"{CASE}/after.bicep", f"{CASE}/findings.txt"):
            check(os.path.isfile(os.path.join(copy, path)), f"new-rule did not write {path}")
        with open(os.path.join(copy, FILE), encoding="utf-8") as rule:
            rule_text = rule.read()
        check(rule_text.startswith(f"// {NAME} ({REF}): ") and "// Fill in:" in rule_text,
              f"{FILE} lacks the header comment or its '// Fill in:' marks")
        with open(os.path.join(copy, "fixers/aks/aks_rules.hpp"), encoding="utf-8") as header:
            check("RuleSpec scaffold_probe_rule();\n" in header.read(),
                  "aks_rules.hpp does not declare scaffold_probe_rule()")
        with open(os.path.join(copy, "src/rules/fixer_registry.cpp"), encoding="utf-8") as reg:
            check("list.push_back(std::make_unique<DeclaredRule>(scaffold_probe_rule()));"
                  in reg.read(), "fixer_registry.cpp does not register scaffold_probe_rule()")

        again = run([sys.executable, tool, "--no-docs", NAME, REF])
        check(again.returncode == 2 and "exists already" in again.stderr,
              f"a second new-rule {NAME} was not refused: {again.returncode} {again.stderr}")

        clang_format = shutil.which("clang-format")
        if clang_format:
            for path in (FILE, "fixers/aks/aks_rules.hpp", "src/rules/fixer_registry.cpp"):
                formatted = run([clang_format, "--dry-run", "-Werror", path], cwd=copy)
                check(formatted.returncode == 0,
                      f"{path} is not clang-format clean:\n{formatted.stderr}")

        objects = []
        for file, like in ((FILE, "fixers/aks/auto_upgrade.cpp"),
                           ("src/rules/fixer_registry.cpp", "src/rules/fixer_registry.cpp")):
            output = os.path.join(work, os.path.basename(file) + ".o")
            argv, directory = compile_command(entries, source, like, copy, file, output)
            compiled = run(argv, cwd=directory)
            if not check(compiled.returncode == 0,
                         f"{file} does not compile (or warns):\n{compiled.stderr}"):
                return 1
            objects.append(output)

        flags = compile_command(entries, source, "src/rules/fixer_registry.cpp", copy,
                                "src/rules/fixer_registry.cpp", "x")[0]
        compiler = flags[0]
        # A sanitizer build links its runtime as CMake's link lines do (add_link_options).
        sanitizers = set()
        for flag in flags:
            if flag.startswith("-fsanitize="):
                sanitizers.update(s for s in flag[len("-fsanitize="):].split(",")
                                  if s in ("address", "undefined"))
        link_flags = [f"-fsanitize={','.join(sorted(sanitizers))}"] if sanitizers else []
        library = os.path.join(build, "libarmfix_core.a")
        binaries = {}
        for target, mains in (("armfix_rule_case", ["tests/rule_cases/rule_case_main.cpp",
                                                    "tests/rule_cases/rule_case.cpp"]),
                              ("armfix", ["src/cli/main.cpp"])):
            binary = os.path.join(work, target)
            linked = run([compiler, *[object_of(entries, source, m) for m in mains], *objects,
                          library, "-o", binary, "-pthread", *link_flags])
            if not check(linked.returncode == 0, f"{target} does not link:\n{linked.stderr}"):
                return 1
            binaries[target] = binary

        case = run([binaries["armfix_rule_case"], NAME, os.path.join(copy, CASE)])
        check(case.returncode == 1, f"the scaffold's case should fail (exit 1) until the rule is "
              f"written, got {case.returncode}:\n{case.stdout}")
        check("unknown rule" not in case.stdout,
              f"the scaffold's rule is not registered:\n{case.stdout}")
        check("findings" in case.stdout, f"the case should fail on its findings:\n{case.stdout}")

        page = run([binaries["armfix"], "--explain", NAME.lower()])
        check(page.returncode == 0 and page.stdout.startswith(f"# {NAME} ({REF})\n"),
              f"armfix --explain {NAME} failed: {page.returncode} {page.stderr}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        return 1
    print("ok: tools/new-rule scaffolds a rule that builds and whose case fails; it refuses "
          "existing and malformed names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
