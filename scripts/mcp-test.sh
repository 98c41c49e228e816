#!/usr/bin/env bash
# `handbook mcp` driven by a real MCP client (tests/mcp): PyPI's `mcp` package and pytest, installed
# into a virtual environment of their own (.build/mcp-venv, made here when missing), so the
# system's Python packages are left alone. The server is .build/debug/handbook (HANDBOOK_BINARY
# for another); build it first (make test does).
# Usage: scripts/mcp-test.sh [pytest arguments]   (MCP_VENV: another place for the environment)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=${MCP_VENV:-.build/mcp-venv}
# The client's version is pinned: its API (ClientSession, stdio_client) changed between majors.
packages=(mcp==2.3.0 pytest)
if ! "$venv/bin/python" -c "import mcp, pytest, anyio; from importlib.metadata import version; assert version('mcp') == '2.3.0'" 2>/dev/null; then
  echo "installing into $venv: ${packages[*]}" >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
fi

status=0
"$venv/bin/python" -m pytest tests/mcp -p no:cacheprovider "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "mcp tests: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
