#!/usr/bin/env bash
# 'cmake --install' into a temporary prefix gives bin/armfix and a man page that documents
# every option --help lists and renders without warnings; 'cpack -G DEB' builds a .deb with
# both, the project's version and its library dependencies.
set -euo pipefail

usage() {
  echo "usage: tests/integration/install-package.sh BUILD_DIR VERSION" >&2
  exit 2
}
[ $# -eq 2 ] || usage
build_dir=$(cd "$1" && pwd)
version=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armfix-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

# 1. cmake --install
cmake --install "$build_dir" --prefix "$tmp/prefix" > "$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
binary=$tmp/prefix/bin/armfix
page=$tmp/prefix/share/man/man1/armfix.1
[ -x "$binary" ] || fail "bin/armfix is missing or not executable"
[ -f "$page" ] || fail "share/man/man1/armfix.1 is missing"
[ "$("$binary" --version)" = "armfix $version" ] || fail "installed armfix --version: $("$binary" --version)"
ok "cmake --install: bin/armfix (armfix $version) and share/man/man1/armfix.1"

# 2. The man page: help2man's header with the version, every option --help lists, the extra
# sections, and no warnings when rendered.
grep -q "^\.TH ARMFIX \"1\" .* \"armfix $version\"" "$page" || fail "no .TH line with version $version"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES "SEE ALSO"; do
  grep -q "^\.SH \"\?$section\"\?$" "$page" || fail "the man page has no $section section"
done
plain=$(sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\\/,\?//g; s/\\,//g' "$page")
options=$("$binary" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ "$(wc -l <<< "$options")" -ge 15 ] || fail "too few options found in --help: $options"
for option in $options; do
  grep -q -- "$option" <<< "$plain" || fail "the man page does not document $option"
done
description=$("$binary" --help | sed -n 's/^ *--unsafe-fixes  *//p')
grep -qF -- "$description" <<< "$plain" || fail "the man page lacks --help's text '$description'"
if command -v groff > /dev/null 2>&1; then
  groff -man -Tutf8 -ww -z "$page" 2> "$tmp/groff.log" || fail "groff failed on the man page"
  [ ! -s "$tmp/groff.log" ] || { cat "$tmp/groff.log" >&2; fail "groff warned about the man page"; }
  rendered=$(groff -man -Tutf8 "$page" 2> /dev/null | sed 's/.\x08//g')
  grep -q "^EXIT STATUS" <<< "$rendered" || fail "groff output lacks EXIT STATUS"
  ok "man page: version, $(wc -l <<< "$options") options of --help, extra sections; groff renders it without warnings"
else
  ok "man page: version, $(wc -l <<< "$options") options of --help, extra sections (groff not installed: not rendered)"
fi

# 3. cpack -G DEB
(cd "$tmp" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$tmp/package" > "$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
shopt -s nullglob
debs=("$tmp"/package/armfix_"$version"_*.deb)
[ ${#debs[@]} -eq 1 ] || { ls -l "$tmp/package" >&2; fail "expected one armfix_${version}_<arch>.deb"; }
deb=${debs[0]}
dpkg-deb -c "$deb" > "$tmp/contents"
grep -q ' \./usr/bin/armfix$' "$tmp/contents" || { cat "$tmp/contents" >&2; fail "the .deb lacks usr/bin/armfix"; }
grep -q ' \./usr/share/man/man1/armfix\.1$' "$tmp/contents" ||
  { cat "$tmp/contents" >&2; fail "the .deb lacks usr/share/man/man1/armfix.1"; }
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = armfix ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
grep -q "Defender for Containers" <<< "$(field Description)" || fail "Description: $(field Description)"
depends=$(field Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//')
for library in libc6 libstdc++6; do
  grep -qxF "$library" <<< "$depends" || fail "Depends lacks $library: $(field Depends)"
done
dpkg-deb -x "$deb" "$tmp/extracted"
[ "$("$tmp/extracted/usr/bin/armfix" --version)" = "armfix $version" ] || fail "the packaged armfix"
ok "cpack: $(basename "$deb") with usr/bin/armfix and the man page; Depends: $(field Depends)"
