#!/usr/bin/env python3
"""Imports oasdiff's own test expectations (github.com/oasdiff/oasdiff, Apache-2.0) into tests/oasdiff/.

Reads the Go tests of oasdiff's checker package at a pinned commit from a git directory (the snapshot
the `fetch` tool brings, or any clone), keeps every test that diffs two spec files as written (no spec
mutated in Go code) and asserts which changes oasdiff reports, and writes:

  tests/oasdiff/cases.json   one case per test: base, revision, the asserted rule ids with their levels
  tests/oasdiff/data/...     the spec files those cases name (and files they $ref), as oasdiff has them
  tests/oasdiff/LICENSE      oasdiff's licence

Usage: scripts/oasdiff-import.py GIT_DIR [COMMIT]     (run once; the output is committed)
No oasdiff code is copied or built: only its test data and the facts its tests assert.
"""
import json
import os
import re
import subprocess
import sys

PINNED = "4553c69d3869ee555ee4f00831d8cca6e1c208ff"


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True).stdout


def main():
    git_dir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else PINNED
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "oasdiff")
    files = git(git_dir, "ls-tree", "-r", "--name-only", commit).decode().splitlines()
    show = lambda path: git(git_dir, "show", f"{commit}:{path}").decode()

    # Rule ids: constant name -> id string; id string -> level (ERR, WARN, INFO) and area/kind (the family).
    constants = {}
    for path in files:
        if path.startswith("checker/") and path.endswith(".go") and not path.endswith("_test.go"):
            for name, value in re.findall(r"\b(\w+Id)\s*=\s*\"([^\"]+)\"", show(path)):
                constants[name] = value
    rules = {}
    area_names = {"AreaSchema": "schema", "AreaParameters": "parameters", "AreaRequestBody": "request-body",
                  "AreaResponses": "responses", "AreaPaths": "paths", "AreaHeaders": "headers",
                  "AreaSecurity": "security", "AreaTags": "tags", "AreaComponents": "components",
                  "AreaInfo": "info", "AreaServers": "servers", "AreaNone": "none"}
    for name, level, direction, area, kind in re.findall(
            r"newBackwardCompatibilityRule\((\w+), (\w+), \w+, Direction(\w+), (\w+), Kind(\w+)", show("checker/rules.go")):
        if name in constants:
            rules[constants[name]] = {"level": level, "direction": direction.lower(),
                                      "family": f"{direction.lower()} {area_names.get(area, area)}: {kind.lower()}"}

    helpers = {}
    for path in files:
        if path.startswith("checker/") and path.endswith("_test.go"):
            for name, folder in re.findall(r"(\w+)\s*=\s*dataFileFn\(\"([^\"]+)\"\)", show(path)):
                helpers[name] = f"../data/{folder}/"

    cases = []
    skipped = {"mutated in Go": 0, "not two files": 0, "no expectation": 0}
    for path in sorted(files):
        if not (path.startswith("checker/") and path.endswith("_test.go")):
            continue
        text = show(path)
        for match in re.finditer(r"^func (Test\w+)\(t \*testing\.T\) \{\n(.*?)^\}", text, re.S | re.M):
            name, body = match.group(1), match.group(2)
            if re.search(r"\.Spec\.|openapi3\.New|\.Value\(|\.Extensions\[", body):
                skipped["mutated in Go"] += 1
                continue
            loads = []
            for m in re.finditer(r"(?:open|LoadFromFile)\s*\(\"([^\"]+)\"|"
                                 r"\bl\(t, (\d+)\)|\bd\(t, [^,]+, (\d+), (\d+)\)|\b(\w+)\(\"([^\"]+\.(?:ya?ml|json))\"\)|"
                                 r"nullableWrapChanges\(t, \"([^\"]+)\", \"([^\"]+)\"\)", body):
                if m.group(1):
                    loads.append(m.group(1))
                elif m.group(2):
                    loads.append(f"../data/openapi-test{m.group(2)}.yaml")
                elif m.group(3):
                    loads += [f"../data/openapi-test{m.group(3)}.yaml", f"../data/openapi-test{m.group(4)}.yaml"]
                elif m.group(5) in helpers:
                    loads.append(helpers[m.group(5)] + m.group(6))
                elif m.group(7):
                    loads += [m.group(7), m.group(8)]
            loads = [p for p in loads if p.startswith("../data/")]
            # One file loaded twice is a spec changed in Go code; a folder is a table-driven test.
            if len(loads) != 2 or "loadFrom(" in body or loads[0] == loads[1] or any(p.endswith("/") for p in loads):
                skipped["not two files"] += 1
                continue
            ids = []
            # Ids in negative assertions (require.NotEqual, NotContains, Nil, == nil...) are not expectations.
            asserted = "\n".join(line for line in body.splitlines()
                                 if not re.search(r"\bNot\w*\(|\bNil\(|\bFalse\(|== nil|!=", line))
            for constant in re.findall(r"checker\.(\w+Id)\b", asserted):
                value = constants.get(constant)
                if value and value in rules and value not in ids:
                    ids.append(value)
            for literal in re.findall(r"\"([a-z]+(?:-[a-z0-9]+)+)\"", asserted):
                if literal in rules and literal not in ids:
                    ids.append(literal)
            empty = bool(re.search(r"require\.(Empty|Len)\(t, (errs|changes|ids)(, 0)?\)", body)) and not ids
            if not ids and not empty:
                skipped["no expectation"] += 1
                continue
            # Options that change a rule's level or turn an optional check on are noted, not interpreted.
            options = sorted(set(re.findall(r"checker\.(With\w+)\(", body)))
            base, revision = (p.replace("../data/", "data/") for p in loads)
            cases.append({"test": name, "file": path, "base": base, "revision": revision,
                          "expects": [{"id": i, "level": rules[i]["level"], "family": rules[i]["family"]} for i in ids],
                          "expectsNoChange": empty, "options": options,
                          # "all": oasdiff's every check ran, so a test asserting no breaking change says the
                          # pair is not breaking; "single": one check ran, which says nothing of the others.
                          "checks": "single" if "singleCheckConfig(" in body else
                                    "all" if re.search(r"allChecksConfig\(|GetAllChecks\(\)|\bd\(t, |nullableWrapChanges\(", body) else "other"})
    # Copy the spec files (and the files they reference by relative path).
    needed = sorted({c["base"] for c in cases} | {c["revision"] for c in cases})
    pending, copied = list(needed), set()
    while pending:
        rel = os.path.normpath(pending.pop())
        if rel in copied or rel not in files:
            continue
        copied.add(rel)
        content = git(git_dir, "show", f"{commit}:{rel}")
        target = os.path.join(out, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(content)
        for ref in re.findall(rb"\$ref:\s*['\"]?([^'\"#\s]+\.(?:ya?ml|json))", content):
            pending.append(os.path.join(os.path.dirname(rel), ref.decode()))
    with open(os.path.join(out, "LICENSE"), "wb") as handle:
        handle.write(git(git_dir, "show", f"{commit}:LICENSE"))
    with open(os.path.join(out, "cases.json"), "w") as handle:
        json.dump({"source": "https://github.com/oasdiff/oasdiff", "commit": commit, "licence": "Apache-2.0 (LICENSE)",
                   "cases": cases}, handle, indent=1)
        handle.write("\n")
    print(f"{len(cases)} cases, {len(copied)} files; skipped: {skipped}", file=sys.stderr)


if __name__ == "__main__":
    main()
