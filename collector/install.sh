#!/bin/sh
# Hostwatch collector installer.
#   curl -fsSL __HOSTWATCH_URL__/install.sh | HOSTWATCH_TOKEN=<token> sudo --preserve-env=HOSTWATCH_TOKEN sh
# Options: --token TOKEN (prefer HOSTWATCH_TOKEN: arguments show in ps)  --url URL  --interval SECONDS
#          --allow-insecure-http (plain http to a server other than this machine)
#          --prefix DIR (install under DIR, for packaging and tests)  --no-systemd (no user, no unit start)
#          --bundle-file FILE (use a local bundle instead of downloading)  --uninstall
#          --with-fallback (also install the fallback bundle; the default on systems other than Linux)
# Each option also reads an environment variable: HOSTWATCH_TOKEN, HOSTWATCH_URL, HOSTWATCH_INTERVAL,
# HOSTWATCH_PREFIX, HOSTWATCH_NO_SYSTEMD=1, HOSTWATCH_BUNDLE_FILE, HOSTWATCH_WITH_FALLBACK=1.
# Downloads are checked against the SHA-256 sums the server wrote into this script, and nothing
# downloaded is executed here: the collector first runs as the service user, under systemd.
set -eu
# Byte-wise character classes in the checks below, whatever the caller's locale.
LC_ALL=C
export LC_ALL

URL="${HOSTWATCH_URL:-__HOSTWATCH_URL__}"
TOKEN="${HOSTWATCH_TOKEN:-}"
INTERVAL="${HOSTWATCH_INTERVAL:-}"
PREFIX="${HOSTWATCH_PREFIX:-}"
NO_SYSTEMD="${HOSTWATCH_NO_SYSTEMD:-0}"
BUNDLE_FILE="${HOSTWATCH_BUNDLE_FILE:-}"
# Written in by the server that serves this script (lib/accounts/install-script.ts).
BUNDLE_SHA256="__HOSTWATCH_BUNDLE_SHA256__"
FALLBACK_SHA256="__HOSTWATCH_FALLBACK_SHA256__"
# Linux has /proc, which is all the collector reads; elsewhere it needs the fallback bundle beside it.
WITH_FALLBACK="${HOSTWATCH_WITH_FALLBACK:-}"
[ -n "$WITH_FALLBACK" ] || { [ "$(uname -s)" = "Linux" ] && WITH_FALLBACK=0 || WITH_FALLBACK=1; }
INSECURE=0
UNINSTALL=0
TOKEN_IN_ARGV=0
SERVICE_USER=hostwatch
UNIT_NAME=hostwatch-collector.service

die() { echo "hostwatch install: $*" >&2; exit 1; }
say() { echo "hostwatch install: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --token) [ $# -ge 2 ] || die "--token needs a value"; TOKEN="$2"; TOKEN_IN_ARGV=1; shift 2 ;;
    --url) [ $# -ge 2 ] || die "--url needs a value"; URL="$2"; shift 2 ;;
    --interval) [ $# -ge 2 ] || die "--interval needs a value"; INTERVAL="$2"; shift 2 ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; PREFIX="$2"; shift 2 ;;
    --bundle-file) [ $# -ge 2 ] || die "--bundle-file needs a value"; BUNDLE_FILE="$2"; shift 2 ;;
    --no-systemd) NO_SYSTEMD=1; shift ;;
    --with-fallback) WITH_FALLBACK=1; shift ;;
    --allow-insecure-http) INSECURE=1; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" 2>/dev/null || true; exit 0 ;;
    *) die "unknown option $(printf '%s' "$1" | tr -cd ' -~' | cut -c 1-64) (see the top of this script)" ;;
  esac
done

# Every value is checked whole: one line of printable ASCII, nothing else. (grep checks line by
# line, so a value with a newline could carry a second line past it into the unit file.)
one_line() { # NAME VALUE
  case "$2" in
    *[!\ -~]*) die "$1: contains a control character (newline, tab, escape, …) or non-ASCII" ;;
  esac
}
one_line --url "$URL"
one_line --token "$TOKEN"
one_line --interval "$INTERVAL"
one_line --prefix "$PREFIX"
one_line --bundle-file "$BUNDLE_FILE"

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
  __HOSTWATCH_"URL__"|"") die "no server URL: pass --url https://your-hostwatch-server (a server without a configured public URL, NEXTAUTH_URL, does not write its own into this script)" ;;
