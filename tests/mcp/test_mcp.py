"""`handbook mcp` driven by a real MCP client (PyPI's `mcp` package) over stdio, on the repository
of conftest.py: the tools and resources are listed, each tool is called and its answer compared
exactly, a resource is read, and every refusal is a tool error after which the server still
answers. Run by scripts/mcp-test.sh (make test)."""
import json
import re
import os
import subprocess
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("HANDBOOK_BINARY", ROOT / ".build" / "debug" / "handbook")).resolve()


def run(repo, work):
    """Starts `handbook mcp` in `repo`, initializes a session and runs `work(session)` on it."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HANDBOOK_CACHE": str(repo.parent / "cache"),
           "HOME": str(repo.parent)}
    params = StdioServerParameters(command=str(BINARY), args=["mcp"], cwd=str(repo), env=env)

    async def main():
        # A lost answer (stray bytes on the server's standard output) must fail, not hang make test.
        with anyio.fail_after(120):
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=60) as session:
                    await session.initialize()
                    return await work(session)

    return anyio.run(main)


def call(repo, name, arguments):
    async def work(session):
        return await session.call_tool(name, arguments)
    return run(repo, work)


def text(result):
    assert len(result.content) == 1
    return result.content[0].text


def hotspot_dates(repo):
    dates = subprocess.run(["git", "-C", str(repo), "log", "--format=%cs", "--", "src/ledger/write.swift"],
                           check=True, capture_output=True, text=True).stdout.split()
    return dates[-2], dates[0]  # the three fixes: the oldest is the one after the first commit


def test_tools_and_resources_are_listed(repo):
    async def work(session):
        return await session.list_tools(), await session.list_resources()
    tools, resources = run(repo, work)
    assert [tool.name for tool in tools.tools] == ["context", "search", "get_record", "review", "diff_contract"]
    assert all(tool.annotations.read_only_hint is True for tool in tools.tools)
    assert tools.tools[0].input_schema["required"] == ["paths"]
    assert [(r.uri, r.name, r.title, r.mime_type) for r in resources.resources] == [
        ("handbook://decisions/ADR-0001", "ADR-0001", "ADR-0001: Keep the ledger in one table (superseded)", "text/markdown"),
        ("handbook://decisions/ADR-0002", "ADR-0002", "ADR-0002: An append-only ledger (accepted)", "text/markdown"),
        ("handbook://decisions/ADR-0003", "ADR-0003", "ADR-0003: JSON over HTTP for the ledger API (accepted)", "text/markdown"),
        ("handbook://decisions/ADR-0004", "ADR-0004", "ADR-0004: Event sourcing for balances (proposed)", "text/markdown"),
        ("handbook://landmines/double-write", "landmines/double-write",
         "The double write to the ledger and the outbox (critical landmine)", "text/markdown"),
        ("handbook://landmines/retry-budget", "landmines/retry-budget",
         "The retry budget of the ledger client (medium landmine)", "text/markdown"),
        ("handbook://contracts/ledger-api", "contracts/ledger-api", "Ledger API (contract)", "text/markdown"),
    ]


def test_context_in_markdown_and_json(repo):
    first, last = hotspot_dates(repo)
    result = call(repo, "context", {"paths": ["src/ledger/write.swift"]})
    assert result.is_error is False
    assert text(result) == f"""**Handbook context** for `src/ledger/write.swift`: 1 landmine (1 needing a reviewer with context); 2 decisions in force; owners @acme/payments; 1 hotspot.

### Landmines
- **critical**: The double write to the ledger and the outbox · owner @acme/payments · **needs a reviewer with context** · `content/landmines/double-write.md`
  - What fails if it disappears: Entries and outbox events drift apart: payouts are sent twice or never, and nothing alerts.

### Decisions in force
- **ADR-0002** An append-only ledger (accepted, 2026-06-01) · replaces ADR-0001 · `content/decisions/0002-append-only-ledger.md`
  - Ledger entries are only ever appended; a correction is a new entry that reverses the old one. Balances are derived from the entries, never stored.
- **ADR-0004** Event sourcing for balances (proposed, 2026-11-01) · `content/decisions/0004-event-sourcing.md`
  - Balances become a projection of ledger events, rebuilt on start.

### Owners
- @acme/payments

### Hotspots
- `src/ledger/write.swift`: 3 fixes between {first} and {last}; tactical fixes are piling up where a decision may be missing
"""
    report = json.loads(text(call(repo, "context", {"paths": ["src/ledger"], "format": "json", "budget": 0})))
    assert report["paths"] == ["src/ledger"] and report["fileCount"] == 3
    assert [(m["id"], m["severity"], m["needsContext"]) for m in report["landmines"]] == [
        ("double-write", "critical", True), ("retry-budget", "medium", False)]
    assert [(d["id"], d["replaces"]) for d in report["decisions"]] == [("ADR-0002", ["ADR-0001"]), ("ADR-0004", [])]
    assert report["omitted"] == [] and report["overBudget"] is False


def test_the_budget_leaves_out_the_least_important_and_says_how_to_see_it(repo):
    answer = text(call(repo, "context", {"paths": ["src/ledger"], "budget": 150}))
    assert "**critical**" in answer and "### Hotspots" not in answer and "### Owners" not in answer
    assert "the context tool with budget 0 (or: handbook context src/ledger --budget 0)" in answer


def test_search_ranks_as_the_site_does(repo):
    result = call(repo, "search", {"query": "ledger append"})
    assert result.is_error is False
    assert text(result) == """1 result for 'ledger append', best first (get_record gives a whole record):

