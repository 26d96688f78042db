import type { NetworkInterfaceInfo } from 'node:os';

/**
 * Where the demo listens and the URL it gives other machines (README line A). Pure.
 *
 * HOST and PORT pick the bind; HOSTWATCH_PUBLIC_URL (or NEXTAUTH_URL) names the
 * URL that install commands carry. Without one, a wildcard bind is announced
 * at the machine's first non-internal IPv4 address, and a specific bind at
 * itself. The default stays loopback: a demo with a printed password should
 * not be on the network unless asked for.
 */
export type DemoAddress =
  | { ok: true; host: string; port: number; url: string; loopbackOnly: boolean }
  | { ok: false; error: string };

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function demoAddress(env: Record<string, string | undefined>, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): DemoAddress {
  const host = (env.HOST ?? '127.0.0.1').trim() || '127.0.0.1';
  const portText = (env.PORT ?? '3000').trim();
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65_535) return { ok: false, error: `PORT must be a port number from 1 to 65535, not "${portText}"` };
  if (!/^[a-z0-9.:-]+$/i.test(host)) return { ok: false, error: `HOST must be an address or host name to listen on (e.g. 0.0.0.0), not "${host}"` };
  const loopbackOnly = LOOPBACK.has(host) || host.startsWith('127.');
  const configured = (env.HOSTWATCH_PUBLIC_URL ?? env.NEXTAUTH_URL)?.trim();
  if (configured) {
    let parsed: URL;
    try {
      parsed = new URL(configured);
    } catch {
      return { ok: false, error: `HOSTWATCH_PUBLIC_URL must be a URL such as http://203.0.113.5:${port}, not "${configured}"` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, error: 'HOSTWATCH_PUBLIC_URL must start with http:// or https://' };
    return { ok: true, host, port, url: parsed.origin, loopbackOnly };
  }
  const wildcard = host === '0.0.0.0' || host === '::';
  const announced = wildcard ? firstExternalIPv4(interfaces) ?? '127.0.0.1' : host;
  const shown = announced.includes(':') ? `[${announced}]` : announced;
  return { ok: true, host, port, url: `http://${shown}:${port}`, loopbackOnly };
}

function firstExternalIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | null {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return null;
}
