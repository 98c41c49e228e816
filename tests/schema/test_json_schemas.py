"""The JSON that Handbook writes, validated against the schemas kept in schemas/ (a real
JSON Schema 2020-12 validator, not a hand-rolled check)."""
import json
import os
import pathlib
import subprocess
import tempfile

import jsonschema
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("HANDBOOK_BINARY", str(REPO / ".build" / "debug" / "handbook"))
GOLDEN = REPO / "Tests" / "HandbookCoreTests" / "Fixtures" / "golden"


def schema(name):
    document = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def run(*args, cwd=REPO, stdin=None):
    return subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, text=True, input=stdin)


@pytest.fixture(scope="module")
def own_site():
    with tempfile.TemporaryDirectory() as out:
        result = run("build", "--output", out)
        assert result.returncode == 0, result.stderr
        yield pathlib.Path(out)


def test_handbook_json_of_this_repository(own_site):
    graph = json.loads((own_site / "handbook.json").read_text())
    jsonschema.validate(graph, schema("handbook"))
    kinds = {d["kind"] for d in graph["documents"]}
    assert {"decision", "landmine", "page"} <= kinds
    assert any(c["id"] == "handbook-json" for c in graph["contracts"]), "the schema is registered as a contract"
    assert graph["files"], "every governed file is listed"


def test_handbook_json_of_the_golden_fixture():
    with tempfile.TemporaryDirectory() as out:
        result = run("build", "--content", str(GOLDEN / "content"), "--root", str(GOLDEN), "--output", out)
        assert result.returncode == 0, result.stderr
        graph = json.loads((pathlib.Path(out) / "handbook.json").read_text())
        jsonschema.validate(graph, schema("handbook"))
        relations = {(r["from"], r["kind"], r["to"]) for r in graph["relations"]}
        assert ("ADR-0002", "supersedes", "ADR-0001") in relations
        assert ("landmines/ledger-double-write", "names", "ADR-0003") in relations


@pytest.mark.parametrize("paths", [
    "Sources/HandbookCore/Write/DiskOutput.swift\nSources/HandbookMarkdown/MarkdownParser.swift\n",
    "schemas/handbook.schema.json\nREADME.md\n",
    "no/such/file.txt\n",
])
def test_review_json(paths):
    result = run("review", "--files", "-", "--format", "json", stdin=paths)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema("review"))
    assert [f["path"] for f in report["files"]] == sorted(paths.split())


def test_review_json_lists_a_critical_landmine_first():
    result = run("review", "--files", "Sources/HandbookCore/Write/DiskOutput.swift", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema("review"))
    assert report["landmines"][0]["severity"] == "critical"
    assert report["landmines"][0]["needsContext"] is True


# handbook context (issue 15): the JSON an assistant reads before an edit.

CONTEXT_FIXTURE = REPO / "Tests" / "HandbookCoreTests" / "Fixtures" / "context-repo"


def git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-11-01T12:00:00+00:00", GIT_COMMITTER_DATE="2026-11-01T12:00:00+00:00")
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True,
                   capture_output=True, env=env)


@pytest.fixture(scope="module")
def context_repo():
    """Fixtures/context-repo as a git repository (the Swift tests add a hotspot; not needed here)."""
    import shutil
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "repo"
        shutil.copytree(CONTEXT_FIXTURE, root)
        git("init", "-q", "-b", "main", cwd=root)
        git("add", "-A", cwd=root)
        git("commit", "-qm", "Start", cwd=root)
        yield root


def test_context_schema_is_registered_as_a_contract(own_site):
    graph = json.loads((own_site / "handbook.json").read_text())
    contract = next(c for c in graph["contracts"] if c["id"] == "context-json")
    assert contract["spec"] == "schemas/context.schema.json"


@pytest.mark.parametrize("args", [
    ["src/ledger/write.swift"],
    ["src", "api"],
    ["src", "api", "--budget", "60"],
    ["src", "--budget", "1"],
    ["README.md"],
])
def test_context_json_on_the_fixture(context_repo, args):
    result = run("context", *args, "--format", "json", cwd=context_repo)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema("context"))
    budget = int(args[args.index("--budget") + 1]) if "--budget" in args else 1500
    if not report["overBudget"]:
        assert len(result.stdout.encode()) <= budget * 4
    assert ("seeAll" in report) == bool(report["omitted"])
    assert all(d["id"] != "ADR-0001" for d in report["decisions"]), "a superseded record is never shown as current"


def test_context_json_of_this_repository():
    result = run("context", "Sources/HandbookCore/Write/DiskOutput.swift", "--format", "json", "--budget", "0")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema("context"))
    assert report["landmines"][0]["severity"] == "critical"


def test_context_refuses_a_path_outside_the_repository(context_repo):
    result = run("context", "../../etc/passwd", cwd=context_repo)
    assert result.returncode == 1
    assert "outside-repository" in result.stderr
