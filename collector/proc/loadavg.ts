export interface LoadAvg {
  load1: number;
  load5: number;
  load15: number;
}

export function parseLoadavg(text: string): LoadAvg {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  const ok = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : 0);
  return { load1: ok(a), load5: ok(b), load15: ok(c) };
}
