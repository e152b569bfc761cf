#!/usr/bin/env python3
"""Checks that the integration files agree with each other and with their documentation.

usage: check-integration-files.py SOURCE_DIR

- action.yml: every input it declares is used and every one it uses is declared; every output
  is one that tools/ci-run records;
- the example workflow gives the action only declared inputs and reads only declared outputs;
- the Azure pipeline reads only variables tools/ci-run sets;
- docs/integrations.md lists exactly the action's inputs (with their defaults) and outputs,
  and every pre-commit hook;
- .pre-commit-hooks.yaml: every entry is an executable script in the repository, and every
  hook's file pattern takes templates and leaves other files alone.
Prints what it checked; exits 1 on the first disagreement.
"""
import os
import re
import sys

import yaml


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as stream:
        return stream.read()


def table_rows(markdown, heading):
    """First cells (without backticks) of the table under `heading`, with the second cells."""
    section = markdown.split(heading, 1)
    if len(section) < 2:
        fail(f"docs/integrations.md has no '{heading}'")
    rows = {}
    for line in section[1].splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] not in ("input", "output", "hook") and not cells[0].startswith("---"):
            rows[cells[0].strip("`")] = cells[1] if len(cells) > 1 else ""
    return rows


def main():
    if len(sys.argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    source = sys.argv[1]
    action_text = load(os.path.join(source, "action.yml"))
    action = yaml.safe_load(action_text)
    ci_run = load(os.path.join(source, "tools", "ci-run"))
    recorded = set(re.findall(r"^record ([a-z-]+) ", ci_run, re.MULTILINE))
    if not {"changed", "patch", "summary", "sarif"} <= recorded:
        fail(f"tools/ci-run records only {sorted(recorded)}")

    declared = set(action["inputs"])
    used = set(re.findall(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}", action_text))
    if declared != used:
        fail(f"action.yml: inputs declared but unused {sorted(declared - used)}, "
             f"used but undeclared {sorted(used - declared)}")
    for name, output in action["outputs"].items():
        match = re.fullmatch(r"\$\{\{\s*steps\.run\.outputs\.([a-z-]+)\s*\}\}", output["value"])
        if not match or match.group(1) not in recorded:
            fail(f"action.yml: output {name} is {output['value']!r}, not one tools/ci-run records")
    print(f"ok: action.yml: {len(declared)} inputs all used; {len(action['outputs'])} outputs, "
          "all recorded by tools/ci-run")

    workflow_text = load(os.path.join(source, "examples", "github", "armfix.yml"))
    workflow = yaml.safe_load(workflow_text)
    uses = 0
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "armfix@" in step.get("uses", ""):
                uses += 1
                unknown = set(step.get("with") or {}) - declared
                if unknown:
                    fail(f"example workflow: unknown action inputs {sorted(unknown)}")
    read = set(re.findall(r"steps\.armfix\.outputs\.([a-z-]+)", workflow_text))
    if uses == 0 or not read or read - set(action["outputs"]):
        fail(f"example workflow: {uses} uses of the action, outputs read {sorted(read)}")
    print(f"ok: example workflow: {uses} uses of the action with declared inputs; "
          f"reads outputs {sorted(read)}")

    pipeline_text = load(os.path.join(source, "examples", "azure-pipelines", "armfix.yml"))
    yaml.safe_load(pipeline_text)
    # $(armfix.NAME) macros and variables['armfix.NAME'] in conditions
    variables = set(re.findall(r"(?:\$\(|\[')armfix\.([a-z_-]+)", pipeline_text))
    settable = {name.replace("-", "_") for name in recorded}
    if not variables or variables - settable:
        fail(f"Azure pipeline: reads armfix.{sorted(variables - settable)}, not set by tools/ci-run")
    print(f"ok: Azure pipeline: reads armfix.{{{','.join(sorted(variables))}}}, all set by tools/ci-run")

    docs = load(os.path.join(source, "docs", "integrations.md"))
    inputs_table = table_rows(docs, "### Inputs")
    if set(inputs_table) != declared:
        fail(f"docs/integrations.md inputs {sorted(inputs_table)} != action.yml {sorted(declared)}")
    for name, spec in action["inputs"].items():
        default = str(spec.get("default", ""))
        documented = inputs_table[name].strip("`")
        if default and not default.startswith("$") and documented != default:
            fail(f"docs/integrations.md: input {name} default {documented!r}, action.yml {default!r}")
    outputs_table = table_rows(docs, "### Outputs")
    if set(outputs_table) != set(action["outputs"]):
        fail(f"docs/integrations.md outputs {sorted(outputs_table)} != action.yml {sorted(action['outputs'])}")
    print("ok: docs/integrations.md lists every input, with its default, and every output")

    hooks = yaml.safe_load(load(os.path.join(source, ".pre-commit-hooks.yaml")))
    hooks_table = table_rows(docs, "| hook |")
    for hook in hooks:
        script = os.path.join(source, hook["entry"].split()[0])
        if hook["language"] != "script" or not os.access(script, os.X_OK):
            fail(f".pre-commit-hooks.yaml: {hook['id']}: {hook['entry']} is not an executable script")
        pattern = re.compile(hook["files"])
        for name in ("azuredeploy.json", "infra/aks.JSONC", "main.bicep"):
            if not pattern.search(name):
                fail(f".pre-commit-hooks.yaml: {hook['id']} does not take {name}")
        for name in ("README.md", "aks.json.bak", "script.sh"):
            if pattern.search(name):
                fail(f".pre-commit-hooks.yaml: {hook['id']} takes {name}")
        if hook["id"] not in hooks_table:
            fail(f"docs/integrations.md does not document the hook {hook['id']}")
    print(f"ok: .pre-commit-hooks.yaml: {len(hooks)} hooks, executable entries, "
          "file patterns for .json, .jsonc and .bicep, all documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
