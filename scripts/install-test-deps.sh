#!/usr/bin/env bash
# Installs the system packages the test suite needs on Debian or Ubuntu:
# Chromium (browser tests; Playwright never downloads a browser),
# redis-server and redis-cli (redis-tools: the tests start their own private
# instance and a three-master cluster), prometheus (with
# promtool: the exposition is linted and scraped, remote write received, by a
# private Prometheus), and Podman with runc, podman-compose and busybox-static
# (the container tests build their images offline and run them; crun fails on
# hybrid cgroup layouts, hence runc), and dbus-daemon (the services tests run
# a private bus with a stand-in systemd on it). Idempotent.
set -euo pipefail

# The command each package must provide.
bin_of() {
  case "$1" in
    chromium) echo "${HOSTWATCH_CHROMIUM:-/usr/bin/chromium}" ;;
    redis-server) echo "${HOSTWATCH_REDIS_SERVER:-redis-server}" ;;
    redis-tools) echo redis-cli ;;
    prometheus) echo "${HOSTWATCH_PROMETHEUS:-prometheus}" ;;
    busybox-static) echo "${HOSTWATCH_BUSYBOX:-/bin/busybox}" ;;
    *) echo "$1" ;;
  esac
}

need=()
for p in chromium redis-server redis-tools prometheus podman runc podman-compose busybox-static; do
  command -v "$(bin_of "$p")" >/dev/null 2>&1 || need+=("$p")
done
# promtool comes with the prometheus package.
command -v promtool >/dev/null 2>&1 || [[ " ${need[*]} " == *" prometheus "* ]] || need+=(prometheus)
command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus-daemon)
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
  bin=$(bin_of "$p")
  command -v "$bin" >/dev/null 2>&1 || { echo "error: $p was installed but $bin is still not found" >&2; exit 1; }
done
