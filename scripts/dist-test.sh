#!/usr/bin/env bash
# The `make dist` test: builds the tarball, unpacks it in a temporary folder outside the checkout
# and runs `handbook --version` and `handbook build` on a small sample there, with an empty
# LD_LIBRARY_PATH, a PATH holding only git, and (where `unshare` may make a mount namespace)
# the Swift toolchain (/opt) and the shared libcmark-gfm hidden; `ldd` must list only the C
# library's parts; and `handbook mcp` answers over stdio (its package is linked without libcurl).
#
# It runs in `make test`. Locally it takes a release build (several minutes): skip it with
# HANDBOOK_SKIP_DIST=1. CI (CI=true) always runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${HANDBOOK_SKIP_DIST:-}" = 1 ] && [ "${CI:-}" != true ]; then
  echo "dist test: skipped (HANDBOOK_SKIP_DIST=1)"
  exit 0
fi
fail() { echo "dist test: FAILED: $*" >&2; exit 1; }

if [ -z "${HANDBOOK_DIST_TARBALL:-}" ]; then scripts/dist.sh >/dev/null; fi
version=$(tr -d ' \n' < VERSION)
name="handbook-$version-linux-$(uname -m)"
tarball="${HANDBOOK_DIST_TARBALL:-$PWD/dist/$name.tar.gz}"
commit=$(git rev-parse --short=12 HEAD)

work=$(mktemp -d /tmp/handbook-dist-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
dir="$work/$name"

# One executable, and the licences.
executables=$(cd "$dir" && find . -type f -perm -u+x | sort)
[ "$executables" = "./handbook" ] || fail "expected one executable, ./handbook; found: $executables"
for licence in swift cmark-gfm gcc-runtime-libstdc++-libgcc; do
  [ -s "$dir/LICENSES/$licence.txt" ] || fail "LICENSES/$licence.txt is missing"
done
ls "$dir"/LICENSES/swift-argument-parser-* "$dir"/LICENSES/Yams-* >/dev/null 2>&1 || fail "a Swift package's licence is missing"

# ldd: the C library's parts only (glibc: libc, libm, libpthread, libdl, librt, the loader, the vDSO).
libraries=$(ldd "$dir/handbook" | awk '{print $1}')
for library in $libraries; do
  case "$(basename "$library")" in
    linux-vdso.so.*|linux-gate.so.*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libutil.so.*|ld-linux*.so.*) ;;
    *) fail "the executable needs $library (ldd: $(echo $libraries))" ;;
  esac
done

# A sample handbook, outside the checkout.
mkdir -p "$work/sample/content/decisions" "$work/sample/content/landmines" "$work/sample/src" "$work/bin"
cat > "$work/sample/content/decisions/0001-use-postgres.md" <<'MD'
---
status: accepted
date: 2026-01-05
governs: ["src/"]
---
# Use PostgreSQL

We store orders in **PostgreSQL**; see [[ADR-0002]].
MD
cat > "$work/sample/content/decisions/0002-one-schema.md" <<'MD'
# 2. One schema per service

Date: 2026-02-01

## Status

Accepted

## Decision

| service | schema |
| --- | --- |
| billing | `billing` |
MD
cat > "$work/sample/content/landmines/retries.md" <<'MD'
---
title: Payment retries
severity: high
paths: ["src/pay.txt"]
---
## What broke
## Who needs it
## What fails if it disappears
MD
echo pay > "$work/sample/src/pay.txt"
ln -s "$(command -v git)" "$work/bin/git"

run() {
  # No Swift toolchain, no shared cmark-gfm: a mount namespace hides /opt and masks the .so files.
  if unshare -m --propagation private true 2>/dev/null; then
    masks=""
    for so in /usr/lib/*/libcmark-gfm*.so* /usr/lib/libcmark-gfm*.so*; do
      [ -e "$so" ] && masks="$masks mount --bind /dev/null '$so';"
    done
    unshare -m --propagation private sh -c "mount -t tmpfs none /opt; $masks cd '$work/sample' && exec env -i HOME='$work' PATH='$work/bin' LD_LIBRARY_PATH= '$dir/handbook' $*"
  else
    echo "dist test: note: no mount namespace here; only PATH and LD_LIBRARY_PATH hide the toolchain" >&2
    (cd "$work/sample" && env -i HOME="$work" PATH="$work/bin" LD_LIBRARY_PATH= "$dir/handbook" "$@")
  fi
}

printed=$(run --version)
[ "$printed" = "$version (commit $commit)" ] || fail "--version printed '$printed', expected '$version (commit $commit)'"
run build --content content --output public || fail "handbook build failed"
page="$work/sample/public/decisions/ADR-0001.html"
[ -f "$page" ] || fail "no decisions/ADR-0001.html"
grep -q '<strong>PostgreSQL</strong>' "$page" || fail "ADR-0001 was not rendered through cmark-gfm"
grep -q '<table>' "$work/sample/public/decisions/ADR-0002.html" || fail "ADR-0002's table (a cmark-gfm extension) was not rendered"
grep -q 'Payment retries' "$work/sample/public/landmines/index.html" || fail "the landmine is missing"
# `handbook mcp` is linked and works without libcurl (ADR-0030): initialize, list the tools and
# call `context`, one request at a time over stdio, as an assistant does.
coproc MCP { run mcp --content content 2>"$work/mcp.stderr"; }
ask() {
  printf '%s\n' "$1" >&"${MCP[1]}"
  case "$1" in *'"id":'*) ;; *) return 0 ;; esac
  IFS= read -r -t 60 answer <&"${MCP[0]}" || fail "handbook mcp did not answer $1 (stderr: $(cat "$work/mcp.stderr"))"
  printf '%s' "$answer"
}
answer=$(ask '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"dist-test","version":"1"}}}')
case "$answer" in *'"id":1'*'"serverInfo"'*|*'"serverInfo"'*'"id":1'*) ;; *) fail "mcp initialize answered: $answer" ;; esac
ask '{"jsonrpc":"2.0","method":"notifications/initialized"}'
answer=$(ask '{"jsonrpc":"2.0","id":2,"method":"tools/list"}')
for tool in context search get_record review diff_contract; do
  case "$answer" in *"\"name\":\"$tool\""*) ;; *) fail "mcp tools/list lacks $tool: $answer" ;; esac
done
answer=$(ask '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"context","arguments":{"paths":["src/pay.txt"]}}}')
case "$answer" in *'Payment retries'*) ;; *) fail "mcp context for src/pay.txt did not name the landmine: $answer" ;; esac
case "$answer" in *'"isError":true'*) fail "mcp context answered an error: $answer" ;; esac
# End of input ends the server; one that does not stop within 30 s is killed, not waited for.
server=$MCP_PID
exec {MCP[1]}>&-
for _ in $(seq 30); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
if kill -0 "$server" 2>/dev/null; then
  pkill -P "$server" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  fail "handbook mcp did not stop at the end of its input"
fi

echo "dist test: ok ($(basename "$tarball"), $(du -k "$tarball" | cut -f1) KiB; ldd: $(echo $libraries))"
