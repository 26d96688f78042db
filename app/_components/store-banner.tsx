/** Shown instead of data when the store does not answer: the page stays up and says what is going on. */
export function StoreBanner({ retrying = false }: { retrying?: boolean }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">The data store is not answering.</p>
      <p className="mt-0.5">
        {retrying ? 'Showing the last data received; retrying automatically.' : 'The page will show data again once it is back; reload to retry.'}
      </p>
    </div>
  );
}
