#!/usr/bin/env bash
# Installs promtool (Prometheus' rule and metrics checker) when it is missing: the tests run
# `promtool check metrics`, `check rules` and `test rules` on what exec-automator generates.
# Only the promtool binary is taken from Debian's `prometheus` package (dpkg -x), so no
# Prometheus service is installed or started. Idempotent and quiet; needs root for apt.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then exit 0; fi
target=${PROMTOOL_INSTALL_DIR:-/usr/local/bin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "» installing promtool (from Debian's prometheus package)" >&2
apt-get update -qq >/dev/null
(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root prometheus >/dev/null)
dpkg -x "$work"/prometheus_*.deb "$work/x"
install -m 0755 "$work/x/usr/bin/promtool" "$target/promtool"
"$target/promtool" --version >/dev/null
