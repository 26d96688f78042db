'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { AlertRule } from '@/lib/alerts/schemas';
import { checkForm, detailsOf, EMPTY_FORM, errorsByField, formFromRule, type FieldErrors, type RuleForm } from '@/lib/ui/alerts/rule-form';
import { ApiError, sendJson } from '@/app/_components/fetcher';
import { requestErrorMessage } from '@/app/_components/use-request';

/**
 * The editor's state: the form, the browser's check of it (checkRule, as the
 * server will run it), the server's field errors from the last save (each
 * cleared once its field changes), and saving. Errors of a field show once
 * it was edited, or for every field after a save attempt.
 */
export function useRuleForm({ rule, channelIds, hostIds }: { rule: AlertRule | null; channelIds: readonly string[]; hostIds: readonly string[] }) {
  const router = useRouter();
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : EMPTY_FORM));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const known = useMemo(() => ({ channelIds: new Set(channelIds), hostIds: new Set(hostIds) }), [channelIds, hostIds]);
  const check = useMemo(() => checkForm(form, known), [form, known]);

  const local = check.ok ? {} : check.errors;
  const errors: FieldErrors = { ...server };
  for (const [field, message] of Object.entries(local)) {
    if (submitted || touchedField(touched, field)) errors[field] = message;
  }

  /** Changes fields; `names` are the error paths those inputs own. */
  const update = (patch: Partial<RuleForm>, names: string[]) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => new Set([...t, ...names]));
    setServer((s) => {
      const next = { ...s };
      for (const n of names) delete next[n];
      return next;
    });
  };

  const save = async () => {
    setSubmitted(true);
    setSaveError(null);
    if (!check.ok) return;
    setSaving(true);
    try {
      const url = rule ? `/api/v1/alerts/rules/${encodeURIComponent(rule.id)}` : '/api/v1/alerts/rules';
      await sendJson(rule ? 'PUT' : 'POST', url, check.rule);
      router.push('/alerts/rules');
      router.refresh();
    } catch (err) {
      const fields = err instanceof ApiError && err.status === 400 ? errorsByField(detailsOf(err.details)) : {};
      setServer(fields);
      setSaveError(Object.keys(fields).length > 0 ? 'The server refused some fields; see the messages beside them.' : requestErrorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return { form, update, errors, check, save, saving, saveError, submitted };
}

/** A field's error shows once the user edited it: `condition.threshold` is shown after a `condition.threshold` edit. */
function touchedField(touched: ReadonlySet<string>, field: string): boolean {
  return touched.has(field) || [...touched].some((t) => field.startsWith(`${t}.`));
}
