import type { ReactNode } from 'react';
import { cardClass } from './styles';

/** The centred card the sign-in and setup pages share. */
export function AuthShell({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-lg font-semibold tracking-tight">Hostwatch</p>
        <div className={cardClass}>
          <h1 className="text-xl font-semibold">{title}</h1>
          {subtitle && <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{subtitle}</div>}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
