import 'server-only';

/**
 * Why a delivery could not be made, in words fit for the channel's delivery
 * log: the target was refused by the address policy, the name did not
 * resolve, the connection failed or timed out. `retryable` says whether trying
 * again later may help (a refusal or an unknown name will not).
 */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** Turn a socket, DNS or TLS error into a DeliveryFailure; `what` names the peer ("hooks.slack.com"). */
export function networkFailure(err: unknown, what: string): DeliveryFailure {
  if (err instanceof DeliveryFailure) return err;
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME') return new DeliveryFailure(`DNS: ${what} does not resolve`, false);
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code.startsWith('UNABLE_TO_')) {
    // A certificate problem stays until someone fixes the certificate.
    return new DeliveryFailure(`TLS: ${e.message} (${what})`, false);
  }
  const message = e instanceof Error ? e.message : String(err);
  return new DeliveryFailure(message.includes(what) ? message : `${message} (${what})`, true);
}
