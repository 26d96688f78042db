'use client';

import { useRouter } from 'next/navigation';
import { useRequest } from '@/app/_components/use-request';

/**
 * Runs one admin action at a time (see useRequest), with a server refresh
 * after each success so the list shows the new state.
 */
export function useAction() {
  const router = useRouter();
  const request = useRequest();
  const run = <T>(name: string, work: () => Promise<T>): Promise<T | undefined> =>
    request.run(name, async () => {
      const result = await work();
      router.refresh();
      return result;
    });
  return { ...request, run };
}
