#!/bin/sh
# Hostwatch collector installer.
#   curl -fsSL __HOSTWATCH_URL__/install.sh | sudo HOSTWATCH_TOKEN=<token> sh
# Options: --token TOKEN  --url URL  --interval SECONDS  --allow-insecure-http
#          --prefix DIR (install under DIR, for packaging and tests)  --no-systemd (no user, no unit start)
#          --bundle-file FILE (use a local bundle instead of downloading)  --uninstall
#          --with-fallback (also install the fallback bundle; the default on systems other than Linux)
# Each option also reads an environment variable: HOSTWATCH_TOKEN, HOSTWATCH_URL, HOSTWATCH_INTERVAL,
# HOSTWATCH_PREFIX, HOSTWATCH_NO_SYSTEMD=1, HOSTWATCH_BUNDLE_FILE, HOSTWATCH_WITH_FALLBACK=1.
set -eu

URL="${HOSTWATCH_URL:-__HOSTWATCH_URL__}"
TOKEN="${HOSTWATCH_TOKEN:-}"
INTERVAL="${HOSTWATCH_INTERVAL:-}"
PREFIX="${HOSTWATCH_PREFIX:-}"
NO_SYSTEMD="${HOSTWATCH_NO_SYSTEMD:-0}"
BUNDLE_FILE="${HOSTWATCH_BUNDLE_FILE:-}"
# Linux has /proc, which is all the collector reads; elsewhere it needs the fallback bundle beside it.
WITH_FALLBACK="${HOSTWATCH_WITH_FALLBACK:-}"
[ -n "$WITH_FALLBACK" ] || { [ "$(uname -s)" = "Linux" ] && WITH_FALLBACK=0 || WITH_FALLBACK=1; }
INSECURE=0
UNINSTALL=0
SERVICE_USER=hostwatch
UNIT_NAME=hostwatch-collector.service

die() { echo "hostwatch install: $*" >&2; exit 1; }
say() { echo "hostwatch install: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --token) [ $# -ge 2 ] || die "--token needs a value"; TOKEN="$2"; shift 2 ;;
    --url) [ $# -ge 2 ] || die "--url needs a value"; URL="$2"; shift 2 ;;
    --interval) [ $# -ge 2 ] || die "--interval needs a value"; INTERVAL="$2"; shift 2 ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; PREFIX="$2"; shift 2 ;;
    --bundle-file) [ $# -ge 2 ] || die "--bundle-file needs a value"; BUNDLE_FILE="$2"; shift 2 ;;
    --no-systemd) NO_SYSTEMD=1; shift ;;
    --with-fallback) WITH_FALLBACK=1; shift ;;
    --allow-insecure-http) INSECURE=1; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" 2>/dev/null || true; exit 0 ;;
    *) die "unknown option $1 (see the top of this script)" ;;
  esac
done

PREFIX="${PREFIX%/}"
APP_DIR="$PREFIX/opt/hostwatch"
CONF_DIR="$PREFIX/etc/hostwatch"
CONF_FILE="$CONF_DIR/collector.json"
UNIT_FILE="$PREFIX/etc/systemd/system/$UNIT_NAME"
BUNDLE="$APP_DIR/hostwatch-collector.mjs"
FALLBACK="$APP_DIR/hostwatch-collector-fallback.mjs" # the main bundle import()s it by this name, beside itself
USE_SYSTEMD=1
[ "$NO_SYSTEMD" = "1" ] && USE_SYSTEMD=0

if [ "$USE_SYSTEMD" = "1" ] && [ "$(id -u)" != "0" ]; then
  die "run as root (sudo), or pass --prefix DIR --no-systemd to install without a service"
fi

if [ "$UNINSTALL" = "1" ]; then
  if [ "$USE_SYSTEMD" = "1" ]; then
    systemctl disable --now "$UNIT_NAME" 2>/dev/null || true
  fi
  rm -f "$UNIT_FILE" "$BUNDLE" "$FALLBACK" "$CONF_FILE"
  rmdir "$APP_DIR" "$CONF_DIR" 2>/dev/null || true
  if [ "$USE_SYSTEMD" = "1" ]; then
    systemctl daemon-reload 2>/dev/null || true
    rm -rf /var/lib/hostwatch
    if id "$SERVICE_USER" >/dev/null 2>&1; then userdel "$SERVICE_USER" 2>/dev/null || true; fi
  fi
  say "uninstalled"
  exit 0
fi

case "$URL" in
  # Spelled in two pieces so the server's substitution of the placeholder leaves this check intact.
  __HOSTWATCH_"URL__"|"") die "no server URL: pass --url https://your-hostwatch-server" ;;
esac
printf '%s' "$URL" | grep -Eq '^https?://[][A-Za-z0-9.:-]+(/[A-Za-z0-9._~/-]*)?$' || die "--url: '$URL' is not a plain http(s) URL"
[ -n "$TOKEN" ] || die "no token: set HOSTWATCH_TOKEN (preferred: it stays out of ps) or pass --token"
printf '%s' "$TOKEN" | grep -Eq '^[A-Za-z0-9._~+/=-]{16,512}$' || die "the token contains unexpected characters"
if [ -n "$INTERVAL" ]; then
  printf '%s' "$INTERVAL" | grep -Eq '^[0-9]+$' || die "--interval must be a whole number of seconds"
