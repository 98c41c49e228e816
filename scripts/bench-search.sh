#!/usr/bin/env bash
# Measures the offline search index on the benchmark corpus (ADR-0120): builds a site of N
# generated records (gen_corpus.py, handbook layout, 2,000 governed files) and reports the size
# of search-index.js (raw and gzipped), the text shards, and the time headless Chromium takes to
# load and evaluate the index from file:// and to answer a query (median of RUNS page loads).
#
#   scripts/bench-search.sh [N]      N records (default 10000)
#
# Environment: HANDBOOK_BINARY (default .build/debug/handbook; the index is the same in release),
# BENCH_DIR (scratch folder, default a fresh temporary one), RUNS (default 5), SEED (default 7).
# Targets: under 5 MB gzipped, loaded in under 300 ms; the script exits 1 when either is missed.
set -euo pipefail
N="${1:-10000}"
RUNS="${RUNS:-5}"
SEED="${SEED:-7}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HANDBOOK="${HANDBOOK_BINARY:-$ROOT/.build/debug/handbook}"
GEN=/work/shared/bench/gen_corpus.py
[ -f "$GEN" ] || GEN="$ROOT/../shared/bench/gen_corpus.py"
[ -f "$GEN" ] || { echo "bench-search: gen_corpus.py not found" >&2; exit 1; }
WORK="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$WORK"
rm -rf "$WORK/corpus" "$WORK/site"
python3 "$GEN" --out "$WORK/corpus" --n "$N" --seed "$SEED" --layout handbook --repo-files 2000
"$HANDBOOK" build --content "$WORK/corpus/content" --root "$WORK/corpus" --output "$WORK/site" >&2
RUNS="$RUNS" N="$N" python3 - "$WORK/site" <<'PY'
import gzip, os, pathlib, statistics, sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
site = pathlib.Path(sys.argv[1])
index = (site / "search-index.js").read_bytes()
gz = len(gzip.compress(index, 9))
shards = sorted((site / "search").glob("text-*.js"))
options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
loads, queries = [], []
for _ in range(int(os.environ.get("RUNS", "5"))):
    driver.get((site / "search.html").as_uri())
    loads.append(driver.execute_async_script("""
        const done = arguments[arguments.length - 1], start = performance.now();
        const s = document.createElement('script'); s.src = 'search-index.js';
        s.onload = () => done(performance.now() - start); document.head.appendChild(s);"""))
    queries.append(driver.execute_async_script("""
        const done = arguments[arguments.length - 1], start = performance.now();
        HandbookSearch.search('rollback latency', r => done([performance.now() - start, r.length]));"""))
driver.quit()
load = statistics.median(loads)
query = statistics.median(q[0] for q in queries)
print(f"| records | search-index.js | gzipped | text shards | load + evaluate (median of {len(loads)}) | query 'rollback latency' |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
print(f"| {os.environ['N']} | {len(index)/1e6:.2f} MB | {gz/1e6:.2f} MB | "
      f"{len(shards)} files, {sum(p.stat().st_size for p in shards)/1e6:.1f} MB | {load:.0f} ms | {query:.0f} ms ({queries[0][1]} results) |")
ok = gz < 5e6 and load < 300
print("targets (< 5 MB gzipped, < 300 ms):", "met" if ok else "NOT MET")
sys.exit(0 if ok else 1)
PY
