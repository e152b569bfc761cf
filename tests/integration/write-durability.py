#!/usr/bin/env python3
"""--write is durable: every file it replaces was flushed before the rename, and every
directory it renamed into is flushed after its last rename, before armfix exits.

Runs `armfix --write` (and `--write --workspace-id-for`, which also replaces a parameter file)
on copies of the samples under strace and checks the order of the system calls: a power loss
at any point leaves each file whole, old or new, and a run that exited has its renames on disk.

usage: write-durability.py ARMFIX SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SYSCALLS = "fsync,fdatasync,rename,renameat,renameat2"
LINE = re.compile(r"^(\d+)\s+(.*)$")
FLUSH = re.compile(r"^(fsync|fdatasync)\(\d+<([^>]*)>")
RESUMED = re.compile(r"^<\.\.\. \w+ resumed>(.*)$")
RENAME = re.compile(r'^rename(?:at2?)?\((?:[^,]+, )?"([^"]+)", (?:[^,]+, )?"([^"]+)".*= 0$')


def completed_calls(log):
    """(index, call) for every system call, in completion order, with an interrupted call
    (`<unfinished ...>`) joined to its `<... resumed>` rest."""
    pending = {}
    for index, raw in enumerate(log.splitlines()):
        match = LINE.match(raw)
        if not match:
            continue
        pid, call = match.groups()
        if call.endswith("<unfinished ...>"):
            pending[pid] = call[: -len("<unfinished ...>")].rstrip()
            continue
        resumed = RESUMED.match(call)
        if resumed:
            call = pending.pop(pid, "") + resumed.group(1)
        yield index, call


def flushes_and_renames(log, cwd):
    """(index, kind, path) events in completion order: kind is 'flush' or 'rename'."""
    events = []
    for index, call in completed_calls(log):
        flush = FLUSH.match(call)
        if flush and call.endswith("= 0"):
            events.append((index, "flush", flush.group(2)))
        rename = RENAME.match(call)
        if rename:
            source, target = (os.path.normpath(os.path.join(cwd, p)) for p in rename.groups())
            events.append((index, "rename", (source, target)))
    return events


def check(log, cwd, label):
    events = flushes_and_renames(log, cwd)
    renames = [(i, paths) for i, kind, paths in events if kind == "rename"]
    if not renames:
        return [f"{label}: no file was replaced"]
    problems = []
    flushed_at = {}
    for i, kind, path in events:
        if kind == "flush":
            flushed_at.setdefault(path, []).append(i)
    for i, (source, target) in renames:
        if not any(at < i for at in flushed_at.get(source, [])):
            problems.append(f"{label}: {target} renamed from {source} before it was flushed")
    last_rename_in = {}
    for i, (_, target) in renames:
        last_rename_in[os.path.dirname(target)] = i
    for directory, last in sorted(last_rename_in.items()):
        if not any(at > last for at in flushed_at.get(directory, [])):
            problems.append(f"{label}: directory {directory} not flushed after its last rename")
    return problems


def run_traced(armfix, arguments, cwd):
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as trace:
        command = ["strace", "-f", "-qq", "-y", "-e", "trace=" + SYSCALLS, "-o", trace.name,
                   armfix, *arguments]
        # LeakSanitizer cannot run under ptrace: a sanitizer build is traced without it.
        environment = dict(os.environ)
        environment["ASAN_OPTIONS"] = environment.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
        status = subprocess.run(command, cwd=cwd, env=environment, capture_output=True,
                                text=True).returncode
        if status not in (0, 1):
            raise SystemExit(f"FAIL: armfix {' '.join(arguments)} exited {status}")
        return trace.read()


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    armfix, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    problems = []
    with tempfile.TemporaryDirectory() as work:
        shutil.copytree(os.path.join(source, "samples"), os.path.join(work, "samples"))
        log = run_traced(armfix, ["--write", "samples"], work)
        problems += check(log, work, "--write samples")
        # A fix that adds a parameter, and the parameter file given its value: both replaced.
        case = os.path.join(work, "samples", "11-new-parameter")
        shutil.copy(os.path.join(source, "samples", "11-new-parameter", "azuredeploy.json"), case)
        with open(os.path.join(case, "azuredeploy.parameters.json"), "w") as parameters:
            parameters.write('{\n  "$schema": "https://schema.management.azure.com/schemas/'
                             '2019-04-01/deploymentParameters.json#",\n'
                             '  "contentVersion": "1.0.0.0",\n  "parameters": {}\n}\n')
        log = run_traced(armfix, ["--write", "--workspace-id-for",
                                  "azuredeploy.parameters.json=/subscriptions/0/ws", "."], case)
        problems += check(log, case, "--write --workspace-id-for")
        renamed = [p for _, kind, p in flushes_and_renames(log, case) if kind == "rename"]
        if not any(target.endswith("azuredeploy.parameters.json") for _, target in renamed):
            problems.append("--write --workspace-id-for: the parameter file was not replaced")
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    if problems:
        return 1
    print("ok: every replaced file flushed before its rename, every directory after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
