#!/usr/bin/env bash
# Configuring where help2man cannot be found stops with a message that names the package and
# -DARMFIX_MAN=OFF; with -DARMFIX_MAN=OFF the same configuration succeeds and installs no page.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: tests/integration/configure-without-help2man.sh SOURCE_DIR GENERATOR CXX_COMPILER MAKE_PROGRAM" >&2
  exit 2
fi
source_dir=$1
generator=$2
compiler=$3
make_program=$4
help2man=$(command -v help2man || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armfix-configure-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# find_program looks in PATH and the system directories: hide the ones help2man is in.
ignored="/usr/bin;/bin;/usr/local/bin"
if [ -n "$help2man" ]; then
  ignored="$ignored;$(dirname "$help2man")"
fi
configure() {
  cmake -S "$source_dir" -B "$tmp/$1" -G "$generator" -DCMAKE_CXX_COMPILER="$compiler" \
    -DCMAKE_MAKE_PROGRAM="$make_program" -DARMFIX_TESTS=OFF "-DCMAKE_SYSTEM_IGNORE_PATH=$ignored" \
    "${@:2}" > "$tmp/$1.log" 2>&1
}

if configure with-man; then
  fail "configuration succeeded without help2man"
fi
grep -q "help2man not found" "$tmp/with-man.log" || { cat "$tmp/with-man.log" >&2; fail "no help2man message"; }
grep -q "ARMFIX_MAN=OFF" "$tmp/with-man.log" || fail "the message does not mention -DARMFIX_MAN=OFF"
echo "ok: without help2man, configuration stops: $(grep -m1 'help2man not found' "$tmp/with-man.log" | sed 's/^ *//')"

configure without-man -DARMFIX_MAN=OFF || { cat "$tmp/without-man.log" >&2; fail "-DARMFIX_MAN=OFF failed"; }
! grep -q "armfix.1" "$tmp/without-man/cmake_install.cmake" || fail "-DARMFIX_MAN=OFF still installs armfix.1"
echo "ok: with -DARMFIX_MAN=OFF, configuration succeeds and installs no man page"
