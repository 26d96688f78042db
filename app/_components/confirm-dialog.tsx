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
      <h2 id="confirm-title" className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" className={secondaryButtonClass} onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className={dangerButtonClass} onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
