#!/usr/bin/env bash
# Measures `handbook build` side by side with Hugo on the same generated corpus, and against
# cmark-gfm alone on the same Markdown, and prints a Markdown table of the figures and ratios.
#
#   scripts/bench.sh [N]          N records (default 10000)
#
# Environment: BENCH_DIR (scratch folder, default a fresh temporary one), SCRATCH_PATH (the
# swift build folder, default .build), RUNS (hyperfine runs, default 5), SEED (default 7).
# Speed and memory are measured here, never in unit tests ("measure, don't time").
set -euo pipefail

N="${1:-10000}"
RUNS="${RUNS:-5}"
SEED="${SEED:-7}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH_PATH="${SCRATCH_PATH:-.build}"

# Tools: hugo, hyperfine, cmark-gfm and GNU time from Debian (sudo when not root).
"$ROOT/scripts/install-deps.sh" hugo hyperfine cmark-gfm time

GEN=/work/shared/bench/gen_corpus.py
[ -f "$GEN" ] || GEN="$ROOT/../shared/bench/gen_corpus.py"
[ -f "$GEN" ] || { echo "bench: gen_corpus.py not found (/work/shared/bench or ../shared/bench)" >&2; exit 1; }

WORK="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$WORK"
echo "bench: $N records, seed $SEED, in $WORK" >&2

rm -rf "$WORK/handbook" "$WORK/hugo"
python3 "$GEN" --out "$WORK/handbook" --n "$N" --seed "$SEED" --layout handbook --repo-files 2000
python3 "$GEN" --out "$WORK/hugo" --n "$N" --seed "$SEED" --layout hugo

(cd "$ROOT" && swift build -c release --product handbook --scratch-path "$SCRATCH_PATH" >&2)
HANDBOOK="$(cd "$ROOT" && swift build -c release --product handbook --scratch-path "$SCRATCH_PATH" --show-bin-path)/handbook"

# The Markdown cmark-gfm parses alone: every record, concatenated.
ALL_MD="$WORK/all.md"
find "$WORK/handbook/content" -name '*.md' -print0 | sort -z | xargs -0 cat > "$ALL_MD"
MB=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$ALL_MD")

HB_BUILD="cd '$WORK/handbook' && '$HANDBOOK' build --root . --output '$WORK/hb-public' 2>/dev/null"
HB_CHECK="cd '$WORK/handbook' && '$HANDBOOK' check --root . 2>/dev/null"
HUGO_BUILD="hugo --quiet --source '$WORK/hugo' --destination '$WORK/hugo-public' >/dev/null"
CMARK="cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist '$ALL_MD' >/dev/null"

# The handbook's exit code is 1 when its check finds errors; the generated corpus has only warnings.
hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$WORK/times.json" \
  -n handbook --prepare "rm -rf '$WORK/hb-public'" "$HB_BUILD" \
  -n hugo --prepare "rm -rf '$WORK/hugo-public' '$WORK/hugo/resources'" "$HUGO_BUILD" \
  -n check --prepare true "$HB_CHECK" >&2

# Peak RSS and CPU (user + sys) of one clean run each, from GNU time.
measure() {  # name command
  local log="$WORK/time-$1.txt"
  /usr/bin/time -f "%e %U %S %M" -o "$log" bash -c "$2"
  cat "$log"
}
rm -rf "$WORK/hb-public"; HB_TIME=$(measure handbook "$HB_BUILD")
rm -rf "$WORK/hugo-public" "$WORK/hugo/resources"; HUGO_TIME=$(measure hugo "$HUGO_BUILD")
CMARK_TIME=$(measure cmark "$CMARK")

python3 - "$WORK/times.json" "$N" "$MB" "$HB_TIME" "$HUGO_TIME" "$CMARK_TIME" <<'EOF'
import json, sys
times = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
n, mb = sys.argv[2], float(sys.argv[3])
def parse(s):
    wall, user, sys_, kb = s.split()
    return {"cpu": float(user) + float(sys_), "mib": int(kb) / 1024}
hb, hugo, cmark = parse(sys.argv[4]), parse(sys.argv[5]), parse(sys.argv[6])
t_hb, t_hugo, t_check = (times[k]["mean"] for k in ("handbook", "hugo", "check"))
sd = {k: times[k]["stddev"] or 0 for k in times}
print(f"| {n} records, {mb:.1f} MB Markdown | wall (mean of hyperfine runs) | CPU user+sys | peak RSS |")
print("| --- | ---: | ---: | ---: |")
print(f"| `handbook build` (clean) | {t_hb:.2f} s ± {sd['handbook']:.2f} | {hb['cpu']:.2f} s | {hb['mib']:.0f} MiB |")
print(f"| `hugo` (clean) | {t_hugo:.2f} s ± {sd['hugo']:.2f} | {hugo['cpu']:.2f} s | {hugo['mib']:.0f} MiB |")
print(f"| `handbook check` | {t_check:.2f} s ± {sd['check']:.2f} | | |")
print(f"| `cmark-gfm` alone, all files concatenated | | {cmark['cpu']:.2f} s ({mb / cmark['cpu']:.0f} MB/s) | {cmark['mib']:.0f} MiB |")
print()
ok = lambda c: "met" if c else "NOT met"
r_time, r_cpu = t_hb / t_hugo, hb["cpu"] / cmark["cpu"]
print("| ratio | measured | target | |")
print("| --- | ---: | ---: | --- |")
print(f"| handbook / Hugo wall time | {r_time:.2f} | ≤ 0.25 | {ok(r_time <= 0.25)} |")
print(f"| handbook / cmark-gfm CPU | {r_cpu:.2f} | ≤ 2 | {ok(r_cpu <= 2)} |")
print(f"| handbook peak RSS | {hb['mib']:.0f} MiB | < 400 MiB | {ok(hb['mib'] < 400)} |")
print(f"| handbook / Hugo peak RSS | {hb['mib'] / hugo['mib']:.2f} | | |")
EOF
