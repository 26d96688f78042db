/** Tokens remembered; past it the one least recently used is forgotten. */
const MAX_TOKENS = 20_000;

/**
 * Which host each token hash named the last time it was admitted here. Only
 * a hint: the store's lookup still decides every request. It lets ingest send
 * the rate-limit hit for that host together with the lookup instead of after
 * it (one round trip less on a network store). A token that stops being
 * admitted (rotated, host deleted or disabled) is forgotten at its first
 * refusal, so it can have added at most one hit to its old host's window in
 * this process. Pure.
 */
export class KnownTokens {
  private readonly hosts = new Map<string, string>();

  constructor(private readonly max = MAX_TOKENS) {}

  hostOf(tokenHash: string): string | undefined {
    return this.hosts.get(tokenHash);
  }

  remember(tokenHash: string, hostId: string): void {
    this.hosts.delete(tokenHash);
    this.hosts.set(tokenHash, hostId);
    if (this.hosts.size > this.max) this.hosts.delete(this.hosts.keys().next().value!);
  }

  forget(tokenHash: string): void {
    this.hosts.delete(tokenHash);
  }
}
