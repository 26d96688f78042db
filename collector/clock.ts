/**
 * Monotonic milliseconds, like performance.now() but without it: the
 * `performance` global loads perf_hooks, about ten built-in modules the
 * daemon would keep in memory only to read a clock.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
