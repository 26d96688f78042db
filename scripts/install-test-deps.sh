#!/usr/bin/env bash
# Installs the system packages the test suite needs on Debian or Ubuntu:
# Chromium (browser tests; Playwright never downloads a browser) and
# redis-server and redis-cli (the tests start their own private instance and
# cluster). Idempotent.
set -euo pipefail

need=()
command -v "${HOSTWATCH_CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1 || need+=(chromium)
command -v "${HOSTWATCH_REDIS_SERVER:-redis-server}" >/dev/null 2>&1 || need+=(redis-server)
# redis-cli creates the test Redis Cluster (tests/support/redis-cluster.ts).
command -v "${HOSTWATCH_REDIS_CLI:-redis-cli}" >/dev/null 2>&1 || need+=(redis-tools)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
  echo "error: missing Debian packages: ${need[*]} — install them as root: apt-get install -y ${need[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing packages: ${need[*]} — this script installs them with apt-get (Debian/Ubuntu); install them another way" >&2
  exit 1
fi
echo "installing ${need[*]} from Debian packages..."
"${sudo[@]}" apt-get update -qq
if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  echo "error: could not install ${need[*]} with apt-get; install them by hand and run again" >&2
  exit 1
fi
for p in "${need[@]}"; do
  bin=$p; [ "$p" = chromium ] && bin=${HOSTWATCH_CHROMIUM:-/usr/bin/chromium}
  [ "$p" = redis-tools ] && bin=${HOSTWATCH_REDIS_CLI:-redis-cli}
  command -v "$bin" >/dev/null 2>&1 || { echo "error: $p was installed but $bin is still not found" >&2; exit 1; }
done
