#!/usr/bin/env bash
# End to end: the GitHub action's run step, then the example workflow's pull-request step, then
# the Azure pipeline's two steps, each run by tests/integration/run-step.py straight from the
# YAML files, on a temporary git repository of sample templates with a bare "origin" and
# stubs for gh and az. The fix branch must hold exactly what 'armfix --write' makes of the
# templates, the pull request must get the summary as its body, the SARIF report must be valid
# with results, and a second run on the fixed branch must find nothing to change.
set -euo pipefail

usage() {
  echo "usage: ARMFIX=path/to/armfix tests/integration/ci-workflow.sh SOURCE_DIR" >&2
  exit 2
}
if [ $# -ne 1 ] || [ -z "${ARMFIX:-}" ]; then
  usage
fi
source_dir=$(cd "$1" && pwd)
armfix=$(cd "$(dirname "$ARMFIX")" && pwd)/$(basename "$ARMFIX")
run_step=(python3 "$source_dir/tests/integration/run-step.py")
action=$source_dir/action.yml
workflow=$source_dir/examples/github/armfix.yml
pipeline=$source_dir/examples/azure-pipelines/armfix.yml

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armfix-ci-workflow-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE=2026-01-05T06:00:00Z
mkdir -p "$HOME"
git config --global user.name "Test"
git config --global user.email "test@example.invalid"
git config --global init.defaultBranch main

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

# The repository: some samples (safe, unsafe, compliant, CRLF with tabs) and a parameter file.
templates=(01-container-insights 03-defender-disabled 06-legacy-azure-defender 11-new-parameter
  14-compliant 16-crlf-comments-tabs)
git init -q --bare "$tmp/origin.git"
git clone -q "$tmp/origin.git" "$tmp/repo" 2> /dev/null
for name in "${templates[@]}"; do
  mkdir -p "$tmp/repo/infra/$name"
  cp "$source_dir/samples/$name/azuredeploy.json" "$tmp/repo/infra/$name/"
done
cat > "$tmp/repo/infra/11-new-parameter/azuredeploy.parameters.json" << 'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {}
}
JSON
git -C "$tmp/repo" add -A
git -C "$tmp/repo" commit -q -m "Templates"
git -C "$tmp/repo" push -q origin main

# What the pull request must contain: 'armfix --write' on a copy.
cp -r "$tmp/repo" "$tmp/expected"
rm -rf "$tmp/expected/.git"
(cd "$tmp/expected" && "$armfix" --write --quiet . > /dev/null) || [ $? -eq 1 ] ||
  fail "armfix --write on the expected copy failed"

# Stubs for the services' command-line clients: they log their arguments.
mkdir -p "$tmp/bin"
cat > "$tmp/bin/gh" << 'STUB'
#!/usr/bin/env bash
printf '%s\n' "gh $*" >> "$STUB_LOG"
STUB
cat > "$tmp/bin/az" << 'STUB'
#!/usr/bin/env bash
printf '%s\n' "az $*" >> "$STUB_LOG"
STUB
chmod +x "$tmp/bin/gh" "$tmp/bin/az"
export PATH=$tmp/bin:$PATH STUB_LOG=$tmp/stub.log

# The runner's layout: the action builds armfix into $RUNNER_TEMP/armfix-build.
export RUNNER_TEMP=$tmp/runner GITHUB_ACTION_PATH=$source_dir
export GITHUB_OUTPUT=$tmp/github-output GITHUB_STEP_SUMMARY=$tmp/step-summary
mkdir -p "$RUNNER_TEMP/armfix-build"
ln -s "$armfix" "$RUNNER_TEMP/armfix-build/armfix"

output() { sed -n "s/^$1=//p" "$GITHUB_OUTPUT" | tail -n 1; }

run_action() {
  : > "$GITHUB_OUTPUT"
  (cd "$tmp/repo" && "${run_step[@]}" "$action" run \
    --inputs-from "$workflow" fix armfix --set vars.ARMFIX_WORKSPACE_ID= > "$tmp/action.log" 2>&1) ||
    { cat "$tmp/action.log" >&2; fail "the action's run step failed"; }
}

