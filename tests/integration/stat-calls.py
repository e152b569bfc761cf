#!/usr/bin/env python3
"""Report mode over many files costs a fixed number of file-system calls per file.

usage: stat-calls.py ARMFIX SOURCE_DIR [--files N]

Generates a tree of N small files (default 5,000) in nested folders: ARM templates whose fix
adds a parameter, with a `.parameters.json` beside each, and Bicep files with their compiled
template and a `.bicepparam` file beside them. Runs `armfix` in report mode over it under
`strace -c` and fails when it makes more than 3 stat-family calls per file, or lists a
directory more than once (the walk's listing also serves the parameter-file lookup). When
pairing and parameter lookup scanned all files for each file, the calls grew with the square
of the number of files: 45 per file at 1,000 files, 205 per file at 5,000.
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

# What strace's %%stat class traces, as named in its summary on 64-bit and 32-bit systems.
STAT_FAMILY = ("stat", "lstat", "fstat", "newfstatat", "statx", "fstatat64", "stat64", "lstat64",
               "fstat64")
MAX_STAT_CALLS_PER_FILE = 3
MAX_LISTINGS_PER_DIRECTORY = 1
FILES_PER_FOLDER = 5

BICEP_CLUSTER = """param clusterName string = 'aks'

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: resourceGroup().location
  properties: {
    dnsPrefix: clusterName
  }
}
"""

BICEPPARAM = "using './{name}.bicep'\n\nparam clusterName = 'aks-{index}'\n"

PARAMETERS = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "clusterName": { "value": "aks-%d" }
  }
}
"""


def generate(root, files, source_dir):
    template = (source_dir / "samples/11-new-parameter/azuredeploy.json").read_text()
    compiled = (source_dir / "samples/bicep/01-source-and-compiled/main.json").read_text()
    folders = files // FILES_PER_FOLDER
    for index in range(folders):
        # team/service/environment: three levels, as repositories lay templates out.
        folder = root / f"team-{index % 7}" / f"service-{index % 53}" / f"env-{index}"
        folder.mkdir(parents=True)
        (folder / "cluster.json").write_text(template)
        (folder / "cluster.parameters.json").write_text(PARAMETERS % index)
        (folder / "app.bicep").write_text(BICEP_CLUSTER)
        (folder / "app.json").write_text(compiled)
        (folder / "app.bicepparam").write_text(BICEPPARAM.format(name="app", index=index))
    return folders * FILES_PER_FOLDER, folders


def count_calls(summary):
    """Calls per system call name from an `strace -c` summary."""
    calls = {}
    for line in summary.splitlines():
        fields = line.split()
        # % time, seconds, usecs/call, calls, [errors], syscall
        if len(fields) >= 5 and re.fullmatch(r"\d+", fields[3]) and fields[-1] != "total":
            calls[fields[-1]] = int(fields[3])
    return calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("armfix")
    parser.add_argument("source_dir", type=pathlib.Path)
    parser.add_argument("--files", type=int, default=5000)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch) / "repo"
        files, folders = generate(root, arguments.files, arguments.source_dir)
        directories = sum(1 for _ in os.walk(root))
        summary = pathlib.Path(scratch) / "strace.txt"
        # LeakSanitizer cannot run under ptrace: a sanitizer build is traced without it.
        environment = dict(os.environ)
        environment["ASAN_OPTIONS"] = environment.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
        result = subprocess.run(
            ["strace", "-f", "-qq", "-c", "-o", str(summary), "-e",
             "trace=%%stat,getdents64", os.path.abspath(arguments.armfix), "--format", "json", "repo"],
            cwd=scratch, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, check=False)
        if result.returncode != 1:
            print(f"armfix exited {result.returncode}, expected 1 (findings):\n{result.stderr}")
            return 1
        calls = count_calls(summary.read_text())

    stats = sum(calls.get(name, 0) for name in STAT_FAMILY)
    if stats == 0:
        print("FAIL: strace counted no stat-family call: the count cannot be trusted")
        return 1
    listings = calls.get("getdents64", 0)
    print(f"{files} files in {directories} directories: {stats} stat-family calls "
          f"({stats / files:.2f} per file), {listings} getdents64 calls")
    failed = False
    if stats > MAX_STAT_CALLS_PER_FILE * files:
        print(f"FAIL: more than {MAX_STAT_CALLS_PER_FILE} stat-family calls per file")
        failed = True
    # A directory listing takes one getdents64 call with entries and one that returns none.
    if listings > 2 * MAX_LISTINGS_PER_DIRECTORY * directories:
        print(f"FAIL: directories listed more than {MAX_LISTINGS_PER_DIRECTORY} time each")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
