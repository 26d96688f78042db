'use client';

import { useEffect, useState } from 'react';
import type { RuleInput } from '@/lib/alerts/schemas';
import type { PreviewAnswer } from '@/lib/ui/alerts/api-types';
import { readJson } from '@/app/_components/fetcher';
import { requestErrorMessage } from '@/app/_components/use-request';

export type PreviewRange = '24h' | '7d';

/** Long enough that typing "95" asks once, short enough to feel live. */
const DEBOUNCE_MS = 600;

/**
 * "How often would this have fired?": the preview of the rule as it stands,
 * asked again (debounced) whenever the rule or the range changes, and only
 * for a rule the browser's check accepts. A stale answer never replaces a
 * newer one: each request is aborted when the next begins.
 */
export function usePreview(rule: RuleInput | null, range: PreviewRange) {
  const key = rule ? JSON.stringify({ rule, range }) : null;
  const [state, setState] = useState<{ key: string | null; answer: PreviewAnswer | null; error: string | null; loading: boolean }>({
    key: null,
    answer: null,
    error: null,
    loading: false,
  });
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      setState((s) => ({ ...s, loading: true }));
      try {
        const res = await fetch('/api/v1/alerts/rules/preview', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: key,
          signal: abort.signal,
        });
        const answer = await readJson<PreviewAnswer>(res);
        setState({ key, answer, error: null, loading: false });
      } catch (err) {
        if (abort.signal.aborted) return;
        setState((s) => ({ ...s, key, error: requestErrorMessage(err), loading: false }));
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [key]);
  return { ...state, stale: state.key !== key };
}