# 1. GitHub: the action, with the inputs of the example workflow's fix job.
run_action
[ "$(output changed)" = true ] || fail "changed output is '$(output changed)', expected true"
patch=$(output patch)
summary=$(output summary)
sarif=$(output sarif)
[ -s "$patch" ] || fail "the patch '$patch' is missing or empty"
[ -s "$summary" ] || fail "the summary '$summary' is missing or empty"
grep -q '^## armfix' "$summary" || fail "the summary has no armfix heading"
[ "$(output exit-code)" = 1 ] || fail "exit-code output is '$(output exit-code)', expected 1"
cmp -s "$summary" "$GITHUB_STEP_SUMMARY" || fail "the job summary is not the armfix summary"
[ -z "$(git -C "$tmp/repo" status --porcelain)" ] || fail "patch mode changed the working tree"
cp "$patch" "$tmp/first.patch"
ok "action: changed=true, patch, summary and job summary written, working tree untouched"

jq -e '.version == "2.1.0" and (.runs[0].results | length) > 0' "$sarif" > /dev/null ||
  fail "the SARIF report '$sarif' is not valid SARIF 2.1.0 with results"
results=$(jq '.runs[0].results | length' "$sarif")
ok "SARIF: valid JSON, version 2.1.0, $results results"

# 2. GitHub: the example workflow's pull-request step.
: > "$STUB_LOG"
(cd "$tmp/repo" && "${run_step[@]}" "$workflow" "Open a pull request with the fixes" --job fix \
  --set steps.armfix.outputs.patch="$patch" --set steps.armfix.outputs.summary="$summary" \
  --set github.token=token --set github.ref_name=main > "$tmp/pr.log" 2>&1) ||
  { cat "$tmp/pr.log" >&2; fail "the workflow's pull-request step failed"; }
branch=armfix/defender-for-containers
git clone -q --branch "$branch" "$tmp/origin.git" "$tmp/pushed" ||
  fail "the branch $branch was not pushed"
diff -r --exclude=.git "$tmp/expected" "$tmp/pushed" > "$tmp/pushed.diff" ||
  { cat "$tmp/pushed.diff" >&2; fail "the pushed branch differs from 'armfix --write'"; }
[ "$(git -C "$tmp/pushed" rev-list --count HEAD)" = 2 ] || fail "expected one fix commit"
grep -q "Defender for Containers" <<< "$(git -C "$tmp/pushed" log -1 --format=%s)" ||
  fail "unexpected commit message: $(git -C "$tmp/pushed" log -1 --format=%s)"
grep -qx -- "gh pr create --base main --head $branch --title Enable Microsoft Defender for Containers on AKS clusters --body-file $summary" "$STUB_LOG" ||
  { cat "$STUB_LOG" >&2; fail "gh pr create was not called with the summary as the body"; }
changed_files=$(git -C "$tmp/pushed" diff --name-only HEAD~1 | wc -l)
[ "$changed_files" -ge 4 ] || fail "only $changed_files files changed"
ok "workflow: branch $branch pushed with $changed_files files equal to 'armfix --write', pull request opened with the summary"

# 3. A second run on the fixed branch proposes nothing more.
git -C "$tmp/repo" checkout -q "$branch"
run_action
[ "$(output changed)" = false ] || fail "second run: changed output is '$(output changed)'"
[ ! -s "$(output patch)" ] || fail "second run: the patch is not empty"
ok "second run on the fixed branch: changed=false, empty patch"

# 4. Azure Pipelines: the run step (variables set with ##vso) and the pull-request step.
git -C "$tmp/repo" checkout -q main
git -C "$tmp/repo" branch -q -D "$branch"
git -C "$tmp/repo" push -q origin --delete "$branch"
export AGENT_TEMPDIRECTORY=$tmp/agent TF_BUILD=True
mkdir -p "$AGENT_TEMPDIRECTORY/armfix-build"
ln -s "$source_dir" "$AGENT_TEMPDIRECTORY/armfix-src"
ln -s "$armfix" "$AGENT_TEMPDIRECTORY/armfix-build/armfix"
unset GITHUB_OUTPUT
(cd "$tmp/repo" && "${run_step[@]}" "$pipeline" "Run armfix" \
  --set Agent.TempDirectory="$AGENT_TEMPDIRECTORY" > "$tmp/azure.log" 2>&1) ||
  { cat "$tmp/azure.log" >&2; fail "the pipeline's run step failed"; }
variable() { sed -n "s/^##vso\[task.setvariable variable=armfix\.$1\]//p" "$tmp/azure.log"; }
[ "$(variable changed)" = true ] || fail "armfix.changed is '$(variable changed)'"
[ "$(variable exit_code)" = 1 ] || fail "armfix.exit_code is '$(variable exit_code)'"
azure_patch=$(variable patch)
azure_summary=$(variable summary)
cmp -s "$azure_patch" "$tmp/first.patch" || fail "the pipeline's patch differs from the action's"
jq -e '(.runs[0].results | length) > 0' "$(variable sarif)" > /dev/null || fail "pipeline SARIF"
ok "pipeline: armfix.changed=true, the same patch as the action, SARIF with results"

