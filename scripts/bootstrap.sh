#!/usr/bin/env bash
# Installs what exec-automator needs on a fresh machine (Node >= 20, Python >= 3.10 with pip
# are expected): pnpm, uv, the workspace's npm packages, and a build of every package.
# Sourced by demo.sh and test.sh; safe to run again (each step is skipped when done).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "exec-automator needs Node.js >= 20 (found $(node -v))" >&2
  exit 1
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "12.4.2" ]; then
  echo "» installing pnpm 12.4.2" >&2
  npm install -g pnpm@12.4.2 >/dev/null 2>&1
fi

PYTHON=${EXEC_AUTOMATOR_PYTHON:-python3}
if ! command -v uv >/dev/null 2>&1 && ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
  echo "» installing uv (fast Python installs; pip is the fallback)" >&2
  "$PYTHON" -m pip install --quiet uv || echo "  uv could not be installed; venvs will be built with pip" >&2
fi

echo "» installing npm packages" >&2
pnpm install --frozen-lockfile >/dev/null
echo "» building packages" >&2
pnpm run build >/dev/null
