/**
 * Laid over a chart with nothing to draw: why it is empty, in words, where
 * the lines would be (the grid and axes stay, so the range is still read).
 */
export function ChartEmpty({ message }: { message: string }) {
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center p-4" data-testid="chart-empty">
      <p className="rounded-md border border-zinc-200 bg-white/90 px-3 py-1.5 text-center text-xs text-zinc-600 shadow-sm dark:border-zinc-700 dark:bg-zinc-900/90 dark:text-zinc-300">
        {message}
      </p>
    </div>
  );
}
