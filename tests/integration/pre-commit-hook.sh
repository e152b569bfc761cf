#!/usr/bin/env bash
# The pre-commit hook script on staged files in a temporary git repository: it fixes the
# templates and exits 1 when it changed any, exits 0 once they are clean, 2 on an error; with
# --check it changes nothing. When the pre-commit framework is installed, .pre-commit-hooks.yaml
# is also run through 'pre-commit try-repo'.
set -euo pipefail

usage() {
  echo "usage: ARMFIX=path/to/armfix tests/integration/pre-commit-hook.sh SOURCE_DIR" >&2
  exit 2
}
if [ $# -ne 1 ] || [ -z "${ARMFIX:-}" ]; then
  usage
fi
source_dir=$(cd "$1" && pwd)
ARMFIX=$(cd "$(dirname "$ARMFIX")" && pwd)/$(basename "$ARMFIX")
export ARMFIX
hook=$source_dir/tools/pre-commit-hook
samples=$source_dir/samples

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armfix-pre-commit-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Test"
git config --global user.email "test@example.invalid"
git config --global init.defaultBranch main

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

# Runs the hook on the staged files, as pre-commit does; sets $status, keeps stderr in $tmp/err.
run_hook() {
  local files
  mapfile -t files < <(git -C "$tmp/repo" diff --cached --name-only --diff-filter=ACM)
  status=0
  (cd "$tmp/repo" && "$hook" "$@" "${files[@]}") > "$tmp/out" 2> "$tmp/err" || status=$?
}
expect_status() {
  [ "$status" -eq "$1" ] || { cat "$tmp/out" "$tmp/err" >&2; fail "$2: exit $status, expected $1"; }
}
same() { cmp -s "$tmp/repo/$1" "$2" || fail "$1 differs from $2"; }

git init -q "$tmp/repo"
cd "$tmp/repo"
for name in 01-container-insights 11-new-parameter 14-compliant 06-legacy-azure-defender; do
  mkdir -p "$name"
  cp "$samples/$name/azuredeploy.json" "$name/"
done
echo '{ "name": "not-a-template", "version": "1.0.0" }' > package.json
echo "param clusterName string" > main.bicep
git add -A

# 1. Staged templates with safe fixes: fixed in place, exit 1, the changed files named.
run_hook
expect_status 1 "templates with safe fixes"
same 01-container-insights/azuredeploy.json "$samples/01-container-insights/azuredeploy.json.fixed"
same 11-new-parameter/azuredeploy.json "$samples/11-new-parameter/azuredeploy.json.fixed"
same 14-compliant/azuredeploy.json "$samples/14-compliant/azuredeploy.json"
# 06 keeps its unsafe Defender finding; the other rules' safe fixes are applied.
same 06-legacy-azure-defender/azuredeploy.json "$samples/06-legacy-azure-defender/azuredeploy.json.fixed"
grep -q "^  01-container-insights/azuredeploy.json$" "$tmp/err" || fail "01 not named as changed"
grep -q "^  11-new-parameter/azuredeploy.json$" "$tmp/err" || fail "11 not named as changed"
grep -q "^  06-legacy-azure-defender/azuredeploy.json$" "$tmp/err" || fail "06 not named as changed"
! grep -q "14-compliant" "$tmp/err" || fail "the compliant template was named as changed"
! grep -q "note: skipped" "$tmp/err" || fail "notes for package.json or main.bicep were printed"
ok "safe fixes: 3 templates fixed in place, exit 1, each named, no notes"

# 2. Staged again: nothing changes, exit 0 (the unsafe finding is reported, not fixed).
git add -A
run_hook
expect_status 0 "after staging the fixes"
git diff --quiet || { git diff --stat >&2; fail "the hook changed files on the second run"; }
grep -q "06-legacy-azure-defender/azuredeploy.json:.*\[unsafe\]" "$tmp/err" "$tmp/out" ||
  fail "the unsafe finding was not reported"
ok "clean: exit 0, nothing changed, the unsafe finding still reported"

# 3. --check writes nothing and fails while a finding remains; options reach armfix.
run_hook --check
expect_status 1 "--check with an unsafe finding"
git diff --quiet || fail "--check changed files"
run_hook --unsafe-fixes
expect_status 1 "--unsafe-fixes"
same 06-legacy-azure-defender/azuredeploy.json \
  "$samples/06-legacy-azure-defender/azuredeploy.json.fixed-unsafe"
git add -A
# LocalAccounts stays manual on clusters without managed Entra ID integration.
run_hook --check --exclude-rule Azure.AKS.LocalAccounts
expect_status 0 "--check once everything is fixed"
ok "--check: exit 1 with a finding, 0 when clean, writes nothing; --unsafe-fixes reaches armfix"

# 4. An invalid template is an error: exit 2.
cat > broken.json << 'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [ { "type": "Microsoft.ContainerService/managedClusters" ]
}
JSON
git add broken.json
run_hook
expect_status 2 "an invalid template"
grep -q "broken.json:3:[0-9]*: error" "$tmp/out" "$tmp/err" || fail "the parse error was not reported"
git rm -q --cached broken.json
rm broken.json
ok "invalid template: exit 2 with the error"

# 5. No files (nothing staged matched) and a missing binary.
status=0
"$hook" > /dev/null 2>&1 || status=$?
expect_status 0 "no files"
status=0
ARMFIX=$tmp/no-such-armfix "$hook" package.json 2> "$tmp/err" || status=$?
expect_status 2 "a missing armfix"
grep -q "not found" "$tmp/err" || fail "no message for a missing armfix"
ok "no files: exit 0; armfix missing: exit 2 with a message"

# 6. Through the pre-commit framework, with the hook definitions of .pre-commit-hooks.yaml.
if ! command -v pre-commit > /dev/null 2>&1; then
  echo "skipped: pre-commit is not installed, .pre-commit-hooks.yaml not run through it"
  exit 0
fi
if ! git -C "$source_dir" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  echo "skipped: $source_dir is not a git repository, which 'pre-commit try-repo' needs"
  exit 0
fi
PATH=$(dirname "$ARMFIX"):$PATH
export PRE_COMMIT_HOME=$tmp/pre-commit-cache PATH
git commit -q -m "Fixed templates"
cp "$samples/01-container-insights/azuredeploy.json" 01-container-insights/azuredeploy.json
git add -A
status=0
pre-commit try-repo "$source_dir" armfix --files 01-container-insights/azuredeploy.json \
  > "$tmp/out" 2>&1 || status=$?
expect_status 1 "pre-commit try-repo with a template to fix"
grep -q "armfix (enable Defender for Containers).*Failed" "$tmp/out" ||
  { cat "$tmp/out" >&2; fail "pre-commit did not report the hook as failed"; }
same 01-container-insights/azuredeploy.json "$samples/01-container-insights/azuredeploy.json.fixed"
git add -A
status=0
pre-commit try-repo "$source_dir" armfix --files 01-container-insights/azuredeploy.json \
  > "$tmp/out" 2>&1 || status=$?
expect_status 0 "pre-commit try-repo once fixed"
ok "pre-commit try-repo: the armfix hook fixes and fails, then passes"
