import 'server-only';

/**
 * How much alerting configuration one instance keeps. Every rule is judged
 * on every batch of every host in its scope and the whole config is loaded
 * into each process, so the counts are bounded where they are written.
 */
export const MAX_RULES = 500;
export const MAX_CHANNELS = 100;
export const MAX_WINDOWS = 200;
/** Active silences; expired ones are removed when a new one is made. */
export const MAX_SILENCES = 1_000;

/** A silence ends at most this far ahead: a longer mute is a disabled rule or a maintenance window. */
export const MAX_SILENCE_MS = 30 * 86_400_000;
/** A one-off maintenance window lasts at most this long. */
export const MAX_ONCE_WINDOW_MS = 90 * 86_400_000;

export const DEFAULT_EVENT_LIMIT = 200;
export const MAX_EVENT_LIMIT = 1_000;

/** Rule preview: hosts judged, and stored series read per host. */
export const MAX_PREVIEW_HOSTS = 50;
export const MAX_PREVIEW_SERIES = 64;
