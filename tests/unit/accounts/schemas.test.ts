import { describe, expect, it } from 'vitest';
import {
  changePasswordSchema,
  createApiTokenSchema,
  createHostSchema,
  createUserSchema,
  updateHostSchema,
  updateUserSchema,
} from '@/lib/accounts/schemas';

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')} ${i.message}`);

describe('user input', () => {
  it('normalizes the email and defaults the role to viewer', () => {
    const r = createUserSchema.parse({ email: '  Jane@Example.COM ', password: 'long enough pw' });
    expect(r).toEqual({ email: 'jane@example.com', role: 'viewer', password: 'long enough pw' });
  });

  it('names each bad field', () => {
    const r = createUserSchema.safeParse({ email: 'not-an-email', password: 'short', role: 'root' });
    expect(messages(r)).toEqual(
      expect.arrayContaining(['email must be an email address', 'password must be at least 10 characters', expect.stringMatching(/^role /)]),
    );
  });

  it('needs at least one change and refuses unknown fields', () => {
    expect(updateUserSchema.safeParse({}).success).toBe(false);
    expect(updateUserSchema.safeParse({ passwordHash: 'x' }).success).toBe(false);
    expect(updateUserSchema.parse({ role: 'admin' })).toEqual({ role: 'admin' });
    expect(changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: '123456789' }).success).toBe(false);
  });
});

describe('host input', () => {
  it('trims the name and de-duplicates tags', () => {
    expect(createHostSchema.parse({ name: ' web-1 ', tags: ['prod', 'env:eu', 'prod'] })).toEqual({ name: 'web-1', tags: ['prod', 'env:eu'] });
    expect(createHostSchema.parse({ name: 'db' })).toEqual({ name: 'db', tags: [] });
  });

  it('refuses empty names, odd tags and empty patches', () => {
    expect(messages(createHostSchema.safeParse({ name: '  ' }))).toEqual(['name must not be empty']);
    expect(createHostSchema.safeParse({ name: 'x', tags: ['has space'] }).success).toBe(false);
    expect(createHostSchema.safeParse({ name: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }).success).toBe(false);
    expect(updateHostSchema.safeParse({}).success).toBe(false);
    expect(updateHostSchema.parse({ disabled: true })).toEqual({ disabled: true });
  });
});

describe('API token input', () => {
  it('defaults to read scope and no expiry', () => {
    expect(createApiTokenSchema.parse({ name: 'grafana' })).toEqual({ name: 'grafana', scope: 'read' });
    expect(createApiTokenSchema.safeParse({ name: 'x', expiresInDays: 0 }).success).toBe(false);
    expect(createApiTokenSchema.safeParse({ name: 'x', scope: 'write' }).success).toBe(false);
  });
});
