#!/usr/bin/env bash
# Diffs large public OpenAPI descriptions against their next version, with a release `handbook
# diff-contract`, and prints wall time and peak RSS of each of RUNS runs (default 5), then the
# minimum, the median and the highest peak. The specs are read from clones or snapshots of their
# public repositories (git directories; none is committed here):
#   OpenAI   openai/openai-openapi  openapi.json (OpenAPI 3.1.0, 3.40 MB) and openapi.yaml (2.97 MB),
#            13c6a94f -> f85dbe22 (2026-08-21)
#   Stripe   stripe/openapi         openapi/spec3.yaml (OpenAPI 3.0.0, 3.20 MB), ac382e82 -> d4129832 (2022-04-01)
# usage: scripts/bench-contract-diff.sh [path/to/handbook]   (default .build/release/handbook; build it first
#        under the build lock: flock /tmp/handbook-build.lock swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
HANDBOOK=${1:-$PWD/.build/release/handbook}
OPENAI_GIT=${OPENAI_GIT:-/work/.mirror/openai+openai-openapi/repo}
STRIPE_GIT=${STRIPE_GIT:-/work/.mirror/stripe+openapi/repo}
RUNS=${RUNS:-5}
OUT=$PWD/bench/out/contract-diff
mkdir -p "$OUT"

bench() { # name git-dir old-commit new-commit path
  local name=$1 git=$2 old=$3 new=$4 path=$5 ext=${5##*.}
  git --git-dir "$git" show "$old:$path" > "$OUT/$name-old.$ext"
  git --git-dir "$git" show "$new:$path" > "$OUT/$name-new.$ext"
  local status=0
  "$HANDBOOK" diff-contract "$OUT/$name-old.$ext" "$OUT/$name-new.$ext" > "$OUT/$name-diff.txt" 2> "$OUT/$name-diagnostics.txt" || status=$?
  echo "== $name: $path, $(wc -c < "$OUT/$name-old.$ext") -> $(wc -c < "$OUT/$name-new.$ext") bytes; exit $status;" \
       "$(tail -1 "$OUT/$name-diff.txt"); $(grep -c ': warning: ' "$OUT/$name-diagnostics.txt" || true) warnings"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$HANDBOOK" diff-contract "$OUT/$name-old.$ext" "$OUT/$name-new.$ext" > /dev/null 2>&1 || true
    cat "$OUT/time.txt"
  done > "$OUT/$name-runs.txt"
  awk '{ printf "  %.2f s wall, %.2f s CPU (user+sys), %d MiB peak RSS\n", $1, $3 + $4, $2 / 1024 }' "$OUT/$name-runs.txt"
  # CPU time does not grow with the machine's load as wall time does: the figure to compare across runs.
  sort -n "$OUT/$name-runs.txt" | awk '{ w[NR] = $1; if ($2 > peak) peak = $2 } END {
    printf "  wall min %.2f s, median %.2f s, highest peak RSS %d MiB\n", w[1], w[int((NR + 1) / 2)], peak / 1024 }'
  awk '{ print $3 + $4 }' "$OUT/$name-runs.txt" | sort -n | awk '{ c[NR] = $1 } END { printf "  CPU median %.2f s\n", c[int((NR + 1) / 2)] }'
}

bench openai-json "$OPENAI_GIT" 13c6a94fca988f8be3c5de09d73f012709985d10 f85dbe223d40e1a31cba812ab2d755c7e98a92a3 openapi.json
bench openai-yaml "$OPENAI_GIT" 13c6a94fca988f8be3c5de09d73f012709985d10 f85dbe223d40e1a31cba812ab2d755c7e98a92a3 openapi.yaml
bench stripe-yaml "$STRIPE_GIT" ac382e82727b95e4c4f1bb3c4ec3a67b4a7da336 d41298323ca953bf0b475b685a63515aed1e0c73 openapi/spec3.yaml
