'use client';

import { isFamilySignal, signalByName } from '@/lib/alerts/signals';
import type { SignalInfo } from '@/lib/ui/alerts/api-types';
import { inputClass } from '@/app/_components/styles';

const GROUPS: Record<string, string> = { cpu: 'CPU and load', memory: 'Memory', disk: 'Disks and filesystems', network: 'Network', temperature: 'Temperature', containers: 'Containers',
  services: 'Services', devices: 'GPUs, drives, fans and batteries' };

function entityKindOf(name: string): string {
  const signal = signalByName(name);
  return signal && isFamilySignal(signal) ? signal.entityKind : 'entity';
}

/** The signals the server offers, grouped as the dashboard groups its charts; per-entity ones say so. */
export function SignalPicker({ signals, value, onChange, aria }: { signals: readonly SignalInfo[]; value: string; onChange: (name: string) => void; aria: Record<string, unknown> }) {
  const groups = new Map<string, SignalInfo[]>();
  for (const s of signals) {
    const g = s.group ?? signalByName(s.name)?.group ?? 'other';
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  return (
    <select className={`${inputClass} max-w-full`} value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
      {[...groups].map(([g, list]) => (
        <optgroup key={g} label={GROUPS[g] ?? g}>
          {list.map((s) => (
            <option key={s.name} value={s.name}>
              {s.label}
              {s.family ? ` — each ${s.entityKind ?? entityKindOf(s.name)}` : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
