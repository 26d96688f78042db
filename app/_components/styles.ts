/**
 * Shared Tailwind classes of the dashboard: one look for buttons, inputs,
 * cards and tables, each with a visible keyboard focus ring in both themes.
 */
const focus = 'focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-zinc-950';

export const cardClass = 'rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900';

export const buttonClass = `inline-flex items-center justify-center gap-1.5 rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-sky-700 disabled:cursor-not-allowed disabled:opacity-60 ${focus}`;

export const secondaryButtonClass = `inline-flex whitespace-nowrap items-center justify-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800 ${focus}`;

export const dangerButtonClass = `inline-flex items-center justify-center gap-1.5 rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-60 ${focus}`;

export const iconButtonClass = `inline-flex h-8 w-8 items-center justify-center rounded-md text-base hover:bg-zinc-200 dark:hover:bg-zinc-800 ${focus}`;

export const inputClass = `rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${focus}`;

export const linkClass = `rounded-sm text-sky-700 hover:underline dark:text-sky-400 ${focus}`;

export const labelClass = 'text-xs font-medium text-zinc-600 dark:text-zinc-400';

export const segmentClass = (active: boolean) =>
  `whitespace-nowrap px-2.5 py-1 text-sm font-medium ${focus} ${
    active ? 'bg-sky-600 text-white' : 'bg-white text-zinc-700 hover:bg-zinc-100 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800'
  }`;

export const thClass = 'px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
export const tdClass = 'px-3 py-2 text-sm tabular-nums';

/** A body row of a list table. */
export const rowClass = 'border-b border-zinc-100 dark:border-zinc-800/60';

/** A row's destructive action (delete, revoke): the quiet button in red; the confirmation dialog carries the red fill. */
export const dangerSecondaryButtonClass = `${secondaryButtonClass} text-red-700 dark:text-red-400`;
