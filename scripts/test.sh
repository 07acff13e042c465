#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, runs the whole suite (TypeScript tests
# with vitest, the Python runner's tests with pytest), and ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh || exit 1

# Checkpoint-store tests start real PostgreSQL and Redis servers on 127.0.0.1 (Debian packages).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "» installing postgresql and redis-server (checkpoint store tests)" >&2
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null 2>&1 \
      || echo "  could not install postgresql/redis-server; their tests will be skipped" >&2
  fi
fi

# Completion tests load the generated scripts in zsh and fish too (bash is always there); skipped without them.
if ! command -v zsh >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "» installing zsh and fish (shell completion tests)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zsh fish >/dev/null 2>&1 \
      || echo "  could not install zsh/fish; their completion tests will be skipped" >&2
  fi
fi

# Monitoring tests check the generated metrics and alert rules with promtool (binary only, no service).
bash scripts/install-promtool.sh || echo "  could not install promtool; the metrics and rules tests will fail" >&2

# Venvs built by tests are cached here, so a test run never touches ~/.cache.
export EXEC_AUTOMATOR_CACHE=${EXEC_AUTOMATOR_CACHE:-$PWD/.cache/exec-automator}
mkdir -p "$EXEC_AUTOMATOR_CACHE" reports

# Packages meet through their exports: core imports no other package, phases share only types.
pnpm exec eslint . || { echo "lint failed (run: pnpm run lint)"; echo "0 passed, 1 failed"; exit 1; }
node scripts/check-boundaries.mjs || { echo "import boundaries violated (run: node scripts/check-boundaries.mjs)"; echo "0 passed, 1 failed"; exit 1; }
pnpm exec tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; echo "0 passed, 1 failed"; exit 1; }
# The API reference must build with zero warnings (typedoc.json treats warnings as errors).
pnpm run docs >/dev/null || { echo "typedoc reported warnings or errors (run: pnpm run docs)"; echo "0 passed, 1 failed"; exit 1; }

pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
vitest_status=$?

bash scripts/pytest.sh reports/pytest.xml
pytest_status=$?

node scripts/test-totals.mjs reports/vitest.json reports/pytest.xml
[ $vitest_status -eq 0 ] && [ $pytest_status -eq 0 ]
