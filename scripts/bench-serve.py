#!/usr/bin/env python3
"""Measures `handbook serve`'s rebuilds on the generated corpus, and a clean build to compare.

    scripts/bench-serve.py [--n 10000] [--runs 5] [--binary PATH] [--dir DIR]

Generates the corpus (shared/bench/gen_corpus.py --layout handbook --repo-files 2000, seed 7),
times a clean `handbook build` (output deleted first), starts `handbook serve --port 0` on it,
then, RUNS times each:
  - record edit: appends a line to one decision and times until its page on disk holds the line
    and the terminal printed the rebuild's line (the rebuild's own figure is reported too);
  - title edit: changes one decision's title (other pages list it: the indexes, the sidebars
    around it; ADR-0019) and times until its page and the decisions index on disk show it, and
    the rebuild's line; then waits for handbook.json, the feed and the search index;
  - template edit: writes templates/partials/foot.mustache (the theme's own, plus a comment)
    beside the content and times until the rebuild's line, checking the home page changed.
Each figure has the CPU time the server (or the clean build) used next to it: the machine is
shared, and CPU time moves less with its load than wall time. Prints a Markdown table. Speed is
measured here, never in unit tests.
"""
import argparse
import os
import re
import resource
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
    ap.add_argument("--clean-runs", type=int, default=3)
    ap.add_argument("--title-runs", type=int, default=2)
    ap.add_argument("--template-runs", type=int, default=None, help="default: --runs")
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

    def children_cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    # A clean build, for comparison (output deleted before each run).
    clean, clean_cpu = [], []
    for _ in range(max(1, args.clean_runs)):
        shutil.rmtree(os.path.join(corpus, "clean"), ignore_errors=True)
        start, cpu = time.monotonic(), children_cpu()
        subprocess.run([binary, "build", "--content", "content", "--output", "clean"], cwd=corpus, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        clean.append(time.monotonic() - start)
        clean_cpu.append(children_cpu() - cpu)
    shutil.rmtree(os.path.join(corpus, "clean"), ignore_errors=True)

    shutil.rmtree(os.path.join(corpus, "public"), ignore_errors=True)
    shutil.rmtree(os.path.join(corpus, "templates"), ignore_errors=True)
    server = subprocess.Popen([binary, "serve", "--content", "content", "--output", "public", "--port", "0", "--verbose"],
                              cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    lock = threading.Lock()

    def reader():
        for line in server.stdout:
            with lock:
                lines.append(line.rstrip("\n"))

    threading.Thread(target=reader, daemon=True).start()
    ticks = os.sysconf("SC_CLK_TCK")

    def server_cpu():
        """The server's user and system time so far, in seconds (its threads included)."""
        with open(f"/proc/{server.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

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

    record_disk, record_reported, record_cpu, record_after = [], [], [], []
    for run in range(args.runs):
        marker = f"bench-serve edit {run} {time.time()}"
        with lock:
            seen = len(lines)
        cpu = server_cpu()
        with open(record, "a") as f:
            f.write(f"\n{marker}\n")
        start = time.monotonic()
        stamp = None
        while True:
            try:
                info = os.stat(page)
                if (info.st_ino, info.st_mtime_ns, info.st_size) != stamp:
                    stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
                    with open(page) as f:
                        if marker in f.read():
                            break
            except FileNotFoundError:
                pass
            time.sleep(0.001)
        record_disk.append(time.monotonic() - start)
        line = wait_line(r"\(\d+ ms\)$", seen)
        record_reported.append(float(re.search(r"\((\d+) ms\)$", line).group(1)) / 1000)
        # Then handbook.json, the feed and the search index (ADR-0018): the next edit waits for them,
        # so each edit here is made with the server idle, and their time is reported on its own.
        after = wait_line(r"then handbook\.json.*\((\d+) ms\)$", seen)
        record_after.append(float(re.search(r"\((\d+) ms\)$", after).group(1)) / 1000)
        record_cpu.append(server_cpu() - cpu)
        time.sleep(0.3)

    # A title: the pages that show the record change too (a field edit, ADR-0019).
    index_page = os.path.join(corpus, "public/decisions/index.html")
    original = open(record).read()
    title_times, title_reported, title_cpu, title_disk, title_after, title_routes = [], [], [], [], [], []
    for run in range(args.title_runs):
        title = f"Retitled by bench-serve {run} {int(time.time())}"
        text, count = re.subn(r"^title: .*$", f"title: {title}", original, count=1, flags=re.M)
        if count == 0:
            text, count = re.subn(r"^# .*$", f"# {title}", original, count=1, flags=re.M)
        if count == 0:
            raise SystemExit(f"bench-serve: no title line in {record}")
        with lock:
            seen = len(lines)
        cpu = server_cpu()
        start = time.monotonic()
        with open(record, "w") as f:
            f.write(text)
        # Each page is read again only when its stamp changed (pages are renamed into place): reading
        # the decisions index (6.3 MB at 10,000 records) and the record's page every millisecond
        # competed with the server for the machine's two cores.
        stamps, shown = {}, {}
        while True:
            try:
                for path in (page, index_page):
                    info = os.stat(path)
                    stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
                    if stamps.get(path) != stamp:
                        stamps[path] = stamp
                        shown[path] = title in open(path).read()
                if shown.get(page) and shown.get(index_page):
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.001)
        title_disk.append(time.monotonic() - start)
        line = wait_line(r"\(\d+ ms\)$", seen)
        title_times.append(time.monotonic() - start)
        title_reported.append(float(re.search(r"\((\d+) ms\)$", line).group(1)) / 1000)
        with lock:
            title_routes += [l.strip() for l in lines[seen:] if l.startswith("         ")][:1]
        after = wait_line(r"then handbook\.json.*\((\d+) ms\)$", seen)
        title_after.append(float(re.search(r"\((\d+) ms\)$", after).group(1)) / 1000)
        title_cpu.append(server_cpu() - cpu)
        time.sleep(0.3)

    foot = open(os.path.join(ROOT, "templates/partials/foot.mustache")).read()
    template_times, template_reported, template_cpu, removals = [], [], [], []
    for run in range(args.runs if args.template_runs is None else args.template_runs):
        with lock:
            seen = len(lines)
        os.makedirs(os.path.join(corpus, "templates/partials"), exist_ok=True)
        cpu = server_cpu()
        start = time.monotonic()
        with open(os.path.join(corpus, "templates/partials/foot.mustache"), "w") as f:
            f.write(foot.replace("</body>", f"<!-- bench {run} --></body>"))
        line = wait_line(r"\(\d+ ms\)$", seen)
        template_times.append(time.monotonic() - start)
        template_reported.append(float(re.search(r"\((\d+) ms\)$", line).group(1)) / 1000)
        template_cpu.append(server_cpu() - cpu)
        if f"<!-- bench {run} -->" not in open(os.path.join(corpus, "public/index.html")).read():
            raise SystemExit("bench-serve: the template edit did not reach index.html")
        # The swapped-out site is removed in the background after the line (ADR-0018): wait for
        # it, so that one run's removal is not counted in the next run's time.
        removal = time.monotonic()
        while any(name.startswith(".public.staging-") for name in os.listdir(corpus)):
            time.sleep(0.05)
        removals.append(time.monotonic() - removal)
        time.sleep(0.3)

    with open(record, "w") as f:
        f.write(original)
    time.sleep(0.5)
    server.send_signal(2)
    server.wait(timeout=60)

    def fmt(values):
        if not values:
            return "not measured"
        return f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"

    def fmt_cpu(values):
        if not values:
            return ""
        return f"{statistics.median(values) * 1000:.0f} ms"

    load = os.getloadavg()[0]
    print(f"| {args.n} records, {len(decisions)} files (load {load:.1f} at the end) | wall: median (min, max) | CPU: median |")
    print("| --- | ---: | ---: |")
    print(f"| clean `handbook build` ({len(clean)} runs) | {fmt(clean)} | {fmt_cpu(clean_cpu)} |")
    print(f"| `serve`: first build, to serving | {first * 1000:.0f} ms | |")
    print(f"| one record's text edited: its page updated on disk ({len(record_disk)} runs) | {fmt(record_disk)} | |")
    print(f"| one record's text edited: the rebuild as reported | {fmt(record_reported)} | |")
    print(f"| then handbook.json, the feed and the search index, after the answer (CPU: the edit's, all told) | {fmt(record_after)} | {fmt_cpu(record_cpu)} |")
    print(f"| one record's title edited: its page and the decisions index updated on disk ({len(title_disk)} runs) | {fmt(title_disk)} | |")
    print(f"| one record's title edited: the rebuild, to its line | {fmt(title_times)} | |")
    print(f"| one record's title edited: the rebuild as reported | {fmt(title_reported)} | |")
    print(f"| then handbook.json, the feed and the search index, after the answer (CPU: the edit's, all told) | {fmt(title_after)} | {fmt_cpu(title_cpu)} |")
    print(f"| template edited (every page re-rendered; {len(template_times)} runs), to its line | {fmt(template_times)} | {fmt_cpu(template_cpu)} |")
    print(f"| template edited: the rebuild as reported | {fmt(template_reported)} | |")
    print(f"| template edited: the old site removed, after the line | {fmt(removals)} | |")
    def ratio(values, base):
        return f"{statistics.median(values) / statistics.median(base):.4f}" if values else "-"

    print(f"\nratios to the clean build's median: record text {ratio(record_disk, clean)} (wall), "
          f"title {ratio(title_disk, clean)} (wall, on disk) {ratio(title_cpu, clean_cpu)} (CPU, all told), "
          f"template {ratio(template_times, clean)} (wall) {ratio(template_cpu, clean_cpu)} (CPU)")
    with lock:
        example = [line for line in lines if re.search(r"\(\d+ ms\)$", line)][-3:]
    print("\nterminal lines:\n" + "\n".join("    " + line for line in example))
    print("\ntitle edits' routes:\n" + "\n".join("    " + line for line in title_routes))


if __name__ == "__main__":
    main()