esac
[ "${#URL}" -le 2048 ] || die "--url: longer than 2048 characters"
printf '%s' "$URL" | grep -Eq '^https?://[][A-Za-z0-9.:-]+(/[A-Za-z0-9._~/-]*)?$' || die "--url: not a plain http(s) URL (scheme, host, optional port and path)"
URL="${URL%/}"
# Plain http carries the token and every sample unencrypted; only this machine's loopback is exempt, as in the collector.
HOST_PORT="${URL#*://}"
HOST_PORT="${HOST_PORT%%/*}"
CURL_PROTO='=https'
case "$URL" in
  http://*)
    if ! printf '%s' "$HOST_PORT" | grep -Eq '^(localhost|127(\.[0-9]{1,3}){3}|\[::1\])(:[0-9]{1,5})?$' && [ "$INSECURE" != "1" ]; then
      die "--url: plain http to $HOST_PORT would send the token unencrypted; use https, or pass --allow-insecure-http"
    fi
    CURL_PROTO='=https,http'
    ;;
esac
[ -n "$TOKEN" ] || die "no token: set HOSTWATCH_TOKEN (preferred: it stays out of ps) or pass --token"
printf '%s' "$TOKEN" | grep -Eq '^[A-Za-z0-9._~+/=-]{16,512}$' || die "the token contains unexpected characters"
[ "$TOKEN_IN_ARGV" = "0" ] || echo "hostwatch install: --token shows in ps while this runs; prefer HOSTWATCH_TOKEN" >&2
if [ -n "$INTERVAL" ]; then
  printf '%s' "$INTERVAL" | grep -Eq '^[0-9]{1,6}$' || die "--interval must be a whole number of seconds"
  INTERVAL="$(printf '%s' "$INTERVAL" | sed 's/^0*//')" # JSON numbers have no leading zeros
  [ -n "$INTERVAL" ] && [ "$INTERVAL" -le 86400 ] || die "--interval must be between 1 and 86400 seconds"
fi

