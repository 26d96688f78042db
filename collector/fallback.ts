/**
 * Entry of the fallback bundle (dist/hostwatch-collector-fallback.mjs): all
 * that needs systeminformation, for platforms without /proc. It is ~600 KB, so
 * it lives in its own file that the main bundle imports only there; on Linux
 * it is never downloaded, parsed or kept in memory.
 */
export { FallbackSampler } from './fallback-sampler';
export { readFallbackInventory } from './fallback-inventory';
