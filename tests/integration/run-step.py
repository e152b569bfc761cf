#!/usr/bin/env python3
"""Runs one script step of a GitHub action or workflow, or of an Azure pipeline, locally.

usage: run-step.py FILE STEP [--job JOB] [--set EXPR=VALUE]... [--inputs-from FILE JOB STEP]

The step is found by its id, name or displayName. Its script (run, bash or script) runs with
bash as the CI service runs it, in its working-directory, with its env. Every ${{ EXPR }}
(GitHub) and $(EXPR) (Azure Pipelines) in the script, env and working-directory is replaced by
the VALUE given with --set; `inputs.NAME` of an action also falls back to the input's default
and to the `with:` of the step named by --inputs-from, and a pipeline's top-level variables
are macros and environment variables, as in a pipeline run. An expression with no value is an
error (exit 3), so a step that starts to use something new fails the test instead of running
with a blank. The exit status is the script's.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import yaml

GITHUB_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
AZURE_MACRO = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.]*)\)")


def fail(message):
    print(f"run-step: {message}", file=sys.stderr)
    sys.exit(3)


def steps_of(document, job):
    if "runs" in document:  # composite action
        return document["runs"]["steps"]
    if "jobs" in document and isinstance(document["jobs"], dict):  # GitHub workflow
        if job is None:
            fail("--job is needed for a workflow")
        return document["jobs"][job]["steps"]
    if "steps" in document:  # Azure pipeline with steps at the top
        return document["steps"]
    fail("no steps found")


def find_step(steps, key):
    for step in steps:
        if key in (step.get("id"), step.get("name"), step.get("displayName")):
            return step
    fail(f"no step named {key!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("step")
    parser.add_argument("--job")
    parser.add_argument("--set", action="append", default=[], metavar="EXPR=VALUE")
    parser.add_argument("--inputs-from", nargs=3, metavar=("FILE", "JOB", "STEP"))
    arguments = parser.parse_args()

    with open(arguments.file, encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    values = {}
    for name, spec in (document.get("inputs") or {}).items():
        values[f"inputs.{name}"] = str(spec.get("default", ""))
    if arguments.inputs_from:
        path, job, key = arguments.inputs_from
        with open(path, encoding="utf-8") as stream:
            caller = find_step(steps_of(yaml.safe_load(stream), job), key)
        for name, value in (caller.get("with") or {}).items():
            values[f"inputs.{name}"] = str(value)
    # Azure Pipelines: top-level variables are macros and, upper-cased, environment variables.
    pipeline_variables = document.get("variables") if isinstance(document.get("variables"), dict) else {}
    for name, value in pipeline_variables.items():
        values[name] = "" if value is None else str(value)
    for assignment in arguments.set:
        name, separator, value = assignment.partition("=")
        if not separator:
            fail(f"--set {assignment!r}: expected EXPR=VALUE")
        values[name] = value

    def substitute(text):
        def lookup(match):
            if match.group(1) not in values:
                fail(f"{arguments.step}: no value for {match.group(0)}")
            return values[match.group(1)]

        text = GITHUB_EXPRESSION.sub(lookup, str(text))
        return AZURE_MACRO.sub(lookup, text)

    # Values passed down from a caller may themselves be expressions (${{ vars.X }}).
    for name in list(values):
        values[name] = substitute(values[name])

    step = find_step(steps_of(document, arguments.job), arguments.step)
    script = next((step[k] for k in ("run", "bash", "script") if k in step), None)
    if script is None:
        fail(f"{arguments.step}: not a script step")
    environment = dict(os.environ)
    for name in pipeline_variables:
        environment[name.upper().replace(".", "_")] = values[name]
    for name, value in (step.get("env") or {}).items():
        environment[name] = substitute(value)
    directory = substitute(step.get("working-directory", step.get("workingDirectory", ".")))

    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script_file:
        script_file.write(substitute(script))
    try:
        if "run" in step:  # GitHub's "shell: bash"
            command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", script_file.name]
        else:  # Azure Pipelines' bash and script steps
            command = ["bash", "--noprofile", "--norc", script_file.name]
        return subprocess.run(command, cwd=directory, env=environment, check=False).returncode
    finally:
        os.unlink(script_file.name)


if __name__ == "__main__":
    sys.exit(main())