NODE_BIN="$(command -v node || true)"
[ -n "$NODE_BIN" ] || die "Node.js >= 18 is required and 'node' is not on PATH"
one_line "the path of node" "$NODE_BIN"
case "$NODE_BIN" in /*) ;; *) die "the path of node must be absolute (found $NODE_BIN)" ;; esac
NODE_MAJOR="$("$NODE_BIN" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$NODE_MAJOR" -ge 18 ] 2>/dev/null || die "Node.js >= 18 is required (found $("$NODE_BIN" --version 2>/dev/null || echo unknown))"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  else die "sha256sum, shasum or openssl is needed to check the download"
  fi
}
# The sum the server printed into this script, or nothing when this copy did not come from a server.
expected_sum() {
  printf '%s' "$1" | grep -Eq '^[0-9a-f]{64}$' && printf '%s' "$1" || true
}
need_sum() { # SUM WHAT
  [ -n "$1" ] || die "this copy of install.sh carries no checksum for $2: fetch the script from your server (curl -fsSL ${URL}/install.sh), or pass --bundle-file"
}
# FILE EXPECTED-SUM WHAT: the download is what the server meant to serve, or nothing is installed.
check_sum() {
  GOT="$(sha256_of "$1")"
  [ "$GOT" = "$2" ] || die "$3 does not match the SHA-256 the server announced (got $GOT, expected $2): not installed"
}
# FILE MARKER: the version from the file's marker line, read without executing it.
bundle_version() {
  LINE="$(sed -n '1,3p' "$1" | grep -E "^// $2 [0-9A-Za-z.+-]{1,64}\$" | head -n 1 || true)"
  [ -n "$LINE" ] || return 1
  printf '%s' "${LINE#// "$2" }"
}

mkdir -p "$APP_DIR" "$CONF_DIR" "$(dirname "$UNIT_FILE")"
TMP_BUNDLE="$APP_DIR/.hostwatch-collector-$$.mjs" # .mjs: Node decides ESM by the extension
TMP_FALLBACK="$APP_DIR/.hostwatch-collector-fallback-$$.mjs"
trap 'rm -f "$TMP_BUNDLE" "$TMP_FALLBACK" "$CONF_FILE.tmp"' EXIT
if [ -n "$BUNDLE_FILE" ]; then
  # A local file is the administrator's own choice: it is taken as given.
  cp "$BUNDLE_FILE" "$TMP_BUNDLE"
  if [ "$WITH_FALLBACK" = "1" ]; then
    LOCAL_FALLBACK="$(dirname "$BUNDLE_FILE")/hostwatch-collector-fallback.mjs"
    [ -f "$LOCAL_FALLBACK" ] || die "--bundle-file: this system needs $LOCAL_FALLBACK beside it (npm run build:collector writes both)"
    cp "$LOCAL_FALLBACK" "$TMP_FALLBACK"
  fi
else
  command -v curl >/dev/null 2>&1 || die "curl is required to download the collector"
  MAIN_SUM="$(expected_sum "$BUNDLE_SHA256")"
  need_sum "$MAIN_SUM" "the collector bundle"
  curl -fsSL --proto "$CURL_PROTO" --proto-redir "$CURL_PROTO" "${URL}/hostwatch-collector.mjs" -o "$TMP_BUNDLE" || die "could not download ${URL}/hostwatch-collector.mjs"
  check_sum "$TMP_BUNDLE" "$MAIN_SUM" "the collector bundle"
  if [ "$WITH_FALLBACK" = "1" ]; then
    FALLBACK_SUM="$(expected_sum "$FALLBACK_SHA256")"
    need_sum "$FALLBACK_SUM" "the fallback bundle"
    curl -fsSL --proto "$CURL_PROTO" --proto-redir "$CURL_PROTO" "${URL}/hostwatch-collector.mjs?variant=fallback" -o "$TMP_FALLBACK" \
      || die "could not download ${URL}/hostwatch-collector.mjs?variant=fallback"
    check_sum "$TMP_FALLBACK" "$FALLBACK_SUM" "the fallback bundle"
  fi
fi
VERSION="$(bundle_version "$TMP_BUNDLE" hostwatch-collector)" || die "the collector bundle has no version line: not a Hostwatch collector build"
if [ "$WITH_FALLBACK" = "1" ]; then
  bundle_version "$TMP_FALLBACK" hostwatch-collector-fallback >/dev/null || die "the fallback bundle has no version line: not a Hostwatch collector build"
  chmod 0644 "$TMP_FALLBACK"
  mv "$TMP_FALLBACK" "$FALLBACK"
fi
chmod 0755 "$TMP_BUNDLE"
mv "$TMP_BUNDLE" "$BUNDLE"

# A JSON string; the checks above leave no control characters, so quotes and backslashes are all to escape.
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}
# One systemd command-line word: quoted, with systemd's escapes ("\", '"') and its specifier (%) and variable ($) signs doubled.
unit_word() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/%/%%/g' -e 's/\$/$$/g')"
}
# A systemd value that is not a command line: only the specifier sign is special.
unit_value() {
  printf '%s' "$1" | sed -e 's/%/%%/g'
}

# The token goes only into this file: mode 0600, owned by the service user.
umask 077
{
  printf '{\n  "url": %s,\n  "token": %s' "$(json_string "$URL")" "$(json_string "$TOKEN")"
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
Documentation=$(unit_value "$URL")
After=network-online.target
Wants=network-online.target

[Service]
User=$SERVICE_USER
Group=$SERVICE_USER
ExecStart=$(unit_word "$NODE_BIN") /opt/hostwatch/hostwatch-collector.mjs --config /etc/hostwatch/collector.json
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
  say "installed collector $VERSION and started $UNIT_NAME (logs: journalctl -u $UNIT_NAME -f)"
else
  say "installed collector $VERSION into ${PREFIX:-/} without starting a service"
fi
