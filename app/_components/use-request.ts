'use client';

import { useState } from 'react';
import { ApiError } from './fetcher';

const UNREACHABLE = 'Could not reach the server; try again.';

/** What a failed request tells the user: the API's own message, or that the server did not answer. */
export function requestErrorMessage(err: unknown, unreachable = UNREACHABLE): string {
  return err instanceof ApiError ? err.message : unreachable;
}

/**
 * Runs a form's or a button's request: which one is running (a name, or
 * null), and the message of the last failure. `run` resolves with the
 * answer, or undefined when the request failed.
 */
export function useRequest(unreachable = UNREACHABLE) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
    setBusy(name);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(requestErrorMessage(err, unreachable));
      return undefined;
    } finally {
      setBusy(null);
    }
  }
  return { busy, error, run, clearError: () => setError(null) };
}
