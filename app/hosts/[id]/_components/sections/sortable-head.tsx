'use client';

import { useState } from 'react';
import { thClass } from '@/app/_components/styles';

/** Text colours of an entity's state (containers, services), by tone. */
export const TONE = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  warn: 'text-amber-700 dark:text-amber-400',
  bad: 'text-red-700 dark:text-red-400',
  idle: 'text-zinc-500 dark:text-zinc-400',
} as const;

export interface SortColumn<K extends string> {
  key: K;
  label: string;
  numeric?: boolean;
}

export interface TableSort<K extends string> {
  by: K;
  flip: boolean;
  /** The column's `aria-sort`: numbers sort largest first, text A to Z, until flipped. */
  aria(key: K): 'ascending' | 'descending' | undefined;
  pick(key: K): void;
}

/** Which column a table is sorted by; a second click on it flips the order. */
export function useTableSort<K extends string>(initial: K, isNumeric: (key: K) => boolean): TableSort<K> {
  const [sort, setSort] = useState<{ by: K; flip: boolean }>({ by: initial, flip: false });
  return {
    ...sort,
    aria(key) {
      if (key !== sort.by) return undefined;
      const natural = isNumeric(key) ? 'descending' : 'ascending';
      return sort.flip ? (natural === 'ascending' ? 'descending' : 'ascending') : natural;
    },
    pick: (key) => setSort((s) => ({ by: key, flip: s.by === key ? !s.flip : false })),
  };
}

/** A table head whose column titles are sort buttons (keyboard-reachable, with `aria-sort`). */
export function SortableHead<K extends string>({ columns, sort }: { columns: readonly SortColumn<K>[]; sort: TableSort<K> }) {
  return (
    <thead className="sticky top-0 bg-white dark:bg-zinc-900">
      <tr className="border-b border-zinc-200 dark:border-zinc-800">
        {columns.map((c) => (
          <th key={c.key} scope="col" aria-sort={sort.aria(c.key)} className={`${thClass} ${c.numeric ? 'text-right' : ''}`}>
            <button
              type="button"
              className="inline-flex items-center gap-1 rounded-sm uppercase focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
              onClick={() => sort.pick(c.key)}
            >
              {c.label}
              <span aria-hidden="true" className="w-2">
                {sort.by === c.key ? (sort.aria(c.key) === 'ascending' ? '▲' : '▼') : ''}
              </span>
            </button>
          </th>
        ))}
      </tr>
    </thead>
  );
}
