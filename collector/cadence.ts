import type { IngestReply } from '../lib/wire/contract';

const MIN_MS = 1000;
const MAX_MS = 3_600_000;
const MAX_LIVE_MS = 24 * 3_600_000;

const clamp = (v: number) => Math.min(MAX_MS, Math.max(MIN_MS, Math.round(v)));

/**
 * The sampling and posting intervals in force: the collector's own, or the
 * ones the server asked for ("live mode" while someone watches the host)
 * until the server's deadline passes.
 */
export class Cadence {
  private live: { sampleMs: number; postMs: number; untilMs: number } | null = null;

  constructor(
    private readonly own: { sampleMs: number; postMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Follow the server's reply; true when the intervals in force changed. */
  apply(reply: Pick<IngestReply, 'sampleIntervalMs' | 'postIntervalMs' | 'untilMs'>): boolean {
    const before = `${this.sampleMs}/${this.postMs}`;
    const now = this.now();
    if (reply.untilMs > now && (reply.sampleIntervalMs !== this.own.sampleMs || reply.postIntervalMs !== this.own.postMs)) {
      this.live = {
        sampleMs: clamp(reply.sampleIntervalMs),
        postMs: clamp(reply.postIntervalMs),
        untilMs: Math.min(reply.untilMs, now + MAX_LIVE_MS),
      };
    } else {
      this.live = null;
    }
    return before !== `${this.sampleMs}/${this.postMs}`;
  }

  private current(): { sampleMs: number; postMs: number } {
    if (this.live && this.live.untilMs <= this.now()) this.live = null;
    return this.live ?? this.own;
  }

  get sampleMs(): number {
    return this.current().sampleMs;
  }

  get postMs(): number {
    return this.current().postMs;
  }

  get isLive(): boolean {
    return this.current() !== this.own;
  }
}
