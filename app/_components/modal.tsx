'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog>, shown while `open`: focus moves into it
 * and the page behind is inert. Escape asks `onEscape` instead of closing
 * by itself, so the `open` state stays the one truth.
 */
export function Modal({
  open,
  onEscape,
  labelledBy,
  widthClass,
  children,
}: {
  open: boolean;
  onEscape: () => void;
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  /** A Tailwind `w-[…]` class, written out in full where it is passed so Tailwind finds it. */
  widthClass: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        onEscape();
      }}
      aria-labelledby={labelledBy}
      className={`m-auto ${widthClass} rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {children}
    </dialog>
  );
}
