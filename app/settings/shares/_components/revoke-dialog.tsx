'use client';

import type { AdminShare } from '@/lib/shares/manage';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';

/** Asks before a link stops working; `all` revokes every link of the host. */
export function RevokeDialog({
  target,
  busy,
  onConfirm,
  onCancel,
}: {
  target: { kind: 'one'; share: AdminShare } | { kind: 'all'; hostName: string; count: number } | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const title =
    target?.kind === 'all' ? `Revoke all ${target.count} links to ${target.hostName}?` : `Revoke ${target?.share.label ? `“${target.share.label}”` : 'this link'}?`;
  return (
    <ConfirmDialog open={target !== null} title={title} confirmLabel={target?.kind === 'all' ? 'Revoke all' : 'Revoke link'} busy={busy} onConfirm={onConfirm} onCancel={onCancel}>
      <p>Whoever has {target?.kind === 'all' ? 'these links' : 'this link'} sees “This link does not work” on their next request. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
