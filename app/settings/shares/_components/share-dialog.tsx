'use client';

import { useState } from 'react';
import useSWR from 'swr';
import type { AdminShare, CreatedShare } from '@/lib/shares/manage';
import { FormError } from '@/app/_components/field';
import { Modal } from '@/app/_components/modal';
import { fetchJson, sendJson } from '@/app/_components/fetcher';
import { dangerSecondaryButtonClass, secondaryButtonClass } from '@/app/_components/styles';
import { requestErrorMessage, useRequest } from '@/app/_components/use-request';
import { CreatedLink, CreateShareForm } from './create-share-form';
import { RevokeDialog } from './revoke-dialog';
import { ShareTable } from './share-table';

/**
 * The host page's "Share" button (admins): a dialog to create a read-only
 * link to this host, and this host's links with their revocation.
 */
export function ShareDialog({ hostId, hostName }: { hostId: string; hostName: string }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedShare | null>(null);
  const [revoking, setRevoking] = useState<{ kind: 'one'; share: AdminShare } | { kind: 'all'; hostName: string; count: number } | null>(null);
  const { busy, error, run } = useRequest();
  const url = `/api/v1/hosts/${encodeURIComponent(hostId)}/shares`;
  const list = useSWR<{ shares: AdminShare[] }>(open ? url : null, fetchJson);

  const revoke = async () => {
    if (!revoking) return;
    await run('revoke', () => sendJson('DELETE', revoking.kind === 'all' ? url : `/api/v1/shares/${encodeURIComponent(revoking.share.id)}`));
    setRevoking(null);
    await list.mutate();
  };

  const shares = list.data?.shares ?? [];
  return (
    <>
      <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)} aria-haspopup="dialog">
        Share
      </button>
      <Modal
        open={open}
        onEscape={() => {
          // Escape in the revoke question closes only that question.
          if (!revoking) setOpen(false);
        }}
        labelledBy="share-dialog-title"
        widthClass="w-[min(60rem,calc(100vw-2rem))]"
      >
        <div className="flex items-start justify-between gap-3">
          <h2 id="share-dialog-title" className="text-lg font-semibold">
            Share {hostName}
          </h2>
          <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          A link shows this host&apos;s dashboard read-only to anyone who has it, signed out: no other host, no settings.
        </p>
        <div className="mt-4 space-y-4">
          {open && (
            <CreateShareForm
              hostId={hostId}
              onCreated={(c) => {
                setCreated(c);
                void list.mutate();
              }}
            />
          )}
          {created && <CreatedLink url={created.url} onDone={() => setCreated(null)} />}
          <FormError message={error ?? (list.error ? requestErrorMessage(list.error, 'Could not load the links.') : null)} />
          <div className="flex items-center justify-between gap-3">
            <h3 className="text-sm font-semibold">Links to this host</h3>
            {shares.length > 0 && (
              <button type="button" className={dangerSecondaryButtonClass} onClick={() => setRevoking({ kind: 'all', hostName, count: shares.length })}>
                Revoke all
              </button>
            )}
          </div>
          <ShareTable shares={shares} showHost={false} onRevoke={(share) => setRevoking({ kind: 'one', share })} />
        </div>
        <RevokeDialog target={revoking} busy={busy !== null} onConfirm={revoke} onCancel={() => setRevoking(null)} />
      </Modal>
    </>
  );
}
