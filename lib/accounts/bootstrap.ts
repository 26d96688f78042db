import 'server-only';
import type { Config } from '@/lib/config';
import type { Store } from '@/lib/store/types';
import { ensureAdmin, hasAnyUser, issueSetupCode } from './first-admin';

/**
 * At server start, when no user exists yet: create the admin from ADMIN_EMAIL
 * and ADMIN_PASSWORD, or print a one-time setup code for /setup. Printing a
 * code is the one place a secret reaches the log, on purpose: the log is how
 * the operator proves they own the server. Once per process; retried on the
 * next call if the store did not answer.
 */
let issued: Promise<void> | null = null;

export function bootstrapAccounts(store: Store, cfg: Config, log: (line: string) => void = console.log): Promise<void> {
  issued ??= (async () => {
    if (await hasAnyUser(store)) return;
    const { adminEmail, adminPassword, url } = cfg.auth;
    if (adminEmail && adminPassword) {
      const { created } = await ensureAdmin(store, adminEmail, adminPassword);
      if (created) log(`Hostwatch: created the first admin ${adminEmail} (from ADMIN_EMAIL).`);
      return;
    }
    const code = await issueSetupCode(store);
    log(
      `Hostwatch has no user yet. Open ${url ? `${url.replace(/\/+$/, '')}/setup` : '/setup'} and enter this one-time setup code ` +
        `(valid 24 hours, until the first admin exists): ${code}`,
    );
  })().catch((err) => {
    issued = null;
    throw err;
  });
  return issued;
}
