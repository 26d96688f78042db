import type { Sample } from '@/lib/wire/contract';

/**
 * The shapes of the series registry's entries (lib/metrics/registry.ts), apart
 * from the registry itself so that files defining families
 * (lib/metrics/host-families.ts) can be typed without importing it back.
 */

export type Unit = 'pct' | 'bytes' | 'rate' | 'number' | 'celsius';
export type Group = 'cpu' | 'memory' | 'disk' | 'network' | 'temperature' | 'containers' | 'services' | 'devices';

/**
 * Display metadata (optional, so every entry predating it still reads): the
 * host page's depth sections (lib/ui/depth-sections.ts) derive their charts
 * from it. `chart` names the chart a series is drawn on — series sharing one
 * are drawn together, so they must share a display unit; `display` is how the
 * value is formatted when it differs from the stored unit (operations per
 * second are stored whole, like byte rates, but are not bytes).
 */
export interface Display {
  chart?: string;
  display?: Unit;
  /**
   * A `number` that is a count per second (errors, drops), not a level like a load
   * average: exporters name it so (lib/export/names.ts). `rate` is per second already.
   */
  perSecond?: true;
}

export interface FamilyDef {
  /** What one entity is, for messages: "filesystem", "disk". */
  entity: string;
  /** The host page's heading for the family ("Disks"), display metadata. */
  title?: string;
  group: Group;
  /** Default per-host cap on live entities; HOSTWATCH_MAX_<FAMILY> overrides it. */
  cap: number;
  /** The family's metrics, each one series per entity. */
  metrics: Record<string, { label: string; unit: Unit } & Display>;
  /** Each entity of a sample with its value of each family metric. */
  entities: (s: Sample) => { key: string; values: Record<string, number> }[];
}
