import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTick } from '@/lib/format';
import { axisTickLabel } from '@/lib/ui/chart-axis';
import { isShown, legendItemLabel, toggleHidden } from '@/lib/ui/legend-state';
import { zoomOut } from '@/lib/ui/range';
import { formatRangeInput, parseRangeInput, parseTimeZone, timeZoneName, timeZoneSearch } from '@/lib/ui/time-zone';

const T = Date.UTC(2026, 0, 31, 14, 5, 9);

describe('time zone choice', () => {
  it('reads tz=utc from the URL and defaults to the browser zone', () => {
    expect(parseTimeZone(new URLSearchParams('tz=utc'))).toBe('utc');
    expect(parseTimeZone({ tz: 'UTC' })).toBe('utc');
    expect(parseTimeZone({ tz: 'Mars/Olympus' })).toBe('local');
    expect(parseTimeZone({})).toBe('local');
  });

  it('writes the choice into the query and keeps the other parameters', () => {
    expect(timeZoneSearch('utc', new URLSearchParams('range=6h&refresh=5s'))).toBe('range=6h&refresh=5s&tz=utc');
    expect(timeZoneSearch('local', new URLSearchParams('range=6h&tz=utc'))).toBe('range=6h');
  });

  it('names the zone it shows', () => {
    expect(timeZoneName('utc', 'Europe/Berlin')).toBe('UTC');
    expect(timeZoneName('local', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(timeZoneName('local', undefined)).toBe('browser time');
  });

  it('formats axes and tooltips in UTC, 24-hour', () => {
    expect(formatTick(T, 3_600_000, true)).toBe('14:05');
    expect(formatDateTime(Date.UTC(2026, 0, 31, 23, 5, 9), true)).toBe('Jan 31 23:05:09');
  });
});

describe('custom range inputs', () => {
  it('show and read 24-hour times in UTC', () => {
    expect(formatRangeInput(Date.UTC(2026, 0, 31, 21, 7), 'utc')).toBe('2026-01-31 21:07');
    expect(parseRangeInput('2026-01-31 21:07', 'utc')).toBe(Date.UTC(2026, 0, 31, 21, 7));
    expect(parseRangeInput(' 2026-01-31T21:07 ', 'utc')).toBe(Date.UTC(2026, 0, 31, 21, 7));
  });

  it('round-trip in the browser zone', () => {
    const ms = new Date(2026, 5, 15, 9, 30).getTime();
    expect(formatRangeInput(ms, 'local')).toBe('2026-06-15 09:30');
    expect(parseRangeInput('2026-06-15 09:30', 'local')).toBe(ms);
  });

  it('refuse what is not a real time instead of rolling it over', () => {
    expect(parseRangeInput('2026-02-30 10:00', 'utc')).toBeNull();
    expect(parseRangeInput('2026-01-31 24:00', 'utc')).toBeNull();
    expect(parseRangeInput('2026-01-31 9:00 PM', 'utc')).toBeNull();
    expect(parseRangeInput('', 'local')).toBeNull();
  });
});

describe('legend state', () => {
  it('hides a series and shows it again without changing the set it was given', () => {
    const none = new Set<string>();
    const hidden = toggleHidden(none, 'cpu.user');
    expect(isShown(hidden, 'cpu.user')).toBe(false);
    expect(isShown(hidden, 'cpu.system')).toBe(true);
    expect(none.size).toBe(0);
    expect(isShown(toggleHidden(hidden, 'cpu.user'), 'cpu.user')).toBe(true);
  });

  it('says the value is the latest, and when the series is hidden', () => {
    expect(legendItemLabel('User', '3 %', true)).toBe('User, latest 3 %');
    expect(legendItemLabel('User', '3 %', false)).toBe('User, latest 3 %, hidden');
  });
});

describe('axis labels', () => {
  it('keep number and unit together so the axis does not wrap them', () => {
    expect(axisTickLabel('rate', 10 * 1024 * 1024)).toBe('10\u00a0MiB/s');
    expect(axisTickLabel('pct', 50)).toBe('50\u00a0%');
    expect(axisTickLabel('number', 2)).toBe('2');
  });
});

describe('zoomOut', () => {
  const now = Date.UTC(2026, 0, 31, 15);
  it('doubles the window around its middle', () => {
    expect(zoomOut({ from: now - 4 * 3_600_000, to: now - 2 * 3_600_000 }, now)).toEqual({ kind: 'custom', from: now - 4 * 3_600_000 - 3_600_000, to: now - 3_600_000 });
  });
  it('does not end after now, and stops at 30 days', () => {
    expect(zoomOut({ from: now - 600_000, to: now }, now)).toEqual({ kind: 'custom', from: now - 1_200_000, to: now });
    const wide = zoomOut({ from: now - 20 * 86_400_000, to: now }, now);
    expect(wide.kind === 'custom' && wide.to - wide.from).toBe(30 * 86_400_000);
  });
});
