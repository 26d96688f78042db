'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { AdminShare, CreatedShare } from '@/lib/shares/manage';
import { FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { cardClass } from '@/app/_components/styles';
import { useAction } from '../../_components/use-action';
import { CreatedLink, CreateShareForm } from './create-share-form';
import { RevokeDialog } from './revoke-dialog';
import { ShareTable } from './share-table';

/** Settings → Share links: create a link for any host, and every link across all hosts with its revocation. */
export function SharesAdmin({ shares, hosts }: { shares: AdminShare[]; hosts: { id: string; name: string }[] }) {
  const [created, setCreated] = useState<CreatedShare | null>(null);
  const [revoking, setRevoking] = useState<AdminShare | null>(null);
  const { busy, error, run } = useAction();
  const router = useRouter();
  return (
    <div className="space-y-4">
      <div className={`${cardClass} p-4`}>
        {hosts.length === 0 ? (
          <p className="text-sm">Add a host first; a link shows one host.</p>
        ) : (
          <CreateShareForm
            hosts={hosts}
            onCreated={(c) => {
              setCreated(c);
              router.refresh();
            }}
          />
        )}
      </div>
      {created && <CreatedLink url={created.url} onDone={() => setCreated(null)} />}
      <FormError message={error} />
      <ShareTable shares={shares} showHost onRevoke={setRevoking} />
      <RevokeDialog
        target={revoking ? { kind: 'one', share: revoking } : null}
        busy={busy !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={async () => {
          if (revoking) await run('revoke', () => sendJson('DELETE', `/api/v1/shares/${encodeURIComponent(revoking.id)}`));
          setRevoking(null);
        }}
      />
    </div>
  );
}
