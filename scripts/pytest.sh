#!/usr/bin/env bash
# Runs the bundled Python runner's pytest suite in a venv with LangGraph (built once, cached).
# Usage: scripts/pytest.sh [junit-xml-path]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cache=${EXEC_AUTOMATOR_CACHE:-$PWD/.cache/exec-automator}
venv="$cache/pytest-venv"
PYTHON=${EXEC_AUTOMATOR_PYTHON:-python3}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import langgraph.checkpoint.sqlite, langgraph.checkpoint.postgres, langgraph.checkpoint.redis, Crypto, pythonjsonlogger, pytest' 2>/dev/null; then
  echo "» building the pytest venv in $venv" >&2
  rm -rf "$venv"
  if command -v uv >/dev/null 2>&1; then UV=(uv); elif "$PYTHON" -m uv --version >/dev/null 2>&1; then UV=("$PYTHON" -m uv); else UV=(); fi
  if [ ${#UV[@]} -gt 0 ]; then
    "${UV[@]}" venv --quiet --python "$PYTHON" "$venv"
    "${UV[@]}" pip install --quiet --python "$venv/bin/python" -r packages/core/python/requirements-test.txt
  else
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet -r packages/core/python/requirements-test.txt
  fi
fi
args=(-q packages/core/python/tests)
[ $# -ge 1 ] && args+=("--junitxml=$1")
"$venv/bin/python" -m pytest "${args[@]}"
