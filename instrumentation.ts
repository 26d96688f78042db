/**
 * Runs once when the server starts: validate the configuration before the
 * first request, so a wrong value stops start-up with a message that names the
 * variable instead of surfacing later as a 500.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { config, ConfigError } = await import('@/lib/config');
  try {
    config();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  // The first admin (ADMIN_EMAIL/ADMIN_PASSWORD) or a setup code in the log; a store that is down now gets another try from /setup.
  const [{ bootstrapAccounts }, { getStore }] = await Promise.all([import('@/lib/accounts/bootstrap'), import('@/lib/store')]);
  await bootstrapAccounts(getStore(), config()).catch((err: Error) => console.error(`Hostwatch: could not check for a first admin yet: ${err.message}`));
}
