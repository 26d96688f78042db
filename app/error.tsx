'use client';

import { buttonClass } from './_components/styles';

/** Last resort for an unexpected error while rendering: say so and offer a retry, never a blank page. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-20 text-center" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        The page could not be shown. If the data store is restarting, this clears up in a few seconds.
        {error.digest && <span className="mt-1 block text-xs">Reference: {error.digest}</span>}
      </p>
      <button type="button" className={`${buttonClass} mt-6`} onClick={reset}>
        Try again
      </button>
    </main>
  );
}
