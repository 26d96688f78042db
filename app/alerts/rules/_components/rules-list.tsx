'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import useSWR from 'swr';
import type { AlertRule } from '@/lib/alerts/schemas';
import type { RulesAnswer } from '@/lib/ui/alerts/api-types';
import { ruleText, scopeText } from '@/lib/ui/alerts/rule-words';
import { SeverityBadge } from '@/app/_components/alerts/severity-badge';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { FormError } from '@/app/_components/field';
import { fetchJson, sendJson } from '@/app/_components/fetcher';
import { useRequest } from '@/app/_components/use-request';
import { buttonClass, cardClass, dangerSecondaryButtonClass, linkClass, rowClass, secondaryButtonClass, tdClass } from '@/app/_components/styles';
import { DataTable } from '@/app/settings/_components/data-table';

const RULES_URL = '/api/v1/alerts/rules';

/** The fields of a rule an edit sends back (PUT replaces the whole rule). */
export const inputOf = ({ name, enabled, condition, forMs, severity, scope, channelIds, repeatMs }: AlertRule) => ({
  name,
  enabled,
  condition,
  forMs,
  severity,
  scope,
  channelIds,
  repeatMs,
});

/** Every rule in words, with an on/off switch, edit and delete. */
export function RulesList({
  initial,
  channels,
  hosts,
}: {
  initial: AlertRule[];
  channels: { id: string; name: string }[];
  hosts: { id: string; name: string }[];
}) {
  const rules = useSWR<RulesAnswer>(RULES_URL, fetchJson, { fallbackData: { rules: initial }, refreshInterval: 60_000 });
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const { busy, error, run } = useRequest();
  const channelName = useMemo(() => new Map(channels.map((c) => [c.id, c.name])), [channels]);
  const hostName = useMemo(() => new Map(hosts.map((h) => [h.id, h.name])), [hosts]);
  const list = [...(rules.data?.rules ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const toggle = async (r: AlertRule) => {
    const ok = await run(r.id, () => sendJson('PUT', `${RULES_URL}/${encodeURIComponent(r.id)}`, { ...inputOf(r), enabled: !r.enabled }));
    if (ok !== undefined) void rules.mutate();
  };

  if (list.length === 0) {
    return (
      <div className={`${cardClass} p-6 text-sm text-zinc-600 dark:text-zinc-400`}>
        <p className="font-medium text-zinc-900 dark:text-zinc-100">No rules yet — create one</p>
        <p className="mt-1">For example: CPU above 90 % for 5 minutes on every host, or a host that stops reporting for 5 minutes.</p>
        <Link href="/alerts/rules/new" className={`${buttonClass} mt-4`}>
          Create a rule
        </Link>
      </div>
    );
  }
  return (
    <>
      <FormError message={error} />
      <DataTable label="Alert rules" minWidthClass="min-w-[900px]" headings={['Name', 'Condition', 'Scope', 'Severity', 'Channels', 'Enabled']} rowCount={list.length}>
        {list.map((r) => (
          <tr key={r.id} className={rowClass} data-rule={r.name}>
            <td className={`${tdClass} font-medium`}>
              <Link href={`/alerts/rules/${encodeURIComponent(r.id)}`} className={linkClass}>
                {r.name}
              </Link>
            </td>
            <td className={tdClass}>{ruleText(r)}</td>
            <td className={tdClass}>{scopeText(r.scope, (id) => hostName.get(id))}</td>
            <td className={tdClass}>
              <SeverityBadge severity={r.severity} />
            </td>
            <td className={tdClass}>
              {r.channelIds.length === 0 ? (
                <span className="text-zinc-500">none (shown here only)</span>
              ) : (
                r.channelIds.map((id) => channelName.get(id) ?? 'deleted channel').join(', ')
              )}
              {r.repeatMs !== null && <span className="block text-xs text-zinc-500">repeats while firing</span>}
            </td>
            <td className={tdClass}>
              <label className="inline-flex items-center gap-2">
                <input type="checkbox" checked={r.enabled} disabled={busy !== null} onChange={() => toggle(r)} aria-label={`${r.name} enabled`} />
                <span className="text-xs">{r.enabled ? 'on' : 'off'}</span>
              </label>
            </td>
            <td className={`${tdClass} whitespace-nowrap text-right`}>
              <span className="inline-flex gap-2">
                <Link href={`/alerts/rules/${encodeURIComponent(r.id)}`} className={secondaryButtonClass} aria-label={`Edit ${r.name}`}>
                  Edit
                </Link>
                <button type="button" className={dangerSecondaryButtonClass} onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                  Delete
                </button>
              </span>
            </td>
          </tr>
        ))}
      </DataTable>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete rule"
        busy={busy !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) {
            // A 204 has no body to resolve with: refresh either way (a failure shows its message).
            await run('delete', () => sendJson('DELETE', `${RULES_URL}/${encodeURIComponent(deleting.id)}`));
            void rules.mutate();
          }
          setDeleting(null);
        }}
      >
        <p>Its current alerts are cleared; its history stays.</p>
      </ConfirmDialog>
    </>
  );
}
