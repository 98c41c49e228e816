#!/usr/bin/env python3
"""Line coverage per source folder: builds and runs the tests with coverage instrumentation in
their own build folder (.build-coverage, so the ordinary .build is not rebuilt), then reads
llvm-cov's summary and prints a table of Sources/ folders (HandbookCore by its stage folders).

The end-to-end tests' runs of the `handbook` binary (the command line, `serve`, and `mcp` driven
by the MCP client tests of scripts/mcp-test.sh) are counted too:
the tests are pointed at a wrapper (HANDBOOK_BINARY) that gives each process its own profile, and
llvm-cov reads the test bundle and the binary together.

Usage: scripts/coverage.py [--skip-build] [--minimum PERCENT]
   make coverage
Exit status 1 when a folder under Sources/HandbookCore is below --minimum (default 85).
Every compile holds the shared lock /tmp/handbook-build.lock.
"""

import argparse
import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
SCRATCH = REPO / ".build-coverage"


def tool(name):
    """The Swift toolchain's own (a system LLVM of another version cannot read its profiles)."""
    swift = shutil.which("swift")
    if swift:
        beside = pathlib.Path(swift).resolve().parent / name
        if beside.exists():
            return str(beside)
    found = shutil.which(name)
    if found:
        return found
    sys.exit(f"{name} not found (it comes with the Swift toolchain)")


def folder_of(path):
    """Sources/HandbookCore/Render/X.swift -> Sources/HandbookCore/Render; Sources/handbook/main.swift -> Sources/handbook."""
    parts = pathlib.Path(path).relative_to(REPO).parts
    if len(parts) >= 4 and parts[1] == "HandbookCore":
        return "/".join(parts[:3])
    return "/".join(parts[:2])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-build", action="store_true", help="use the last instrumented build and test run")
    parser.add_argument("--minimum", type=float, default=85.0)
    args = parser.parse_args()

    flags = ["--scratch-path", str(SCRATCH), "--enable-code-coverage"]
    if not args.skip_build:
        subprocess.run(["flock", "/tmp/handbook-build.lock", "swift", "build", "--build-tests", *flags], cwd=REPO, check=True)
        for stale in (SCRATCH / "debug" / "codecov").glob("*.profraw"):
            stale.unlink()
        # The tests' own result does not stop the report (a failing test is make test's to report),
        # but SwiftPM merges the profiles only after a passing run: they are merged here.
        # The end-to-end tests run the `handbook` binary (HANDBOOK_BINARY): through a wrapper that
        # names a profile per process, so `serve` and the command line count too.
        codecov = SCRATCH / "debug" / "codecov"
        wrapper = SCRATCH / "handbook-profiled"
        wrapper.write_text(f'#!/bin/sh\nLLVM_PROFILE_FILE="{codecov}/handbook-%p.profraw" exec "{SCRATCH / "debug" / "handbook"}" "$@"\n')
        wrapper.chmod(0o755)
        environment = dict(os.environ, HANDBOOK_BINARY=str(wrapper))
        tests = subprocess.run(["swift", "test", "--skip-build", *flags], cwd=REPO, stdout=subprocess.DEVNULL, env=environment)
        if tests.returncode != 0:
            print(f"(some tests failed, exit {tests.returncode}: the figures count what ran)", file=sys.stderr)
        # `handbook mcp` (HandbookMCP and the core's Assist folder) is driven by a real MCP client,
        # outside `swift test`: its runs count too.
        mcp = subprocess.run(["scripts/mcp-test.sh", "-q"], cwd=REPO, stdout=subprocess.DEVNULL, env=environment)
        if mcp.returncode != 0:
            print(f"(the MCP client tests failed, exit {mcp.returncode}: the figures count what ran)", file=sys.stderr)
    raw = sorted((SCRATCH / "debug" / "codecov").glob("*.profraw"))
    profile = SCRATCH / "debug" / "codecov" / "merged.profdata"
    binaries = sorted((SCRATCH / "debug").glob("*PackageTests.xctest"))
    if not raw or not binaries:
        sys.exit(f"no coverage data in {SCRATCH}/debug (run without --skip-build)")
    subprocess.run([tool("llvm-profdata"), "merge", "-sparse", *map(str, raw), "-o", str(profile)], check=True)
    objects = [str(binaries[0])]
    if (SCRATCH / "debug" / "handbook").exists():
        objects += ["-object", str(SCRATCH / "debug" / "handbook")]
    export = subprocess.run([tool("llvm-cov"), "export", "-summary-only", f"-instr-profile={profile}", *objects],
                            cwd=REPO, check=True, capture_output=True, text=True)
    data = json.loads(export.stdout)

    covered = collections.Counter()
    total = collections.Counter()
    sources = str(REPO / "Sources") + "/"
    for entry in data["data"][0]["files"]:
        name = entry["filename"]
        if not name.startswith(sources):
            continue
        folder = folder_of(name)
        lines = entry["summary"]["lines"]
        covered[folder] += lines["covered"]
        total[folder] += lines["count"]

    failing = []
    print(f"| folder | lines | covered | line coverage |")
    print(f"| --- | ---: | ---: | ---: |")
    for folder in sorted(total):
        percent = 100.0 * covered[folder] / total[folder] if total[folder] else 100.0
        mark = ""
        if folder.startswith("Sources/HandbookCore/") and percent < args.minimum:
            failing.append(folder)
            mark = f" (below {args.minimum:.0f}%)"
        print(f"| {folder} | {total[folder]} | {covered[folder]} | {percent:.1f}%{mark} |")
    all_covered, all_total = sum(covered.values()), sum(total.values())
    print(f"| all of Sources/ | {all_total} | {all_covered} | {100.0 * all_covered / max(1, all_total):.1f}% |")
    if failing:
        print(f"below {args.minimum:.0f}%: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
