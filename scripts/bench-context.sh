#!/usr/bin/env bash
# The context benchmark: `handbook context` (and `review --files`) of 10 paths in the
# 10,000-record corpus (shared/bench/gen_corpus.py, --layout handbook, with a repository of 2,000
# files; seed 11 unless SEED is given), as a git repository with one commit. Target: under 50 ms
# wall for context. Three cases: with the index of the handbook kept from the previous run
# (LightIndex, the usual case), the first run after a record changed (it reads every record and
# writes the index), and without any index (HANDBOOK_CACHE=off). Then, where valgrind is
# installed, the instructions of one `context` run with the index (callgrind, on a copy of the
# binary without debug information, which callgrind cannot read): wall time on a loaded machine
# is noise, instructions are not.
# HANDBOOK_BINARY=PATH measures that executable instead of building one (e.g. the self-contained
# one of `make dist`, `scripts/dist.sh --build-only`, which is what users install: no dynamic
# linking at start).
# Usage: [SEED=N] [HANDBOOK_BINARY=PATH] scripts/bench-context.sh [RECORDS] [FILES]
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
if [ -n "${HANDBOOK_BINARY:-}" ]; then
  binary=$(cd "$(dirname "$HANDBOOK_BINARY")" && pwd)/$(basename "$HANDBOOK_BINARY")
else
  "${lock[@]}" swift build -c release --product handbook --scratch-path "$scratch" >&2
  binary="$PWD/$scratch/release/handbook"
fi
echo "binary: $binary ($(file -b "$binary" | cut -d, -f1-2)); load: $(uptime | sed 's/.*load average: //')"
corpus=$(mktemp -d)
cache=$(mktemp -d)
trap 'rm -rf "$corpus" "$cache"' EXIT
export HANDBOOK_CACHE="$cache"
seed=${SEED:-11}
python3 "$gen" --out "$corpus" --n "$records" --seed "$seed" --layout handbook --repo-files "$files"
(cd "$corpus" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm "corpus")
# 10 paths: every tenth of the repository's files.
count=$(cd "$corpus" && git ls-files | grep -vc '^content/')
paths=$(cd "$corpus" && git ls-files | grep -v '^content/' | awk -v step=$((count / 10)) 'NR % step == 1' | head -10 | tr '\n' ' ')
one=${paths%% *}
echo "seed: $seed, records: $records, repository files: $(cd "$corpus" && git ls-files | wc -l), paths: $(echo $paths | wc -w)"
cd "$corpus"
"$binary" context $paths > /dev/null
hyperfine -N --warmup 3 --runs 30 --export-markdown "$cache/warm.md" \
  -n "handbook --version (a start, nothing else)" "$binary --version" \
  -n "context (10 paths, markdown)" "$binary context $paths" \
  -n "context (10 paths, json)" "$binary context $paths --format json" \
  -n "review --files (10 paths)" "$binary review --files $paths" \
  -n "review --files (1 path)" "$binary review --files $one"
# (Exported to a file, not /dev/stdout: with the output redirected to a file, hyperfine opening
# /dev/stdout truncated it, and what was printed before was lost.)
cat "$cache/warm.md"
# A record edited since the index was written: every record is read again (and the index rewritten).
first=$(find content/decisions -name "*.md" -print -quit)
hyperfine --runs 3 --export-markdown "$cache/cold.md" \
  --prepare "touch $first" \
  -n "context (10 paths) after a record changed" "$binary context $paths" \
  -n "context (10 paths), no index" "HANDBOOK_CACHE=off $binary context $paths"
cat "$cache/cold.md"
if command -v valgrind >/dev/null && command -v strip >/dev/null; then
  stripped="$cache/handbook-stripped"
  strip --strip-debug -o "$stripped" "$binary"
  # The index's key holds the executable: under valgrind that is the tool's, so a first run under
  # valgrind (not counted) writes the index the counted run uses.
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null "$stripped" context $paths > /dev/null 2>&1
  HANDBOOK_TRACE=1 valgrind --tool=callgrind --callgrind-out-file="$cache/callgrind.out" "$stripped" context $paths 2>&1 >/dev/null \
    | grep -E "^load|I +refs" | sed 's/^==[0-9]*== *//'
  echo "handbook --version:"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$stripped" --version 2>&1 >/dev/null | grep -E "I +refs" | sed 's/^==[0-9]*== *//'
fi
echo "load after: $(uptime | sed 's/.*load average: //')"
