#!/usr/bin/env python3
"""Weekly delivery-health figures of a git repository, computed from its own history.

Usage (from the repository root; Python 3 standard library only):

    python3 scripts/metrics-from-git.py                  # writes content/metrics/history.csv
    python3 scripts/metrics-from-git.py --repo DIR --ref main --output -   # to stdout

Every non-merge commit reachable from --ref (default HEAD) is counted in the ISO week
(Monday to Sunday, UTC) of its committer date. Weeks without a commit get no row: the
handbook draws them as gaps and never compares across them.

Columns (the handbook's default metric keys; see content/decisions/0100-*.md):

  week                    ISO week, 2026-W45.
  change_failure_rate     percent: 100 * (fix commits + revert commits) / commits.
                          A fix commit's subject starts with "fix", "hotfix" or "bugfix"
                          (any case, optionally "fix(scope):"), or says "fixes #N" / "fixed".
                          A proxy: the share of the week's changes that repaired an earlier one.
  revert_rate             percent: 100 * commits whose subject starts with 'Revert "' / commits.
  time_to_recovery_hours  hours, mean over the week's reverts whose message names the reverted
                          commit ("This reverts commit <sha>."): the revert's committer time
                          minus the reverted commit's. Empty when the week has no such revert.

blocking_hours (cross-team blocking time) cannot be read from git; it is not written.
Numbers have at most two decimals; the output is the same for the same history.
"""
import argparse
import datetime
import re
import subprocess
import sys
from collections import defaultdict

FIX = re.compile(r"^(fix|hotfix|bugfix)\b|^fix\(|\bfix(es|ed)\s+#\d+|\bfixed\b", re.IGNORECASE)
REVERT = re.compile(r'^Revert "')
REVERTED_SHA = re.compile(r"This reverts commit ([0-9a-f]{7,40})")


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def commits(repo, ref):
    """(sha, committer time as a UTC datetime, subject, body) of every non-merge commit."""
    log = git(repo, "log", "--no-merges", "--format=%H%x1f%ct%x1f%s%x1f%b%x1e", ref)
    result = []
    for record in log.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        sha, stamp, subject, body = record.split("\x1f", 3)
        result.append((sha, datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc), subject, body))
    return result


def week_of(moment):
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


def number(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", default=".", help="the repository (default: the current folder)")
    parser.add_argument("--ref", default="HEAD", help="the history to read (default: HEAD)")
    parser.add_argument("--output", default=None, help="the CSV to write, or - (default: REPO/content/metrics/history.csv)")
    options = parser.parse_args()

    history = commits(options.repo, options.ref)
    times = {sha: moment for sha, moment, _, _ in history}
    counts = defaultdict(lambda: {"commits": 0, "fixes": 0, "reverts": 0, "recovery": []})
    for sha, moment, subject, body in history:
        week = counts[week_of(moment)]
        week["commits"] += 1
        if REVERT.match(subject):
            week["reverts"] += 1
            match = REVERTED_SHA.search(body)
            reverted = match and next((t for s, t in times.items() if s.startswith(match.group(1))), None)
            if reverted:
                week["recovery"].append((moment - reverted).total_seconds() / 3600)
        elif FIX.search(subject):
            week["fixes"] += 1

    lines = ["week,change_failure_rate,revert_rate,time_to_recovery_hours"]
    for week in sorted(counts):
        figures = counts[week]
        total = figures["commits"]
        failure = 100 * (figures["fixes"] + figures["reverts"]) / total
        reverts = 100 * figures["reverts"] / total
        recovery = number(sum(figures["recovery"]) / len(figures["recovery"])) if figures["recovery"] else ""
        lines.append(f"{week},{number(failure)},{number(reverts)},{recovery}")
    text = "\n".join(lines) + "\n"

    if options.output == "-":
        sys.stdout.write(text)
        return
    path = options.output or f"{options.repo.rstrip('/')}/content/metrics/history.csv"
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
    print(f"wrote {path}: {len(counts)} weeks, {len(history)} commits", file=sys.stderr)


if __name__ == "__main__":
    main()
