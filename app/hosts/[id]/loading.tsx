import { CHARTS } from '@/lib/ui/chart-specs';
import { ChartSkeleton } from './_components/host-charts';

/** Same boxes as the drawn page, so nothing jumps when the data arrives. */
export default function HostLoading() {
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-3 py-5 sm:px-6" aria-busy="true" aria-label="Loading host">
      <div className="h-14" />
      <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" />
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {CHARTS.slice(0, 4).map((c) => (
          <ChartSkeleton key={c.id} title={c.title} />
        ))}
      </div>
    </main>
  );
}
