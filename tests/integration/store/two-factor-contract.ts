import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TwoFactorRecord } from '@/lib/store/types';
import type { BackendUnderTest } from './contract';
import { RETENTION, suiteStore } from './sample';

const record = (overrides: Partial<TwoFactorRecord> = {}): TwoFactorRecord => ({
  userId: `u-${randomUUID()}`,
  sealedSecret: 'v1.sealed-secret-text',
  enabled: false,
  lastStep: -1,
  recoveryHashes: [],
  createdAt: 1_700_000_000_000,
  enabledAt: null,
  ...overrides,
});

const hashes = (n: number) => Array.from({ length: n }, (_, i) => `${String(i).padStart(2, '0')}${'a'.repeat(62)}`);

/** The two-factor part of RecordStore: whole-record replacement, and the two atomic sign-in writes (step claim, recovery code use). */
export function twoFactorContract(name: string, backend: BackendUnderTest): void {
  describe(`two-factor records contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));

    it('stores, reads, replaces (recovery codes too) and deletes a record', async () => {
      const pending = record();
      expect(await suite.store.getTwoFactor(pending.userId)).toBeNull();
      await suite.store.putTwoFactor(pending);
      expect(await suite.store.getTwoFactor(pending.userId)).toEqual(pending);

      const enabled = { ...pending, sealedSecret: 'v1.other', enabled: true, lastStep: 56_666_667, recoveryHashes: hashes(10), enabledAt: 1_700_000_100_000 };
      await suite.store.putTwoFactor(enabled);
      expect(await suite.store.getTwoFactor(pending.userId)).toEqual(enabled);

      // A new enrolment replaces everything: the old codes are gone, not merged.
      const again = { ...pending, recoveryHashes: ['ff'.repeat(32)] };
      await suite.store.putTwoFactor(again);
      expect(await suite.store.getTwoFactor(pending.userId)).toEqual(again);
      expect(await suite.store.useRecoveryCode(pending.userId, hashes(10)[0])).toBe(false);

      expect(await suite.store.deleteTwoFactor(pending.userId)).toBe(true);
      expect(await suite.store.getTwoFactor(pending.userId)).toBeNull();
      expect(await suite.store.deleteTwoFactor(pending.userId)).toBe(false);
    });

    it('reads the records of many users at once, leaving out those without one', async () => {
      const a = record({ recoveryHashes: hashes(2) });
      const b = record({ enabled: true, enabledAt: 5 });
      await suite.store.putTwoFactor(a);
      await suite.store.putTwoFactor(b);
      const got = await suite.store.getTwoFactors([a.userId, 'nobody', b.userId]);
      expect([...got.keys()].sort()).toEqual([a.userId, b.userId].sort());
      expect(got.get(a.userId)).toEqual(a);
      expect(got.get(b.userId)).toEqual(b);
      expect((await suite.store.getTwoFactors([])).size).toBe(0);
    });

    it('claims only later steps, and nothing for a user without a record', async () => {
      const r = record({ enabled: true, lastStep: 100 });
      await suite.store.putTwoFactor(r);
      expect(await suite.store.claimTotpStep(r.userId, 100)).toBe(false);
      expect(await suite.store.claimTotpStep(r.userId, 99)).toBe(false);
      expect(await suite.store.claimTotpStep(r.userId, 101)).toBe(true);
      expect(await suite.store.claimTotpStep(r.userId, 101)).toBe(false);
      expect(await suite.store.claimTotpStep(r.userId, 103)).toBe(true);
      expect(await suite.store.claimTotpStep(r.userId, 102)).toBe(false);
      expect((await suite.store.getTwoFactor(r.userId))?.lastStep).toBe(103);
      expect(await suite.store.claimTotpStep('no-such-user', 5)).toBe(false);
      expect(await suite.store.getTwoFactor('no-such-user')).toBeNull();
    });

    it('lets exactly one of many concurrent attempts claim a step', async () => {
      const r = record({ enabled: true, lastStep: 10 });
      await suite.store.putTwoFactor(r);
      const results = await Promise.all(Array.from({ length: 25 }, () => suite.store.claimTotpStep(r.userId, 11)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await suite.store.getTwoFactor(r.userId))?.lastStep).toBe(11);
    });

    it('uses each recovery code once, even when many attempts race for it, and leaves the others', async () => {
      const codes = hashes(10);
      const r = record({ enabled: true, recoveryHashes: codes });
      await suite.store.putTwoFactor(r);
      const results = await Promise.all(Array.from({ length: 25 }, () => suite.store.useRecoveryCode(r.userId, codes[3])));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await suite.store.useRecoveryCode(r.userId, codes[3])).toBe(false);
      expect(await suite.store.useRecoveryCode(r.userId, 'not-a-code')).toBe(false);
      expect((await suite.store.getTwoFactor(r.userId))?.recoveryHashes).toEqual(codes.filter((_, i) => i !== 3));
      expect(await suite.store.useRecoveryCode('no-such-user', codes[0])).toBe(false);
    });
  });
}
