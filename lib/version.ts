import pkg from '../package.json' with { type: 'json' };

/** The Hostwatch release, from package.json; the collector reports its own beside it. */
export const VERSION: string = pkg.version;
