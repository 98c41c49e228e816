"""A git repository made from Tests/HandbookCoreTests/Fixtures/context-repo for the MCP tests:
the fixture as the first commit (tagged `base`), three fixes of src/ledger/write.swift (a
hotspot), the contract's spec changed (an operation renamed: one breaking change, one added),
and a symbolic link src/escape leading out of the repository."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests" / "HandbookCoreTests" / "Fixtures" / "context-repo"


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def commit(repo, message, files):
    for path, text in files.items():
        (repo / path).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="session")
def repo(tmp_path_factory):
    top = tmp_path_factory.mktemp("mcp")
    repo = top / "repo"
    shutil.copytree(FIXTURE, repo)
    outside = top / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Not the repository's\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start")
    git(repo, "tag", "base")
    commit(repo, "fix: write the outbox first", {"src/ledger/write.swift": "func write() { 2 }\n"})
    commit(repo, "fix: one transaction", {"src/ledger/write.swift": "func write() { 3 }\n"})
    commit(repo, "Fix: and again", {"src/ledger/write.swift": "func write() { 4 }\n"})
    spec = (repo / "api" / "ledger.yaml").read_text()
    commit(repo, "Rename /entries", {"api/ledger.yaml": spec.replace("/entries:", "/ledger-entries:")})
    os.symlink(outside, repo / "src" / "escape")
    return repo


@pytest.fixture(scope="session")
def outside(repo):
    return repo.parent / "outside"
