import type { TestAnswer } from '@/lib/ui/alerts/api-types';

/** What the receiver answered a test message, in words and colour. */
export function TestResult({ result }: { result: TestAnswer | null }) {
  if (!result) return null;
  return (
    <p
      role="status"
      data-testid="test-result"
      data-ok={result.ok}
      className={`rounded-md border px-3 py-2 text-sm ${
        result.ok
          ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'
          : 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
      }`}
    >
      <strong>{result.ok ? 'Delivered' : 'Not delivered'}</strong>
      {result.status !== null && ` (${result.status})`}: {result.detail}
    </p>
  );
}
