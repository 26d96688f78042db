import { makeSample } from '../../tests/support/samples';

/** An ingest body of two samples with both timestamps as holes, so each POST costs a string join, not a JSON.stringify. */
export function ingestBodyTemplate(): (ts: number) => string {
  const A = 1_111_111_111_111;
  const B = 2_222_222_222_222;
  const text = JSON.stringify({ v: 1, samples: [makeSample(A), makeSample(B)], counters: { spooled: 0, dropped: 0 } });
  const [p0, rest] = text.split(String(A)) as [string, string];
  const [p1, p2] = rest.split(String(B)) as [string, string];
  return (ts) => p0 + (ts - 1_000) + p1 + ts + p2;
}
