#!/usr/bin/env bash
# The context benchmark: `handbook context` of 10 paths in the 10,000-record corpus
# (shared/bench/gen_corpus.py, seed 7, with a repository of 10,000 files), as a git repository
# with one commit. Target: under 50 ms wall. Usage: scripts/bench-context.sh [RECORDS] [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
files=${2:-10000}
gen=../shared/bench/gen_corpus.py
[ -f "$gen" ] || gen=/work/shared/bench/gen_corpus.py
command -v hyperfine >/dev/null || scripts/install-deps.sh hyperfine
scratch=${SCRATCH_PATH:-.build}
swift build -c release --product handbook --scratch-path "$scratch" >&2
binary="$PWD/$scratch/release/handbook"
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
python3 "$gen" --out "$corpus" --n "$records" --seed 7 --layout handbook --repo-files "$files"
(cd "$corpus" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm "corpus")
# 10 paths: every 1,000th file of the repository.
paths=$(cd "$corpus" && git ls-files | grep -v '^content/' | awk 'NR % 1000 == 1' | head -10 | tr '\n' ' ')
echo "records: $records, repository files: $(cd "$corpus" && git ls-files | wc -l), paths: $(echo $paths | wc -w)"
(cd "$corpus" && "$binary" context $paths > /dev/null)
cd "$corpus"
hyperfine --warmup 3 --runs 20 --export-markdown /dev/stdout \
  -n "context (10 paths, markdown)" "$binary context $paths" \
  -n "context (10 paths, json)" "$binary context $paths --format json"
