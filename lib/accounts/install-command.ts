/**
 * The one line an admin pastes on a server to install the collector with its
 * host token, using the install script this server serves at /install.sh
 * (collector/install.sh). The token travels in the environment
 * (HOSTWATCH_TOKEN, kept across sudo by --preserve-env), never as an
 * argument: arguments are readable by every local user in ps while the
 * install runs. The collector refuses plain http to a non-loopback server
 * unless told; a server that is itself only reachable over http gets the flag
 * spelled out in the command, visible to the admin.
 */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function installCommand(serverUrl: string, token: string): string {
  const base = serverUrl.replace(/\/+$/, '');
  const { protocol, hostname } = new URL(base);
  const insecure = protocol === 'http:' && !LOOPBACK.test(hostname) ? ' --allow-insecure-http' : '';
  return (
    `curl -fsSL ${shellQuote(`${base}/install.sh`)} | ` +
    `HOSTWATCH_TOKEN=${shellQuote(token)} sudo --preserve-env=HOSTWATCH_TOKEN sh -s -- --url ${shellQuote(base)}${insecure}`
  );
}
