#!/usr/bin/env bash
# The review benchmark: `handbook review --files` of 50 paths in a repository of 100,000 files
# governed by 1,000 decision records (shared/bench/gen_corpus.py, seed 7), as a git repository
# with one commit. Target: under 200 ms wall. Usage: scripts/bench-review.sh [RECORDS] [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000}
files=${2:-100000}
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
# 50 changed paths: every 2,000th file of the repository.
paths=$(cd "$corpus" && git ls-files | grep -v '^content/' | awk 'NR % 2000 == 1' | head -50 | tr '\n' ' ')
echo "records: $records, repository files: $(cd "$corpus" && git ls-files | wc -l), changed paths: $(echo $paths | wc -w)"
(cd "$corpus" && "$binary" review --files $paths --format json > /dev/null)
cd "$corpus"
hyperfine --warmup 2 --runs 15 --export-markdown /dev/stdout \
  -n "review --files (50 paths)" "$binary review --files $paths --format json"
