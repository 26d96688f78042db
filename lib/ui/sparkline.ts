/**
 * An SVG path for a small trend line: values on a fixed box, null values
 * break the line (the host was offline) instead of being drawn across.
 * Plain SVG keeps the fleet page free of a chart library.
 */
export function sparkPath(values: (number | null)[], width: number, height: number, domain?: [number, number]): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return '';
  const lo = domain ? domain[0] : Math.min(...finite);
  const hi = domain ? domain[1] : Math.max(...finite);
  const span = hi - lo || 1;
  const stepX = values.length > 1 ? width / (values.length - 1) : 0;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = Math.round(i * stepX * 10) / 10;
    const clamped = Math.min(hi, Math.max(lo, v));
    const y = Math.round((height - ((clamped - lo) / span) * height) * 10) / 10;
    d += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
  });
  return d;
}
