#!/usr/bin/env python3
"""Runs oasdiff's own test pairs (tests/oasdiff/cases.json, imported by scripts/oasdiff-import.py from a
pinned commit of github.com/oasdiff/oasdiff, Apache-2.0) through `handbook diff-contract` and prints:

- recall: of the pairs where oasdiff's tests assert a breaking change (a rule of level ERR), how many
  `diff-contract` calls breaking (exit 1), per rule family (oasdiff's direction, area and kind);
- false alarms: of the pairs oasdiff calls non-breaking (a test that ran all of oasdiff's checks
  asserts no change of level ERR, and no test asserts one on that pair), how many `diff-contract`
  calls breaking;
- for information, single-check disagreements: tests that ran one oasdiff check which asserts only
  non-breaking changes, on a pair `diff-contract` calls breaking (oasdiff's other checks were off, so
  the pair may well be breaking: many of oasdiff's fixtures change a request and a response at once);
- unreadable: pairs where `diff-contract` could not read a document (exit 2).

Every pair runs with `--sunset-policy`: oasdiff's deprecation checks (removing what was deprecated is fine
after its sunset date, a deprecation needs a valid date) are on by default there, and are that policy here.

Usage: scripts/oasdiff-compare.py [--handbook PATH] [--verbose] [--min-recall 0.9] [--max-false 0.05]
Exits 1 when a given target is not met.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def parsed(text):
    """The JSON findings list `diff-contract --format json` prints (anything else: the spec was not read)."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value.get("findings") if isinstance(value, dict) and value.get("error") is None else value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--handbook", default=os.path.join(ROOT, ".build", "debug", "handbook"))
    parser.add_argument("--verbose", action="store_true", help="list every miss, false alarm and unreadable pair")
    parser.add_argument("--min-recall", type=float)
    parser.add_argument("--max-false", type=float)
    args = parser.parse_args()
    args.handbook = os.path.abspath(args.handbook)
    folder = os.path.join(ROOT, "tests", "oasdiff")
    manifest = json.load(open(os.path.join(folder, "cases.json")))
    results = {}
    for case in manifest["cases"]:
        pair = (case["base"], case["revision"])
        if pair not in results:
            run = subprocess.run([args.handbook, "diff-contract", pair[0], pair[1], "--format", "json", "--sunset-policy"],
                                 cwd=folder, capture_output=True, text=True)
            results[pair] = run
    recall = collections.defaultdict(lambda: [0, 0])
    false_alarms, negatives, unreadable, misses, alarms = 0, 0, [], [], []
    single, single_breaking, disagreements = 0, 0, []
    breaking_pairs = {(c["base"], c["revision"]) for c in manifest["cases"] if any(e["level"] == "ERR" for e in c["expects"])}
    for case in manifest["cases"]:
        run = results[(case["base"], case["revision"])]
        breaking_ids = [e for e in case["expects"] if e["level"] == "ERR"]
        label = f'{case["test"]} ({case["base"]} -> {case["revision"]})'
        if run.returncode not in (0, 1) or not isinstance(parsed(run.stdout), list):
            unreadable.append(label + ": " + (run.stderr.strip().splitlines() or ["exit %d" % run.returncode])[0])
            if breaking_ids:
                recall[breaking_ids[0]["family"]][1] += 1
            elif case["checks"] == "all" and (case["base"], case["revision"]) not in breaking_pairs:
                negatives += 1
            continue
        if breaking_ids:
            family = breaking_ids[0]["family"]
            recall[family][1] += 1
            if run.returncode == 1:
                recall[family][0] += 1
            else:
                misses.append(f'{label}: expected {", ".join(e["id"] for e in breaking_ids)}')
        elif (case["base"], case["revision"]) in breaking_pairs:
            continue
        else:
            found = [f["id"] for f in parsed(run.stdout) if isinstance(f, dict) and f.get("level") == "breaking"]
            expected = ", ".join(e["id"] for e in case["expects"]) or "no change"
            line = f"{label}: oasdiff asserts {expected}; we found {', '.join(sorted(set(found)))}"
            if case["checks"] == "all":
                negatives += 1
                if run.returncode == 1:
                    false_alarms += 1
                    alarms.append(line)
            else:
                single += 1
                if run.returncode == 1:
                    single_breaking += 1
                    disagreements.append(line)
    caught = sum(v[0] for v in recall.values())
    total = sum(v[1] for v in recall.values())
    print(f"oasdiff {manifest['commit'][:12]}: {len(manifest['cases'])} asserted cases, {len(results)} distinct pairs")
    print(f"{'family (oasdiff direction, area: kind)':<44} {'caught':>7} {'cases':>6} {'recall':>7}")
    for family in sorted(recall):
        c, t = recall[family]
        print(f"{family:<44} {c:>7} {t:>6} {c / t:>7.0%}")
    print(f"{'all breaking expectations':<44} {caught:>7} {total:>6} {caught / max(total, 1):>7.0%}")
    print(f"false alarms on pairs oasdiff calls non-breaking (all checks): {false_alarms} of {negatives} ({false_alarms / max(negatives, 1):.1%})")
    print(f"single-check disagreements (one oasdiff check says non-breaking, we say breaking): {single_breaking} of {single}")
    print(f"unreadable pairs: {len(unreadable)}")
    if args.verbose:
        for title, items in (("missed", misses), ("false alarms", alarms), ("single-check disagreements", disagreements),
                             ("unreadable", unreadable)):
            if items:
                print(f"\n{title}:")
                for item in items:
                    print("  " + item)
    failed = False
    if args.min_recall is not None and caught / max(total, 1) < args.min_recall:
        failed = True
    if args.max_false is not None and false_alarms / max(negatives, 1) > args.max_false:
        failed = True
    return 1 if failed or unreadable and args.min_recall is not None else 0


if __name__ == "__main__":
    sys.exit(main())
