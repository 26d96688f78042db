import type { SeriesValue } from '@/lib/metrics/align';
import type { FamilyName, Group, Unit } from '@/lib/metrics/registry';
import type { Sample } from '@/lib/wire/contract';

/** What a backtest may know of the host beyond its stored series. */
export interface HistoryContext {
  /** Logical CPUs (the length of a sample's cpu.cores). */
  cores?: number;
}

/**
 * How a backtest rebuilds a signal from stored history:
 * - `series`: one stored scalar series is the signal;
 * - `family`: the series `<metric>:<entity>` of each entity;
 * - `derived`: computed from stored series (`needs`), per row;
 * - `none`: history does not keep what the signal needs.
 */
export type HistorySource =
  | { kind: 'series'; series: string }
  | { kind: 'family'; metric: string }
  | {
      kind: 'derived';
      needs: string[];
      /** The signal's avg/min/max for one row, or undefined when the row lacks a needed series. */
      compute: (values: Record<string, SeriesValue>, ctx: HistoryContext) => SeriesValue | undefined;
      /** Context the computation cannot do without. */
      requires?: 'cores';
    }
  | { kind: 'none'; reason: string };

interface SignalBase {
  name: string;
  /** For lists and messages: "CPU", "Filesystem used". */
  label: string;
  /** The registry unit: physical range of thresholds and formatting. */
  unit: Unit;
  /** Appended after the formatted number when the unit alone does not say what is counted ("errors/s"). */
  suffix?: string;
  group: Group;
  history: HistorySource;
}

export interface ScalarSignal extends SignalBase {
  family?: undefined;
  read: (s: Sample) => number | undefined;
}

export interface EntityValue {
  entity: string;
  value: number;
}

export interface FamilySignal extends SignalBase {
  /** The registry family whose entities it has (entity kind). */
  family: FamilyName;
  /** One entity, for messages: "filesystem". */
  entityKind: string;
  /** The metric part of a message: "Filesystem / used". */
  metricLabel: string;
  entities: (s: Sample) => EntityValue[];
}

export type Signal = ScalarSignal | FamilySignal;
