import 'server-only';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isMetadataName, normalizeHostName } from './address';
import { DeliveryFailure, networkFailure } from './failure';
import { judgeAddress, type AddressPolicy } from './policy';

/**
 * Resolve a host name once and check every address it gives against the
 * policy. The caller connects to the returned address and nowhere else, so a
 * name that answers a public address to this check and a private one to the
 * connection (DNS rebinding) gains nothing.
 */
export interface Target {
  /** The name as written (for SNI, the Host header and messages), without brackets. */
  name: string;
  address: string;
  family: 4 | 6;
}

/** At most this many addresses are looked at; a name with more is refused rather than half-checked. */
const MAX_ADDRESSES = 32;

export async function resolveTarget(host: string, policy: AddressPolicy, signal?: AbortSignal): Promise<Target> {
  const name = host.replace(/^\[|\]$/g, '');
  if (!name) throw new DeliveryFailure('the URL has no host', false);
  if (isMetadataName(name)) throw new DeliveryFailure(`${normalizeHostName(name)} is a cloud metadata name, never allowed`, false);

  const literal = isIP(name);
  if (literal) {
    const verdict = judgeAddress(name, policy);
    if (!verdict.ok) throw new DeliveryFailure(`refused: ${verdict.reason}`, false);
    return { name, address: name, family: literal as 4 | 6 };
  }

  let addresses: { address: string; family: number }[];
  try {
    addresses = await abortable(lookup(name, { all: true, verbatim: true }), signal);
  } catch (err) {
    throw networkFailure(err, name);
  }
  if (addresses.length === 0) throw new DeliveryFailure(`DNS: ${name} has no address`, true);
  if (addresses.length > MAX_ADDRESSES) throw new DeliveryFailure(`DNS: ${name} has more than ${MAX_ADDRESSES} addresses`, false);
  // Every address must pass: a name mixing a public and a private address is refused, not used for its public half.
  for (const a of addresses) {
    const verdict = judgeAddress(a.address, policy);
    if (!verdict.ok) throw new DeliveryFailure(`refused: ${name} resolves to ${a.address}, ${verdict.what}`, false);
  }
  // IPv4 first: many servers resolve AAAA records without having IPv6 routes.
  const chosen = addresses.find((a) => a.family === 4) ?? addresses[0];
  return { name, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

/** Give up waiting for a promise that has no cancellation of its own (the system resolver) once the signal fires. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
