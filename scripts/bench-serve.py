#!/usr/bin/env python3
"""Measures `handbook serve`'s rebuilds on the generated corpus, and a clean build to compare.

    scripts/bench-serve.py [--n 10000] [--runs 5] [--binary PATH] [--dir DIR]

Generates the corpus (shared/bench/gen_corpus.py --layout handbook --repo-files 2000, seed 7),
times a clean `handbook build` (output deleted first), starts `handbook serve --port 0` on it,
then, RUNS times each:
  - record edit: appends a line to one decision and times until its page on disk holds the line
    and the terminal printed the rebuild's line (the rebuild's own figure is reported too);
  - template edit: writes templates/partials/foot.mustache (the theme's own, plus a comment)
    beside the content and times until the rebuild's line, checking the home page changed.
Prints a Markdown table. Speed is measured here, never in unit tests.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=os.environ.get("HANDBOOK_BINARY"))
    ap.add_argument("--dir", default=None)
    args = ap.parse_args()

    binary = args.binary
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "handbook"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, ".build/release/handbook")
    gen = "/work/shared/bench/gen_corpus.py"
    if not os.path.exists(gen):
        gen = os.path.join(ROOT, "../shared/bench/gen_corpus.py")
    work = args.dir or tempfile.mkdtemp(prefix="handbook-bench-serve-")
    corpus = os.path.join(work, "corpus")
    if not os.path.exists(os.path.join(corpus, "content/handbook.yml")):
        subprocess.run([sys.executable, gen, "--out", corpus, "--n", str(args.n), "--seed", "7",
                        "--layout", "handbook", "--repo-files", "2000"], check=True)
    print(f"bench-serve: {args.n} records in {corpus}", file=sys.stderr)

    # A clean build, for comparison (output deleted before each run).
    clean = []
    for _ in range(max(1, args.runs // 2)):
        shutil.rmtree(os.path.join(corpus, "clean"), ignore_errors=True)
        start = time.monotonic()
        subprocess.run([binary, "build", "--content", "content", "--output", "clean"], cwd=corpus, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        clean.append(time.monotonic() - start)
    shutil.rmtree(os.path.join(corpus, "clean"), ignore_errors=True)

    shutil.rmtree(os.path.join(corpus, "public"), ignore_errors=True)
    shutil.rmtree(os.path.join(corpus, "templates"), ignore_errors=True)
    server = subprocess.Popen([binary, "serve", "--content", "content", "--output", "public", "--port", "0"],
                              cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    lock = threading.Lock()

    def reader():
        for line in server.stdout:
            with lock:
                lines.append(line.rstrip("\n"))

    threading.Thread(target=reader, daemon=True).start()

    def wait_line(pattern, after, timeout=600):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with lock:
                for line in lines[after:]:
                    if re.search(pattern, line):
                        return line
            time.sleep(0.002)
        raise SystemExit(f"bench-serve: no line matching {pattern!r}; printed: {lines[-5:]}")

    first_start = time.monotonic()
    wait_line(r"serving http://", 0)
    first = time.monotonic() - first_start

    decisions = sorted(os.listdir(os.path.join(corpus, "content/decisions")))
    record = os.path.join(corpus, "content/decisions", decisions[len(decisions) // 2])
    number = int(re.search(r"(\d+)", os.path.basename(record)).group(1))
    page = None
    for candidate in (f"decisions/ADR-{number:04d}.html", f"decisions/ADR-{number:05d}.html"):
        if os.path.exists(os.path.join(corpus, "public", candidate)):
            page = os.path.join(corpus, "public", candidate)
    if page is None:
        raise SystemExit(f"bench-serve: no page for {record}")

    record_disk, record_reported = [], []
    for run in range(args.runs):
        marker = f"bench-serve edit {run} {time.time()}"
        with lock:
            seen = len(lines)
        with open(record, "a") as f:
            f.write(f"\n{marker}\n")
        start = time.monotonic()
        while True:
            try:
                with open(page) as f:
                    if marker in f.read():
                        break
            except FileNotFoundError:
                pass
            time.sleep(0.001)
        record_disk.append(time.monotonic() - start)
        line = wait_line(r"\(\d+ ms\)$", seen)
        record_reported.append(float(re.search(r"\((\d+) ms\)$", line).group(1)) / 1000)
        time.sleep(0.3)

    foot = open(os.path.join(ROOT, "templates/partials/foot.mustache")).read()
    template_times, template_reported = [], []
    for run in range(max(1, args.runs // 2)):
        with lock:
            seen = len(lines)
        os.makedirs(os.path.join(corpus, "templates/partials"), exist_ok=True)
        start = time.monotonic()
        with open(os.path.join(corpus, "templates/partials/foot.mustache"), "w") as f:
            f.write(foot.replace("</body>", f"<!-- bench {run} --></body>"))
        line = wait_line(r"\(\d+ ms\)$", seen)
        template_times.append(time.monotonic() - start)
        template_reported.append(float(re.search(r"\((\d+) ms\)$", line).group(1)) / 1000)
        if f"<!-- bench {run} -->" not in open(os.path.join(corpus, "public/index.html")).read():
            raise SystemExit("bench-serve: the template edit did not reach index.html")
        time.sleep(0.3)

    server.send_signal(2)
    server.wait(timeout=60)

    def fmt(values):
        return f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"

    print(f"| {args.n} records, {len(decisions)} files | median (min, max) |")
    print("| --- | ---: |")
    print(f"| clean `handbook build` ({len(clean)} runs) | {fmt(clean)} |")
    print(f"| `serve`: first build, to serving | {first * 1000:.0f} ms |")
    print(f"| one record edited: its page updated on disk ({len(record_disk)} runs) | {fmt(record_disk)} |")
    print(f"| one record edited: the rebuild as reported | {fmt(record_reported)} |")
    print(f"| template edited (every page re-rendered; {len(template_times)} runs) | {fmt(template_times)} |")
    print(f"| template edited: the rebuild as reported | {fmt(template_reported)} |")
    with lock:
        example = [line for line in lines if re.search(r"\(\d+ ms\)$", line)][-3:]
    print("\nterminal lines:\n" + "\n".join("    " + line for line in example))


if __name__ == "__main__":
    main()
