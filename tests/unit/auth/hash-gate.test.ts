import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HASH_BUSY_CODE, HASH_QUEUE_MAX, hashQueueFull, withHashSlot } from '@/lib/auth/hash-gate';
import { HttpError } from '@/lib/http/http-error';
import { verifyPassword, hashPassword } from '@/lib/auth/password';

/**
 * The password hash queue (lib/auth/hash-gate.ts): one hash at a time, a
 * bounded wait for sign-in, refusals with 429 before any work. Work is real
 * scrypt or a held promise; nothing here measures time.
 */
describe('the password hash queue', () => {
  it('never runs two hashes at once', async () => {
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    };
    await Promise.all(Array.from({ length: 5 }, () => withHashSlot(work)));
    expect(most).toBe(1);
  });

  it('refuses sign-in checks past the queue with a 429 and Retry-After, before hashing; others wait their turn', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withHashSlot(() => held);
    // The held hash may itself still wait out the pacing after the previous test, so fill up to the brim.
    const queued: Promise<string>[] = [];
    while (!hashQueueFull()) queued.push(withHashSlot(async () => 'queued', { refuseWhenFull: true }));
    expect(queued.length).toBeGreaterThanOrEqual(HASH_QUEUE_MAX - 1);
    let ran = false;
    const refused = await withHashSlot(
      async () => {
        ran = true;
      },
      { refuseWhenFull: true },
    ).catch((err: unknown) => err);
    expect(ran).toBe(false);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 429, code: HASH_BUSY_CODE });
    expect(Number((refused as HttpError).headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    // An admin creating a user is not refused: it waits.
    const patient = withHashSlot(async () => 'waited');
    release();
    await first;
    expect(await Promise.all(queued)).toEqual(queued.map(() => 'queued'));
    expect(await patient).toBe('waited');
    expect(hashQueueFull()).toBe(false);
  });

  it('hashes on a thread of its own at the lowest priority, so a busy machine runs ingest first', async () => {
    await hashPassword('priority-password-1');
    const niceOf = (task: string) => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const nices = readdirSync('/proc/self/task').map(niceOf);
    expect(nices).toContain(19);
    expect(niceOf(String(process.pid))).toBeLessThan(19);
  });

  it('still hashes and verifies passwords through the queue', async () => {
    const hash = await hashPassword('queued-password-1');
    expect(await verifyPassword('queued-password-1', hash, { refuseWhenBusy: true })).toBe(true);
    expect(await verifyPassword('queued-password-2', hash)).toBe(false);
  });
});
