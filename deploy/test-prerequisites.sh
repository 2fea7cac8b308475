#!/usr/bin/env bash
# What the test suite needs on a fresh Debian machine, installed if missing and started:
# PostgreSQL on loopback (deploy/postgres/start-local.sh) and Debian's Chromium for the browser
# tests (Playwright drives /usr/bin/chromium and never downloads a browser). Idempotent. Runs as
# root, or through sudo. The README's test command and CI (.ci/run) both run it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/postgres/start-local.sh

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'installed at /usr/bin/chromium')."
