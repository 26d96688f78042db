import type { ReactNode } from 'react';
import { LocalTime } from '@/app/_components/relative-time';

/**
 * The frame of a shared view: a plain title bar that says what this is, and
 * no links anywhere — a link's viewer can reach this one host and nothing else.
 */
export function ShareShell({ expiresAt, children }: { expiresAt?: number | null; children: ReactNode }) {
  return (
    <>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-3 py-2.5 sm:px-6">
          <p className="flex items-center gap-2 text-sm font-semibold">
            <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-full bg-sky-500" />
            Hostwatch
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">read-only shared view</span>
          </p>
          {expiresAt !== undefined && (
            <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="share-expiry">
              {expiresAt === null ? (
                'This link does not expire.'
              ) : (
                <>
                  This link works until <LocalTime ts={expiresAt} />.
                </>
              )}
            </p>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-3 py-5 sm:px-6">
        {children}
      </main>
    </>
  );
}

/** A whole-page message (expired, too many requests, store down): what happened and what to do, nothing to click. */
export function ShareMessage({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="mx-auto max-w-xl py-16 text-center" data-testid={testId}>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="mt-2 text-zinc-600 dark:text-zinc-400">{children}</div>
    </section>
  );
}
