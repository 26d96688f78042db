import type { Notice } from '@/lib/alerts/notice';

export const NOW = Date.UTC(2026, 2, 1, 3, 4, 5);

export function sampleNotice(overrides: Partial<Notice['event']> = {}): Notice {
  return {
    title: '[FIRING] web-1: Filesystem / used 93.1 % (above 90 %)',
    text: 'Filesystem / on web-1 is 93.1 % used (threshold 90 %).\nSince 03:02 UTC.',
    url: 'https://hostwatch.example.com/hosts/h1?from=1&to=2',
    fields: [
      { label: 'Host', value: 'web-1' },
      { label: 'Value', value: '93.1 %' },
    ],
    event: {
      id: 'ev1',
      ruleId: 'r1',
      ruleName: 'Disk almost full',
      hostId: 'h1',
      hostName: 'web-1',
      entity: '/',
      kind: 'firing',
      severity: 'critical',
      value: 93.1,
      threshold: 90,
      at: NOW - 1000,
      firingSince: null,
      suppressed: null,
      ...overrides,
    },
  };
}
