import { MAX_WATCH_PATTERNS } from '@/lib/wire/contract';
import type { AlertRule, Scope } from './schemas';

/**
 * Which hosts a rule, maintenance window or silence covers. Scopes name a
 * tag or a host, never a list, so a host added later is covered by `all`
 * and by its tags without editing the rule. Pure.
 */

export interface ScopedHost {
  id: string;
  tags: readonly string[];
}

export function inScope(scope: Scope, host: ScopedHost): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'tag':
      return host.tags.includes(scope.tag);
    case 'host':
      return scope.hostId === host.id;
  }
}

/** The enabled rules that judge this host, in the order given. */
export function rulesForHost<R extends Pick<AlertRule, 'enabled' | 'scope'>>(rules: readonly R[], host: ScopedHost): R[] {
  return rules.filter((r) => r.enabled && inScope(r.scope, host));
}

/**
 * The process patterns the host's collector must count (the ingest reply's
 * `watch`): distinct, oldest rule first, at most MAX_WATCH_PATTERNS — past
 * the cap the newest rules' patterns get no count, and their rules judge
 * nothing (unknown, never "missing").
 */
export function watchPatternsForHost(rules: readonly AlertRule[], host: ScopedHost): string[] {
  const ordered = rulesForHost(rules, host).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Set<string>();
  for (const r of ordered) {
    if (r.condition.kind !== 'process_missing') continue;
    out.add(r.condition.pattern);
    if (out.size === MAX_WATCH_PATTERNS) break;
  }
  return [...out];
}
