#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, runs the whole suite (TypeScript tests
# with vitest, the Python runner's tests with pytest), and ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh || exit 1

# Venvs built by tests are cached here, so a test run never touches ~/.cache.
export EXEC_AUTOMATOR_CACHE=${EXEC_AUTOMATOR_CACHE:-$PWD/.cache/exec-automator}
mkdir -p "$EXEC_AUTOMATOR_CACHE" reports

pnpm exec tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; echo "0 passed, 1 failed"; exit 1; }
# The API reference must build with zero warnings (typedoc.json treats warnings as errors).
pnpm run docs >/dev/null || { echo "typedoc reported warnings or errors (run: pnpm run docs)"; echo "0 passed, 1 failed"; exit 1; }

pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
vitest_status=$?

bash scripts/pytest.sh reports/pytest.xml
pytest_status=$?

node scripts/test-totals.mjs reports/vitest.json reports/pytest.xml
[ $vitest_status -eq 0 ] && [ $pytest_status -eq 0 ]
