#!/usr/bin/env bash
# Browser tests: headless Debian Chromium driven by playwright-core under `node --test`.
# Installs Chromium (apt) and the test's npm packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
e2e=webclient/src/test/e2e
if [ ! -d "$e2e" ]; then
  echo "No browser tests found in $e2e" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "The browser tests need Node.js 18+ ('node' is not on PATH)." >&2
  exit 1
fi
chromium="${CHROMIUM:-}"
if [ -z "$chromium" ]; then
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$c" ] && chromium="$c" && break
  done
fi
if [ -z "$chromium" ]; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  else
    sudo apt-get install -y -q chromium >/dev/null
  fi
  chromium=/usr/bin/chromium
fi
export CHROMIUM="$chromium"
export FRONTLINE_JAR="$PWD/server/target/frontline.jar"
(cd "$e2e" && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; })
(cd "$e2e" && node --test --test-concurrency=1 --test-reporter=spec)
