import { installPeerAddressStamp } from '@/lib/auth/peer-address';
import { config, ConfigError } from '@/lib/config';

/**
 * Node-only start-up work, kept apart from instrumentation.ts so the edge
 * bundle of that file never sees process.exit or the store.
 *
 * Validate the configuration before the first request, so a wrong value stops
 * start-up with a message that names the variable instead of surfacing later
 * as a 500.
 */
// First, so every request after start knows its socket's peer (limits per client address, lib/auth/peer-address.ts).
installPeerAddressStamp();

try {
  config();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

// Slow clients are closed (408) once they overrun the request head or request timeouts; on Vercel the platform's edge does that.
if (config().server.ownsConnections) {
  const { boundSlowClients } = await import('@/lib/http/slow-clients');
  boundSlowClients(config().server);
}

// The first admin (ADMIN_EMAIL/ADMIN_PASSWORD) or a setup code in the log; a store that is down now gets another try from /setup.
// A store of its own, closed after: the shared one (getStore) must be made by the route bundles, or its
// errors would be instances of this bundle's classes and fail the routes' `instanceof` checks.
const [{ bootstrapAccounts }, { createStore }] = await Promise.all([import('@/lib/accounts/bootstrap'), import('@/lib/store')]);
const startupStore = createStore(config().store, config().retention);
// With password sign-in off, a one-time break-glass code in the log too (lib/auth/break-glass.ts).
const breakGlass = config().sso.passwordLogin
  ? Promise.resolve()
  : import('@/lib/auth/break-glass')
      .then(({ announceBreakGlass }) => announceBreakGlass(startupStore, config().auth.url, console.log))
      .catch((err: Error) => console.error(`Hostwatch: could not issue a break-glass code: ${err.message}`));
await Promise.all([
  bootstrapAccounts(startupStore, config()).catch((err: Error) => console.error(`Hostwatch: could not check for a first admin yet: ${err.message}`)),
  breakGlass,
]).finally(() => startupStore.close().catch(() => {}));

// Alerting's clock (host down, reminders, retries) when self-hosted; on Vercel the cron route runs the same round.
// Its own store for the same reason as above; it lives as long as the server.
if (config().alerts.scheduler) {
  const [{ startAlertScheduler }, { dashboardUrl }] = await Promise.all([import('@/lib/alerting/scheduler'), import('@/lib/alerting/kick')]);
  startAlertScheduler(createStore(config().store, config().retention, { limits: config().seriesLimits }), { tickMs: config().alerts.tickMs, baseUrl: dashboardUrl() });
}
