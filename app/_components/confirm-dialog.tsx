'use client';

import type { ReactNode } from 'react';
import { Modal } from './modal';
import { dangerButtonClass, secondaryButtonClass } from './styles';

/**
 * A modal confirmation on the native <dialog>: focus moves into it, Escape
 * cancels, and the question names exactly what will happen.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal open={open} onEscape={onCancel} labelledBy="confirm-title" widthClass="w-[min(28rem,calc(100vw-2rem))]">
      {/* break-words: a title naming a 100-character host name wraps inside the dialog instead of widening it. */}
      <h2 id="confirm-title" className="text-lg font-semibold [overflow-wrap:anywhere]">
        {title}
      </h2>
      <div className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
      <div className="mt-5 flex min-w-0 justify-end gap-2">
        <button type="button" className={secondaryButtonClass} onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className={`${dangerButtonClass} min-w-0`} onClick={onConfirm} disabled={busy} title={confirmLabel}>
          <span className="truncate">{busy ? 'Working…' : confirmLabel}</span>
        </button>
      </div>
    </Modal>
  );
}
