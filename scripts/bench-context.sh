#!/usr/bin/env bash
# The context benchmark: `handbook context` (and `review --files`) of 10 paths in the
# 10,000-record corpus (shared/bench/gen_corpus.py, seed 7, --layout handbook, with a repository
# of 2,000 files), as a git repository with one commit. Target: under 50 ms wall for context.
# Three cases: with the index of the handbook kept from the previous run (LightIndex, the usual
# case), the first run after a record changed (it reads every record and writes the index), and
# without any index (HANDBOOK_CACHE=off).
# Usage: scripts/bench-context.sh [RECORDS] [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
files=${2:-2000}
gen=../shared/bench/gen_corpus.py
[ -f "$gen" ] || gen=/work/shared/bench/gen_corpus.py
command -v hyperfine >/dev/null || scripts/install-deps.sh hyperfine
scratch=${SCRATCH_PATH:-.build}
lock=()
command -v flock >/dev/null 2>&1 && lock=(flock /tmp/handbook-build.lock)
"${lock[@]}" swift build -c release --product handbook --scratch-path "$scratch" >&2
binary="$PWD/$scratch/release/handbook"
corpus=$(mktemp -d)
cache=$(mktemp -d)
trap 'rm -rf "$corpus" "$cache"' EXIT
export HANDBOOK_CACHE="$cache"
python3 "$gen" --out "$corpus" --n "$records" --seed 7 --layout handbook --repo-files "$files"
(cd "$corpus" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm "corpus")
# 10 paths: every tenth of the repository's files.
count=$(cd "$corpus" && git ls-files | grep -vc '^content/')
paths=$(cd "$corpus" && git ls-files | grep -v '^content/' | awk -v step=$((count / 10)) 'NR % step == 1' | head -10 | tr '\n' ' ')
one=${paths%% *}
echo "records: $records, repository files: $(cd "$corpus" && git ls-files | wc -l), paths: $(echo $paths | wc -w)"
cd "$corpus"
"$binary" context $paths > /dev/null
hyperfine --warmup 3 --runs 20 --export-markdown /dev/stdout \
  -n "context (10 paths, markdown)" "$binary context $paths" \
  -n "context (10 paths, json)" "$binary context $paths --format json" \
  -n "review --files (10 paths)" "$binary review --files $paths" \
  -n "review --files (1 path)" "$binary review --files $one"
# A record edited since the index was written: every record is read again (and the index rewritten).
first=$(find content/decisions -name "*.md" -print -quit)
hyperfine --runs 3 --export-markdown /dev/stdout \
  --prepare "touch $first" \
  -n "context (10 paths) after a record changed" "$binary context $paths" \
  -n "context (10 paths), no index" "HANDBOOK_CACHE=off $binary context $paths"
