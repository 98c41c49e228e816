#!/usr/bin/env bash
# `make bench`: measures `handbook build` side by side with Hugo on the same generated records,
# and against cmark-gfm alone on the same Markdown, and prints Markdown tables of the medians and
# ratios.
#
#   scripts/bench.sh [N]          N records (default 10000)
#
# Three corpora from ../shared/bench/gen_corpus.py, one seed:
#   records   --layout handbook               the records only: what Hugo's corpus holds
#   hugo      --layout hugo                   the same records for Hugo
#   governed  --layout handbook --repo-files 2000   the records plus a repository they govern
#             (2,000 file pages more, each listing the decisions that govern it): Handbook alone
# Every build is clean (its output deleted first, not timed), written once to tmpfs (/dev/shm:
# neither tool pays ext4's cost of re-creating recently deleted inodes) and once to disk
# (BENCH_DIR). Rounds are interleaved (records, Hugo, governed, cmark-gfm, then again), so the
# load of a shared machine falls on every tool alike; each run is measured by /usr/bin/time
# (wall, user+sys CPU, peak RSS) and the median of the rounds is reported.
#
# Environment: ROUNDS (default 3), SEED (default 13), BENCH_DIR (corpora and disk output,
# default bench/out), SHM_DIR (tmpfs output, default /dev/shm/handbook-bench),
# TARGETS ("shm disk"), HUGO (1; 0 skips Hugo, e.g. for 100,000 records),
# GOVERNED (1; 0 skips the governed corpus), SCRATCH_PATH (the swift build folder of the shipped
# executable, default .build-dist, as `make dist`),
# HANDBOOK (a handbook binary to measure instead of building this checkout's release binary).
# Speed and memory are measured here, never in unit tests ("measure, don't time").
set -euo pipefail

N="${1:-10000}"
ROUNDS="${ROUNDS:-3}"
SEED="${SEED:-13}"
TARGETS="${TARGETS:-shm disk}"
HUGO="${HUGO:-1}"
GOVERNED="${GOVERNED:-1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH_PATH="${SCRATCH_PATH:-.build-dist}"
WORK="${BENCH_DIR:-$ROOT/bench/out}"
SHM="${SHM_DIR:-/dev/shm/handbook-bench}"

# Tools from Debian when missing (sudo when not root): Hugo, cmark-gfm's command, GNU time.
"$ROOT/scripts/install-deps.sh" hugo cmark-gfm time

GEN=/work/shared/bench/gen_corpus.py
[ -f "$GEN" ] || GEN="$ROOT/../shared/bench/gen_corpus.py"
[ -f "$GEN" ] || { echo "bench: gen_corpus.py not found (/work/shared/bench or ../shared/bench)" >&2; exit 1; }

mkdir -p "$WORK" "$SHM"
WORK="$(cd "$WORK" && pwd)"
echo "bench: $N records, seed $SEED, $ROUNDS rounds, corpora in $WORK, output on: $TARGETS" >&2

