import 'server-only';
import type { AlertEvent } from '@/lib/alerts/schemas';

/** Shared wording and colours of the channel templates: one tone per event, one colour per tone. */

export type Tone = 'critical' | 'warning' | 'resolved' | 'info';

export function toneOf(event: Pick<AlertEvent, 'kind' | 'severity'>): Tone {
  if (event.kind === 'resolved') return 'resolved';
  if (event.kind === 'acknowledged') return 'info';
  return event.severity;
}

export const TONE_COLORS: Record<Tone, number> = {
  critical: 0xd32f2f,
  warning: 0xf59e0b,
  resolved: 0x2e9d4b,
  info: 0x3b82f6,
};

export const hexColor = (tone: Tone) => `#${TONE_COLORS[tone].toString(16).padStart(6, '0')}`;

/** Cut to `max` characters (code points, so no half emoji), ending with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Control characters and line breaks become spaces: for headers, subjects and single-line fields. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An http(s) link to show, or null (the test notice may have none; a channel never links elsewhere). */
export function linkOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
