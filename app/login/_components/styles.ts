/** Shared Tailwind classes of the auth forms: labelled inputs with a visible focus ring, in light and dark. */
export const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm ' +
  'focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 ' +
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:focus-visible:ring-offset-zinc-950';

export const buttonClass =
  'inline-flex items-center justify-center rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white shadow-sm ' +
  'hover:bg-sky-700 disabled:cursor-not-allowed disabled:opacity-60 ' +
  'focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-zinc-950';

export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium ' +
  'hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 ' +
  'dark:border-zinc-700 dark:hover:bg-zinc-800 dark:focus-visible:ring-offset-zinc-950';

export const labelClass = 'block text-sm font-medium text-zinc-700 dark:text-zinc-300';
export const cardClass = 'rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900';
export const errorClass =
  'rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200';
