import type { ReactNode } from 'react';
import { cardClass, tdClass, thClass } from '@/app/_components/styles';

/**
 * The settings lists (hosts, users, API tokens, share links): a card that
 * scrolls sideways on a phone, the column headings, and a last column for
 * each row's buttons, named for screen readers only. With `emptyText`, a
 * list with no rows says so in a row of its own.
 */
export function DataTable({
  label,
  minWidthClass,
  headings,
  rowCount,
  emptyText,
  children,
}: {
  label: string;
  /** A Tailwind `min-w-[…]` class, written out in full where it is passed so Tailwind finds it. */
  minWidthClass: string;
  headings: readonly string[];
  rowCount: number;
  emptyText?: string;
  children: ReactNode;
}) {
  return (
    <div className={`${cardClass} relative overflow-x-auto`}>
      <table className={`w-full ${minWidthClass} border-collapse`} aria-label={label}>
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col" className={thClass}>
                {h}
              </th>
            ))}
            <th scope="col" className={thClass}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {emptyText !== undefined && rowCount === 0 && (
            <tr>
              <td colSpan={headings.length + 1} className={`${tdClass} text-zinc-500`}>
                {emptyText}
              </td>
            </tr>
          )}
          {children}
        </tbody>
      </table>
    </div>
  );
}
