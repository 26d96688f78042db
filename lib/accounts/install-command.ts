/**
 * The one line an admin pastes on a server to install the collector with its
 * host token, using the install script this server serves at /install.sh.
 */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function installCommand(serverUrl: string, token: string): string {
  const base = serverUrl.replace(/\/+$/, '');
  return `curl -fsSL ${shellQuote(`${base}/install.sh`)} | sudo sh -s -- --url ${shellQuote(base)} --token ${shellQuote(token)}`;
}