- ADR-0002: An append-only ledger (decision)
  > …d an audit could not say what they were yesterday. Decision Ledger entries are only ever appended; a correction is a new entry that reverses the old one. Balances are…
"""
    lines = [line for line in text(call(repo, "search", {"query": "ledger", "limit": 3})).splitlines() if line.startswith("- ")]
    # A word in the title counts ten times one in the keys or the text; ties keep the site's order.
    assert lines == [
        "- ADR-0001: Keep the ledger in one table (decision)",
        "- ADR-0002: An append-only ledger (decision)",
        "- ADR-0003: JSON over HTTP for the ledger API (decision)",
    ]


def test_get_record_gives_the_whole_record_with_its_relations(repo):
    # The context calls before have written the light index: a full record must still have its body.
    call(repo, "context", {"paths": ["src/ledger/write.swift"]})
    result = call(repo, "get_record", {"id": "ADR-0002"})
    assert result.is_error is False
    assert text(result) == """# ADR-0002: An append-only ledger

- Status: accepted
- Date: 2026-06-01
- Tags: ledger
- Governs: `src/ledger/**/*.swift`
- Supersedes: ADR-0001 (Keep the ledger in one table, superseded)
- Landmines naming it: landmines/double-write (The double write to the ledger and the outbox)
- Source: `content/decisions/0002-append-only-ledger.md`

---

## Context

Balances were rewritten in place and an audit could not say what they were yesterday.

## Decision

Ledger entries are only ever appended; a correction is a new entry that reverses the old one. Balances are derived from the entries, never stored. Any code path that updates or deletes an entry is a bug.

## Consequences

The entries table grows for ever; it is partitioned by month.
"""
    contract = text(call(repo, "get_record", {"id": "contracts/ledger-api"}))
    assert contract.splitlines()[:4] == ["# Contract: Ledger API", "", "- Spec: `api/ledger.yaml`", "- Provider: ledger service"]


def test_a_resource_is_read(repo):
    async def work(session):
        return await session.read_resource("handbook://landmines/double-write")
    result = run(repo, work)
    assert len(result.contents) == 1
    content = result.contents[0]
    assert (str(content.uri), content.mime_type) == ("handbook://landmines/double-write", "text/markdown")
    assert content.text.splitlines()[:6] == [
        "# Landmine: The double write to the ledger and the outbox",
        "",
        "- Severity: critical (a person with context must review any change here)",
        "- Owner: @acme/payments",
        "- Paths: `src/ledger/write.swift`",
        "- Decisions: ADR-0002 (An append-only ledger, accepted)",
    ]
    assert content.text.endswith("## What fails if it disappears\n\nEntries and outbox events drift apart: payouts are sent twice or never, and nothing alerts.\n")


def test_review_and_diff_contract_against_a_base(repo):
    review = text(call(repo, "review", {"base": "base"}))
    assert review.splitlines()[0] == "**Handbook review** of 3 changed files since `base`: 1 landmine (1 needing a reviewer with context); 4 decisions; 1 contract; owners @acme/api-guild, @acme/everyone, @acme/payments; 1 hotspot."
    assert "  - breaking `operation-removed` at `GET /entries` `/paths/~1entries/get`: operation removed (in the old spec)" in review.splitlines()
    # Records are linked as the server's own resources (a site-relative page path leads nowhere for
    # an assistant), and every link the answer holds can be read.
    links = re.findall(r"\]\(([^)]+)\)", review)
    assert "handbook://landmines/double-write" in links and "handbook://contracts/ledger-api" in links, links
    assert all(link.startswith("handbook://") for link in links), links

    async def read_all(session):
        return [await session.read_resource(link) for link in links]
    assert all(len(result.contents) == 1 for result in run(repo, read_all))
    report = json.loads(text(call(repo, "review", {"base": "base", "format": "json"})))
    assert sorted(f["path"] for f in report["files"]) == ["api/ledger.yaml", "src/escape", "src/ledger/write.swift"]
    diff = call(repo, "diff_contract", {"contract": "contracts/ledger-api", "base": "base"})
    assert diff.is_error is False
    assert text(diff) == """### Contract changes: `base:api/ledger.yaml` → `api/ledger.yaml`

1 breaking, 0 warning, 1 info

