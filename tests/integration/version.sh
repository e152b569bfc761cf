#!/usr/bin/env bash
# 'armfix --version' prints the version CMake's project() declares, and exits 0.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: tests/integration/version.sh ARMFIX VERSION" >&2
  exit 2
fi
armfix=$1
version=$2

[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "FAIL: '$version' is not a version" >&2; exit 1; }
output=$("$armfix" --version)
if [ "$output" != "armfix $version" ]; then
  echo "FAIL: armfix --version printed '$output', expected 'armfix $version'" >&2
  exit 1
fi
echo "ok: armfix --version prints 'armfix $version'"
