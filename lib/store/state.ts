import type { Sample } from '@/lib/wire/contract';
import type { ProcessSnapshot } from './types';

/**
 * The latest sample is kept in two parts: the sample without its process list
 * (what the fleet view reads for every host, so it stays small) and the
 * process snapshot. Shared by the backends so they split and join alike.
 */

export function splitLatest(sample: Sample): { latest: Sample; snapshot: ProcessSnapshot } {
  return { latest: { ...sample, processes: { ...sample.processes, top: [] } }, snapshot: snapshotOf(sample) };
}

/** The process snapshot part alone (what a sample keeps for its minute slot). */
export function snapshotOf(sample: Sample): ProcessSnapshot {
  return { ts: sample.ts, total: sample.processes.total, running: sample.processes.running, processes: sample.processes.top };
}

/** The full latest sample again; the snapshot belongs to it when both carry the same timestamp. */
export function joinLatest(latest: Sample, snapshot: ProcessSnapshot | null): Sample {
  if (!snapshot || snapshot.ts !== latest.ts) return latest;
  // The rest of `processes` (the watched patterns' counts) stays with the latest part.
  return { ...latest, processes: { ...latest.processes, total: snapshot.total, running: snapshot.running, top: snapshot.processes } };
}

/** Minute bucket of a process snapshot: at most one snapshot per minute is kept in history. */
export const SNAPSHOT_EVERY_MS = 60_000;

export function snapshotSlot(ts: number): number {
  return Math.floor(ts / SNAPSHOT_EVERY_MS);
}

