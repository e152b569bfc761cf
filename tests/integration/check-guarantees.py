#!/usr/bin/env python3
"""Every test docs/cli.md's "Guarantees" section names exists, so no promise points at a test
that was renamed or removed.

Names in double quotes are Catch test cases, names in backticks CTest's own tests
(`integration.…`, or `fuzz replay: …` given by its start); both are CTest tests of BUILD_DIR.

usage: check-guarantees.py SOURCE_DIR BUILD_DIR
"""
import re
import subprocess
import sys


def guarantees_section(text):
    start = text.index("\n## Guarantees\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, build = sys.argv[1:]
    with open(f"{source}/docs/cli.md", encoding="utf-8") as docs:
        section = guarantees_section(docs.read())
    listed = subprocess.run(["ctest", "--test-dir", build, "-N"], capture_output=True,
                            text=True, check=True).stdout
    names = set(re.findall(r"^\s*Test\s+#\d+: (.*)$", listed, flags=re.M))
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    cited = 0
    problems = []
    for row in rows[1:] if rows else []:
        cell = row.rstrip(" |").rsplit(" | ", 1)[-1]
        for name in re.findall(r'"([^"]+)"', cell):
            cited += 1
            if name not in names:
                problems.append(f"no Catch test named \"{name}\"")
        for name in re.findall(r"`([^`]+)`", cell):
            if name.startswith("[") or name.startswith("--"):
                continue
            cited += 1
            prefix = name.rstrip(" …")
            if not any(known == name or (name.endswith("…") and known.startswith(prefix))
                       for known in names):
                problems.append(f"no CTest test named `{name}`")
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    if cited == 0:
        print("FAIL: the Guarantees section cites no test", file=sys.stderr)
        return 1
    if problems:
        return 1
    print(f"ok: the {cited} tests the Guarantees section cites all exist")
    return 0


if __name__ == "__main__":
    sys.exit(main())