| level | rule | operation | where | change |
| --- | --- | --- | --- | --- |
| breaking | `operation-removed` | `GET /entries` | `#/paths/~1entries/get` | operation removed (in the old spec) |
| info | `operation-added` | `GET /ledger-entries` | `#/paths/~1ledger-entries/get` | new operation |
"""


REFUSED = [
    ("context", {"paths": ["/etc/passwd"]}, "refused: '/etc/passwd' is outside the repository; paths are read inside the repository only"),
    ("context", {"paths": ["../outside/secret.md"]}, "refused: '../outside/secret.md' is outside the repository; paths are read inside the repository only"),
    ("context", {"paths": ["src/../../outside"]}, "refused: 'src/../../outside' is outside the repository; paths are read inside the repository only"),
    ("context", {"paths": ["src/escape/secret.md"]}, "refused: 'src/escape/secret.md' is outside the repository; paths are read inside the repository only"),
    ("context", {"paths": ["src/escape"]}, "refused: 'src/escape' is outside the repository; paths are read inside the repository only"),
    ("context", {"paths": []}, "context needs 'paths': a list of files or folders (strings) from the repository root"),
    ("context", {"paths": ["src", 7]}, "context needs 'paths': a list of files or folders (strings) from the repository root"),
    ("context", {"paths": ["src"], "budget": "lots"}, "'budget' is a number of tokens (0: no limit)"),
    ("get_record", {"id": "ADR-0099"}, "no record 'ADR-0099' in the handbook; records are named like ADR-0001, ADR-0002, ADR-0003, ADR-0004, landmines/double-write, landmines/retry-budget, contracts/ledger-api"),
    ("get_record", {"id": "decisions/landmines/double-write"}, "no record 'decisions/landmines/double-write' in the handbook; records are named like ADR-0001, ADR-0002, ADR-0003, ADR-0004, landmines/double-write, landmines/retry-budget, contracts/ledger-api"),
    ("review", {"base": "--output=x"}, "refused: the revision '--output=x' begins with '-', so git would read it as an option; name a branch, tag or commit"),
    ("review", {"base": "base", "head": "-p"}, "refused: the revision '-p' begins with '-', so git would read it as an option; name a branch, tag or commit"),
    ("diff_contract", {"contract": "ledger-api", "base": "--output=x"}, "refused: the revision '--output=x' begins with '-', so git would read it as an option; name a branch, tag or commit"),
    ("diff_contract", {"contract": "billing", "base": "base"}, "no contract 'billing'; the contracts are contracts/ledger-api"),
    ("search", {"query": "  "}, "give a few words to search for"),
    ("no_such_tool", {}, "no tool 'no_such_tool'; the tools are context, search, get_record, review, diff_contract"),
]


def test_every_refusal_is_a_tool_error_and_the_server_still_answers(repo, outside):
    async def work(session):
        answers = []
        for name, arguments, _ in REFUSED:
            answers.append(await session.call_tool(name, arguments))
        try:
            await session.read_resource("handbook://decisions/ADR-0099")
            unknown = None
        except MCPError as error:
            unknown = error
        still = await session.call_tool("get_record", {"id": "retry-budget"})
        return answers, unknown, still
    answers, unknown, still = run(repo, work)
    for (name, arguments, expected), answer in zip(REFUSED, answers):
        assert (name, answer.is_error, text(answer)) == (name, True, expected), arguments
    assert unknown is not None and "no record 'decisions/ADR-0099' in the handbook" in str(unknown)
    assert still.is_error is False
    assert text(still).splitlines()[0] == "# Landmine: The retry budget of the ledger client"
    # Nothing outside was read into an answer.
    assert all("Not the repository's" not in text(answer) for answer in answers)


def test_a_revision_git_does_not_know_is_a_tool_error(repo):
    result = call(repo, "review", {"base": "no-such-branch"})
    assert result.is_error is True
    assert text(result).startswith(".: error: cannot list the files changed since 'no-such-branch': fatal:")


def test_the_set_up_snippets_are_valid_json_that_start_the_server():
    """The MCP configuration snippets of the site page and the README parse, use each assistant's
    key (VS Code's is `servers`), and start `handbook mcp`."""
    import re
    page = (ROOT / "content" / "for-coding-assistants.md").read_text()
    blocks = re.findall(r"```json\n(.*?)```", page, re.S)
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (Claude Code|Cursor|VS Code|Claude Desktop) \| .*? \| `(\{.*\})` \|$", readme, re.M)
    assert len(blocks) == 4 and [name for name, _ in rows] == ["Claude Code", "Cursor", "VS Code", "Claude Desktop"]
    for index, snippet in enumerate(blocks + [json_text for _, json_text in rows]):
        config = json.loads(snippet)
        key = "servers" if index % 4 == 2 else "mcpServers"
        assert list(config) == [key], snippet
        (server,) = config[key].values()
        assert server["command"].endswith("handbook") and server["args"][0] == "mcp", snippet