corpus() {  # folder, arguments...: generated once per N and seed
  local dir="$WORK/$1"; shift
  local stamp="$N $SEED $*"
  if [ "$(cat "$dir.args" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir" "$dir.args"
    python3 "$GEN" --out "$dir" --n "$N" --seed "$SEED" "$@"
    echo "$stamp" > "$dir.args"
  fi
}
corpus records --layout handbook
[ "$HUGO" = 1 ] && corpus hugo --layout hugo
[ "$GOVERNED" = 1 ] && corpus governed --layout handbook --repo-files 2000

# The executable `make install` and `make dist` ship (scripts/dist.sh --build-only: the Swift
# runtime, Foundation and cmark-gfm linked in statically, so a run starts without the dynamic
# linker's symbol look-ups; 2.7% of the instructions of a 2,000-record build), built under the
# machine's shared build lock when there is one, unless HANDBOOK names one (an earlier build, to
# compare).
if [ -z "${HANDBOOK:-}" ]; then
  lock=()
  command -v flock >/dev/null 2>&1 && lock=(flock /tmp/handbook-build.lock)
  built="$(cd "$ROOT" && HANDBOOK_DIST_SCRATCH="$SCRATCH_PATH" "${lock[@]}" scripts/dist.sh --build-only | tail -1)"
  case "$built" in /*) HANDBOOK="$built" ;; *) HANDBOOK="$ROOT/$built" ;; esac
fi

# The Markdown cmark-gfm parses alone: every record, concatenated.
ALL_MD="$WORK/all-$N-$SEED.md"
[ -f "$ALL_MD" ] || find "$WORK/records/content" -name '*.md' -print0 | sort -z | xargs -0 cat > "$ALL_MD"
MB=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$ALL_MD")

RESULTS="$WORK/results-$N-$SEED.tsv"
: > "$RESULTS"
run() {  # name, target, output folder, command (the output folder is deleted first, not timed)
  local name="$1" target="$2" out="$3" command="$4" log="$WORK/time.txt" status=0
  rm -rf "$out"
  /usr/bin/time -f "%e %U %S %M" -o "$log" bash -c "$command" || status=$?
  # The handbook exits 1 when its check finds errors; the generated corpora have only warnings.
  [ "$status" = 0 ] || { echo "bench: $name exited $status" >&2; exit 1; }
  echo "$name $target $(tail -n 1 "$log")" >> "$RESULTS"
  echo "  $name ($target): $(tail -n 1 "$log")  [wall user sys KiB]" >&2
  rm -rf "$out"
}

for round in $(seq 1 "$ROUNDS"); do
  for target in $TARGETS; do
    case "$target" in
      shm) base="$SHM" ;;
      disk) base="$WORK/out" ;;
      *) echo "bench: unknown target $target (shm, disk)" >&2; exit 64 ;;
    esac
    mkdir -p "$base"
    echo "round $round, output on $target ($base), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    run handbook "$target" "$base/handbook" "cd '$WORK/records' && '$HANDBOOK' build --root . --output '$base/handbook' 2>/dev/null"
    if [ "$HUGO" = 1 ]; then
      rm -rf "$WORK/hugo/resources"
      run hugo "$target" "$base/hugo" "hugo --quiet --source '$WORK/hugo' --destination '$base/hugo' >/dev/null"
    fi
    if [ "$GOVERNED" = 1 ]; then
      run governed "$target" "$base/governed" "cd '$WORK/governed' && '$HANDBOOK' build --root . --output '$base/governed' 2>/dev/null"
    fi
    # cmark-gfm writes its HTML to the same file system.
    run cmark "$target" "$base/cmark.html" "cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist '$ALL_MD' > '$base/cmark.html'"
  done
done
rm -rf "$SHM"

python3 - "$RESULTS" "$N" "$MB" "$ROUNDS" "$(uname -m) $(nproc) cores" "$(hugo version 2>/dev/null | cut -d' ' -f2 || true)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import statistics, sys, collections
path, n, mb, rounds, machine, hugo_version, load = sys.argv[1:8]
runs = collections.defaultdict(list)
for line in open(path):
    name, target, wall, user, sys_, kib = line.split()
    runs[(name, target)].append((float(wall), float(user) + float(sys_), int(kib) / 1024))
med = {key: tuple(statistics.median(r[i] for r in rs) for i in range(3)) for key, rs in runs.items()}
rng = {key: (min(r[0] for r in rs), max(r[0] for r in rs)) for key, rs in runs.items()}
labels = {"handbook": "`handbook build`, records only", "hugo": f"Hugo {hugo_version}, the same records",
          "governed": "`handbook build`, records + 2,000 governed files", "cmark": "`cmark-gfm` alone, the same Markdown"}
targets = sorted({t for _, t in runs}, key=lambda t: ["shm", "disk"].index(t) if t in ("shm", "disk") else 9)
print(f"{n} records ({mb} MB of Markdown), {rounds} interleaved rounds, {machine}, load at the end {load}; medians (wall range)")
print()
for target in targets:
    where = "tmpfs (/dev/shm)" if target == "shm" else "disk"
    print(f"| output on {where} | wall | CPU user+sys | peak RSS |")
    print("| --- | ---: | ---: | ---: |")
    for name in ("handbook", "hugo", "governed", "cmark"):
        if (name, target) not in med: continue
        w, c, m = med[(name, target)]
        lo, hi = rng[(name, target)]
        print(f"| {labels[name]} | {w:.2f} s ({lo:.2f}–{hi:.2f}) | {c:.2f} s | {m:.0f} MiB |")
    print()
ok = lambda c: "met" if c else "**not met**"
print("| ratio | " + " | ".join(f"output on {t}" for t in targets) + " | target |")
print("| --- | " + " | ".join("---:" for _ in targets) + " | --- |")
def row(label, f, target_text, test, digits=2):
    cells = []
    for t in targets:
        try:
            v = f(t)
        except KeyError:
            cells.append("")
            continue
        cells.append(f"{v:.{digits}f} ({ok(test(v))})" if test else f"{v:.{digits}f}")
    print(f"| {label} | " + " | ".join(cells) + f" | {target_text} |")
row("records: handbook / Hugo wall", lambda t: med[("handbook", t)][0] / med[("hugo", t)][0], "≤ 0.25", lambda v: v <= 0.25)
row("records: handbook / cmark-gfm CPU", lambda t: med[("handbook", t)][1] / med[("cmark", t)][1], "≤ 2", lambda v: v <= 2)
row("records: handbook peak RSS, MiB", lambda t: med[("handbook", t)][2], "< 400", lambda v: v < 400, digits=0)
row("governed: handbook / Hugo (records) wall", lambda t: med[("governed", t)][0] / med[("hugo", t)][0], "≤ 0.5", lambda v: v <= 0.5)
row("governed: handbook peak RSS, MiB", lambda t: med[("governed", t)][2], "", None, digits=0)
row("records: handbook / Hugo peak RSS", lambda t: med[("handbook", t)][2] / med[("hugo", t)][2], "", None)
EOF
