import v8 from 'node:v8';

/**
 * Imported first by main.ts, so it runs before any collector code gets hot.
 *
 * No optimizing compiler (TurboFan): the collector's work per sample is a few
 * hundred small parses, which the interpreter and the baseline compiler
 * (Sparkplug) do within the CPU budget, while TurboFan's first optimization
 * pulls about 4-5 MB of the compiler's own code and zone memory into the
 * daemon's RSS for good (bench/collector.ts measured 50 -> 45.7 MB, idle node
 * 39.5 MB). Set here rather than on the command line, so every way of starting
 * the bundle (the systemd unit, `node hostwatch-collector.mjs`) gets it.
 */
v8.setFlagsFromString('--no-opt');
