'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSWRConfig } from 'swr';
import { createConsoleHelper, type ConsoleHelper } from '@/lib/ui/console-helper';
import { fetchJson } from './fetcher';

declare global {
  interface Window {
    hostwatch?: ConsoleHelper;
  }
}

/** Installs `window.hostwatch` (lib/ui/console-helper.ts) on dashboard pages; PageShell mounts it, share pages do not. */
export function ConsoleHelperMount() {
  const router = useRouter();
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const helper = createConsoleHelper({
      location: () => ({ pathname: window.location.pathname, search: window.location.search }),
      writeSearch: (search, mode) => {
        const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
        if (mode === 'push') window.history.pushState(null, '', url);
        else window.history.replaceState(null, '', url);
      },
      navigate: (path) => router.push(path),
      fleet: () => fetchJson('/api/v1/fleet'),
      revalidate: () => mutate(() => true),
      print: (text) => console.info(text),
      table: (rows) => console.table(rows),
    });
    window.hostwatch = helper;
    return () => {
      if (window.hostwatch === helper) delete window.hostwatch;
    };
  }, [router, mutate]);
  return null;
}
