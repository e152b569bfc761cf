#!/usr/bin/env python3
"""Every output of armfix, with its standard output and error full, closed or broken.

usage: lost-output.py ARMFIX SOURCE_DIR [--memory-limit-mb N]

For each output option (text, JSON and SARIF reports, --dry-run, --patch -, --patch FILE,
--output, --summary, --write, and the CI combination) the command runs once with working
streams, as the reference, then with standard output, standard error or both on /dev/full,
closed, or a pipe whose reader has gone. Each run must:
- end by exiting, never by a signal (exit status below 128);
- leave no temporary file (.<name>.armfix-XXXXXX) behind;
- change the input files exactly as the reference run did (only --write changes them);
- write the same output files as the reference run;
- exit 2 when something it had to say could not be written, else as the reference did, and
  name the lost standard output on a working standard error.

The memory limit (ulimit -v) applies to every run, the references included. The corpus is
samples/ plus one template of 4 MB, so the run holds a sizeable file, its diff and its report.
With one malloc arena (MALLOC_ARENA_MAX=1: glibc otherwise reserves 64 MB of address space
per thread, lazily and racily, which makes the peak vary by hundreds of megabytes), 8 MB
thread stacks and --jobs 2, a run's measured peak is about 50 MB for a report and 160 MB for
--write (whose 8 flushing threads own a stack each). 256 MB is 1.6 times the --write peak
and 5 times a report's: a normal run fits on any machine, while a path for lost output that
held the diff, the report or the large file many times over would not. Builds with
AddressSanitizer reserve terabytes of shadow memory and run without the limit.
Prints one line per scenario; exits 1 on the first failure.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

STREAM_ERRORS = {
    "full": "No space left on device",
    "closed": "Bad file descriptor",
    "broken": "Broken pipe",
}

# The parameter file --write names with --workspace-id-for but no fix needs: its note is
# printed while the fixed files are staged and not yet committed.
UNUSED_PARAMETERS = "repo/unused.parameters.json"

SCENARIOS = {
    "report": [],
    "report-json": ["--format", "json"],
    "report-sarif": ["--format", "sarif"],
    "dry-run": ["--dry-run"],
    "patch-stdout": ["--patch", "-"],
    "patch-file": ["--patch", "out/fixes.patch"],
    "output": ["--format", "json", "--output", "out/report.json"],
    "summary": ["--summary", "out/pr.md"],
    "write": ["--write", "-v", "--workspace-id-for", UNUSED_PARAMETERS + "=/subscriptions/0/law"],
    "ci": ["--patch", "out/fixes.patch", "--summary", "out/pr.md", "--format", "sarif",
           "--output", "out/report.sarif"],
    "write-outputs": ["--write", "--summary", "out/pr.md", "--format", "sarif", "--output",
                      "out/report.sarif"],
}

# (stdout, stderr): the reference first, then each way to lose output on one or both.
STREAM_SETUPS = [("ok", "ok")] + [
    setup for kind in STREAM_ERRORS for setup in ((kind, "ok"), ("ok", kind), (kind, kind))
]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def large_template():
    resources = [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
                  "name": f"st{i}", "location": "westeurope",
                  "properties": {"tags": {"owner": "x" * 40}}} for i in range(15000)]
    resources.append({"type": "Microsoft.ContainerService/managedClusters",
                      "apiVersion": "2023-01-01", "name": "aks", "location": "westeurope",
                      "properties": {"dnsPrefix": "aks"}})
    return json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/"
                   "deploymentTemplate.json#",
        "contentVersion": "1.0.0.0", "resources": resources}, indent=2)


def make_corpus(source_dir, corpus):
    shutil.copytree(os.path.join(source_dir, "samples"), corpus)
    with open(os.path.join(corpus, "large.json"), "w", encoding="utf-8") as stream:
        stream.write(large_template())
    with open(os.path.join(corpus, "unused.parameters.json"), "w", encoding="utf-8") as stream:
        stream.write('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/'
                     'deploymentParameters.json#", "contentVersion": "1.0.0.0", '
                     '"parameters": {}}\n')


def tree(root):
    """Every file under root, by relative path, with its bytes."""
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as stream:
                files[os.path.relpath(path, root)] = stream.read()
    return files


def run(armfix, args, work, setup, memory_limit):
    """Runs armfix in `work` with its streams as `setup` says: (exit status, stdout, stderr)."""
    captured = {}
    streams = {}
    to_close = []
    for name, kind in zip(("stdout", "stderr"), setup):
        if kind == "ok":
            captured[name] = tempfile.TemporaryFile()
            streams[name] = captured[name]
        elif kind == "full":
            streams[name] = open("/dev/full", "wb")
            to_close.append(streams[name])
        elif kind == "broken":
            reader, writer = os.pipe()
            os.close(reader)
            streams[name] = writer
            to_close.append(writer)
        else:
            streams[name] = subprocess.DEVNULL  # closed in the child, below

    def prepare():
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        resource.setrlimit(resource.RLIMIT_STACK, (8 << 20, 8 << 20))
        for descriptor, kind in zip((1, 2), setup):
            if kind == "closed":
                os.close(descriptor)

    env = dict(os.environ, MALLOC_ARENA_MAX="1")
    # restore_signals (the default) gives the child SIGPIPE's default action, as a shell does.
    process = subprocess.run([armfix, "--jobs", "2"] + args + ["repo"], cwd=work,
                             stdin=subprocess.DEVNULL, stdout=streams["stdout"],
                             stderr=streams["stderr"], preexec_fn=prepare, env=env, check=False)
    for stream in to_close:
        if isinstance(stream, int):
            os.close(stream)
        else:
            stream.close()
    texts = {}
    for name in ("stdout", "stderr"):
        texts[name] = b""
        if name in captured:
            captured[name].seek(0)
            texts[name] = captured[name].read()
            captured[name].close()
    return process.returncode, texts["stdout"], texts["stderr"]


def check_scenario(armfix, name, args, work, pristine, memory_limit):
    def fresh():
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(os.path.join(work, "out"))
        shutil.copytree(pristine, os.path.join(work, "repo"))

    fresh()
    reference_status, reference_out, reference_err = run(armfix, args, work, ("ok", "ok"),
                                                          memory_limit)
    if reference_status not in (0, 1):
        fail(f"{name}: the reference run exited {reference_status}: {reference_err[-500:]!r}")
    reference_tree = tree(work)
    for setup in STREAM_SETUPS[1:]:
        what = f"{name} with stdout {setup[0]}, stderr {setup[1]}"
        fresh()
        status, out, err = run(armfix, args, work, setup, memory_limit)
        if status < 0 or status >= 128:
            fail(f"{what}: ended by signal {-status if status < 0 else status - 128}")
        after = tree(work)
        leftovers = [path for path in after if ".armfix-" in os.path.basename(path)]
        if leftovers:
            fail(f"{what}: temporary files left: {leftovers}")
        changed = sorted(path for path in set(after) | set(reference_tree)
                         if after.get(path) != reference_tree.get(path))
        if changed:
            fail(f"{what}: files differ from the reference run: {changed[:5]}")
        lost_out = setup[0] != "ok" and reference_out != b""
        lost_err = setup[1] != "ok" and reference_err != b""
        expected = 2 if lost_out or lost_err else reference_status
        if status != expected:
            fail(f"{what}: exit {status}, expected {expected}; stderr: {err[-300:]!r}")
        if setup[0] == "ok" and out != reference_out:
            fail(f"{what}: standard output differs from the reference run")
        if lost_out and setup[1] == "ok":
            message = (f"armfix: error: cannot write to standard output: "
                       f"{STREAM_ERRORS[setup[0]]}\n").encode()
            if not err.endswith(message):
                fail(f"{what}: stderr does not end with {message!r}: {err[-300:]!r}")
    print(f"ok: {name}: {len(STREAM_SETUPS) - 1} ways to lose output, exit {reference_status} "
          f"when nothing is lost")


def main():
    if len(sys.argv) not in (3, 5) or (len(sys.argv) == 5 and sys.argv[3] != "--memory-limit-mb"):
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    armfix, source_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    memory_limit = int(sys.argv[4]) << 20 if len(sys.argv) == 5 else 0
    print(f"memory limit: {memory_limit >> 20} MB" if memory_limit else "no memory limit")
    with tempfile.TemporaryDirectory(prefix="armfix-lost-output-") as temporary:
        pristine = os.path.join(temporary, "pristine")
        make_corpus(source_dir, pristine)
        work = os.path.join(temporary, "work")
        for name, args in SCENARIOS.items():
            check_scenario(armfix, name, args, work, pristine, memory_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