: > "$STUB_LOG"
(cd "$tmp/repo" && SYSTEM_COLLECTIONURI=https://dev.azure.com/org/ SYSTEM_TEAMPROJECT=project \
  BUILD_REPOSITORY_NAME=repo BUILD_SOURCEBRANCH=refs/heads/main \
  "${run_step[@]}" "$pipeline" "Open a pull request with the fixes" \
  --set System.AccessToken=token --set armfix.patch="$azure_patch" \
  --set armfix.summary="$azure_summary" > "$tmp/azure-pr.log" 2>&1) ||
  { cat "$tmp/azure-pr.log" >&2; fail "the pipeline's pull-request step failed"; }
rm -rf "$tmp/pushed"
git clone -q --branch "$branch" "$tmp/origin.git" "$tmp/pushed" ||
  fail "the pipeline did not push $branch"
diff -r --exclude=.git "$tmp/expected" "$tmp/pushed" > "$tmp/pushed.diff" ||
  { cat "$tmp/pushed.diff" >&2; fail "the pipeline's branch differs from 'armfix --write'"; }
grep -q "^az repos pr create .*--source-branch $branch --target-branch refs/heads/main" "$STUB_LOG" ||
  { cat "$STUB_LOG" >&2; fail "az repos pr create was not called"; }
grep -qF -- "--description ## armfix: Azure.AKS.AutoUpgrade, Azure.AKS.AzurePolicyAddOn, Azure.AKS.ContainerInsights, Azure.AKS.DefenderProfile" "$STUB_LOG" ||
  { cat "$STUB_LOG" >&2; fail "the pull request's description is not the summary"; }
ok "pipeline: branch pushed equal to 'armfix --write', az repos pr create called with the summary"

# 5. The action in write mode on two paths given on separate lines, with a JSON report; every
#    rule but UseRBAC, UptimeSLA and ContainerInsights, whose fixes of these templates are
#    unsafe, and LocalAccounts, manual on
#    clusters without managed Entra ID integration, so that nothing is left.
workspace=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law
git -C "$tmp/repo" checkout -q main
export GITHUB_OUTPUT=$tmp/github-output
unset TF_BUILD
: > "$GITHUB_OUTPUT"
(cd "$tmp/repo" && "${run_step[@]}" "$action" run --set inputs.mode=write --set inputs.format=json \
  --set inputs.paths=$'infra/01-container-insights\ninfra/11-new-parameter' \
  --set inputs.args='--exclude=nothing --exclude-rule=Azure.AKS.UseRBAC --exclude-rule=Azure.AKS.UptimeSLA --exclude-rule=Azure.AKS.ContainerInsights --exclude-rule=Azure.AKS.LocalAccounts' --set inputs.job-summary=false \
  --set inputs.workspace-id="$workspace" > "$tmp/action.log" 2>&1) ||
  { cat "$tmp/action.log" >&2; fail "the action's run step failed in write mode"; }
[ "$(output changed)" = true ] || fail "write mode: changed output is '$(output changed)'"
[ "$(output exit-code)" = 0 ] || fail "write mode: exit-code is '$(output exit-code)', expected 0"
[ -z "$(output sarif)" ] || fail "write mode with a JSON report: sarif output is '$(output sarif)'"
jq -e '.mode == "write" and .totals.writtenFiles == 2' "$(output report)" > /dev/null ||
  fail "write mode: the JSON report does not say 2 files were written"
mapfile -t written < <(git -C "$tmp/repo" diff --name-only)
[ "${written[*]}" = "infra/01-container-insights/azuredeploy.json infra/11-new-parameter/azuredeploy.json" ] ||
  fail "write mode changed: ${written[*]}"
file=infra/01-container-insights/azuredeploy.json
cmp -s "$tmp/repo/$file" "$tmp/expected/$file" || fail "write mode: $file differs from 'armfix --write'"
grep -qF "\"defaultValue\": \"$workspace\"" "$tmp/repo/infra/11-new-parameter/azuredeploy.json" ||
  fail "write mode: the new parameter has not the workspace-id input as its default"
ok "action in write mode on two paths: exactly those 2 templates written, the workspace-id input as the new parameter's default"
