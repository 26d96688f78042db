/**
 * An SVG path for a small trend line: values on a fixed box, null values
 * break the line (the host was offline) instead of being drawn across.
 * Plain SVG keeps the fleet page free of a chart library.
 */
const drawable = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** Value → box coordinates, on the given domain or the values' own extent; null when nothing is drawable. */
function placer(values: (number | null)[], width: number, height: number, domain?: [number, number]) {
  const finite = values.filter(drawable);
  if (finite.length === 0) return null;
  const lo = domain ? domain[0] : Math.min(...finite);
  const hi = domain ? domain[1] : Math.max(...finite);
  const span = hi - lo || 1;
  const stepX = values.length > 1 ? width / (values.length - 1) : 0;
  return (v: number, i: number) => {
    const clamped = Math.min(hi, Math.max(lo, v));
    return { x: Math.round(i * stepX * 10) / 10, y: Math.round((height - ((clamped - lo) / span) * height) * 10) / 10 };
  };
}

export function sparkPath(values: (number | null)[], width: number, height: number, domain?: [number, number]): string {
  const place = placer(values, width, height, domain);
  if (!place) return '';
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const { x, y } = place(v, i);
    d += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
  });
  return d;
}

/**
 * Where a sparkline needs dots: at each value with no neighbour (a path
 * through one point draws nothing, which left a new host's row blank) and at
 * the newest value, so a trend of a few minutes on an hour's width is seen.
 */
export function sparkDots(values: (number | null)[], width: number, height: number, domain?: [number, number]): { x: number; y: number }[] {
  const place = placer(values, width, height, domain);
  if (!place) return [];
  let newest = -1;
  for (let i = values.length - 1; i >= 0; i--) {
    if (drawable(values[i])) {
      newest = i;
      break;
    }
  }
  const dots: { x: number; y: number }[] = [];
  values.forEach((v, i) => {
    if (!drawable(v)) return;
    const lone = !drawable(values[i - 1]) && !drawable(values[i + 1]);
    if (lone || i === newest) dots.push(place(v, i));
  });
  return dots;
}