fi

NODE_BIN="$(command -v node || true)"
[ -n "$NODE_BIN" ] || die "Node.js >= 18 is required and 'node' is not on PATH"
NODE_MAJOR="$("$NODE_BIN" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$NODE_MAJOR" -ge 18 ] 2>/dev/null || die "Node.js >= 18 is required (found $("$NODE_BIN" --version 2>/dev/null || echo unknown))"

mkdir -p "$APP_DIR" "$CONF_DIR" "$(dirname "$UNIT_FILE")"
TMP_BUNDLE="$APP_DIR/.hostwatch-collector-$$.mjs" # .mjs: Node decides ESM by the extension
TMP_FALLBACK="$APP_DIR/.hostwatch-collector-fallback-$$.mjs"
trap 'rm -f "$TMP_BUNDLE" "$TMP_FALLBACK"' EXIT
if [ -n "$BUNDLE_FILE" ]; then
  cp "$BUNDLE_FILE" "$TMP_BUNDLE"
  if [ "$WITH_FALLBACK" = "1" ]; then
    LOCAL_FALLBACK="$(dirname "$BUNDLE_FILE")/hostwatch-collector-fallback.mjs"
    [ -f "$LOCAL_FALLBACK" ] || die "--bundle-file: this system needs $LOCAL_FALLBACK beside it (npm run build:collector writes both)"
    cp "$LOCAL_FALLBACK" "$TMP_FALLBACK"
  fi
else
  command -v curl >/dev/null 2>&1 || die "curl is required to download the collector"
  curl -fsSL --proto '=https,http' "${URL%/}/hostwatch-collector.mjs" -o "$TMP_BUNDLE" || die "could not download ${URL%/}/hostwatch-collector.mjs"
  if [ "$WITH_FALLBACK" = "1" ]; then
    curl -fsSL --proto '=https,http' "${URL%/}/hostwatch-collector.mjs?variant=fallback" -o "$TMP_FALLBACK" \
      || die "could not download ${URL%/}/hostwatch-collector.mjs?variant=fallback"
  fi
fi
"$NODE_BIN" "$TMP_BUNDLE" --version >/dev/null 2>&1 || die "the downloaded collector does not run with $NODE_BIN"
if [ "$WITH_FALLBACK" = "1" ]; then
  "$NODE_BIN" -e 'import(require("url").pathToFileURL(process.argv[1]).href).then((m) => { if (!m.FallbackSampler) process.exit(1); }, () => process.exit(1))' "$TMP_FALLBACK" >/dev/null 2>&1 \
    || die "the downloaded fallback bundle does not load with $NODE_BIN"
  chmod 0644 "$TMP_FALLBACK"
  mv "$TMP_FALLBACK" "$FALLBACK"
fi
chmod 0755 "$TMP_BUNDLE"
mv "$TMP_BUNDLE" "$BUNDLE"

# The token goes only into this file: mode 0600, owned by the service user.
umask 077
{
  printf '{\n  "url": "%s",\n  "token": "%s"' "$URL" "$TOKEN"
  [ -n "$INTERVAL" ] && printf ',\n  "interval": %s' "$INTERVAL"
  [ "$INSECURE" = "1" ] && printf ',\n  "allowInsecureHttp": true'
  printf '\n}\n'
} > "$CONF_FILE.tmp"
chmod 0600 "$CONF_FILE.tmp"
mv "$CONF_FILE.tmp" "$CONF_FILE"
umask 022

cat > "$UNIT_FILE" <<UNIT
[Unit]
Description=Hostwatch collector
Documentation=${URL%/}
After=network-online.target
Wants=network-online.target

[Service]
User=$SERVICE_USER
Group=$SERVICE_USER
ExecStart=$NODE_BIN /opt/hostwatch/hostwatch-collector.mjs --config /etc/hostwatch/collector.json
Restart=always
RestartSec=5
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=read-only
StateDirectory=hostwatch
StateDirectoryMode=0700
KillSignal=SIGTERM
TimeoutStopSec=15

[Install]
WantedBy=multi-user.target
UNIT
chmod 0644 "$UNIT_FILE"

if [ "$USE_SYSTEMD" = "1" ]; then
  if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER" 2>/dev/null \
      || adduser --system --no-create-home --disabled-login --group "$SERVICE_USER" \
      || die "could not create the system user $SERVICE_USER"
  fi
  chown "$SERVICE_USER:$SERVICE_USER" "$CONF_FILE"
  systemctl daemon-reload
  systemctl enable "$UNIT_NAME" >/dev/null
  systemctl restart "$UNIT_NAME"
  say "installed and started $UNIT_NAME (logs: journalctl -u $UNIT_NAME -f)"
else
  say "installed into ${PREFIX:-/} without starting a service"
fi
