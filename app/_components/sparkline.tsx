import { sparkDots, sparkPath } from '@/lib/ui/sparkline';

/** A 1-hour trend beside a number. Decorative: the number next to it is the text. */
export function Sparkline({ values, domain, className = 'text-sky-600 dark:text-sky-400' }: { values: (number | null)[] | undefined; domain?: [number, number]; className?: string }) {
  const d = values ? sparkPath(values, 64, 18, domain) : '';
  const dots = values ? sparkDots(values, 64, 18, domain) : [];
  return (
    <svg width="64" height="20" viewBox="-1 -1 66 20" aria-hidden="true" className={`shrink-0 ${className}`}>
      {d && <path d={d} fill="none" stroke="currentColor" strokeWidth="1.25" strokeLinejoin="round" strokeLinecap="round" vectorEffect="non-scaling-stroke" />}
      {dots.map((p) => (
        <circle key={`${p.x}`} className="spark-dot" cx={p.x} cy={p.y} r="1.6" fill="currentColor" />
      ))}
    </svg>
  );
}
