'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError } from '@/app/_components/fetcher';

/**
 * Runs one admin action at a time: busy flag, the API's error message, and a
 * server refresh afterwards so the list shows the new state.
 */
export function useAction() {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
    setBusy(name);
    setError(null);
    try {
      const result = await work();
      router.refresh();
      return result;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach the server; try again.');
      return undefined;
    } finally {
      setBusy(null);
    }
  }
  return { busy, error, run, clearError: () => setError(null) };
}
