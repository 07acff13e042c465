#!/usr/bin/env bash
# The main job on a fresh machine: install, then deploy the example workflows to a local `dev`
# environment (./.exec-automator/dev) and print the Deployment Status Report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec pnpm exec exec-automator deploy all --source examples/workflows --environment=dev --report "$@"
