import { describe, expect, it } from 'vitest';
import { maskConfig, mergeSecrets, validateChannelConfig } from '@/lib/notify';
import { redact, secretFragments } from '@/lib/notify/secrets';

const SLACK_URL = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXabcd';

describe('maskConfig', () => {
  it('shows each secret as •••• and its last 4 characters, or only •••• when short; other fields as they are', () => {
    expect(maskConfig('slack', { webhookUrl: SLACK_URL })).toEqual({ webhookUrl: '••••abcd' });
    expect(maskConfig('email', { host: 'mail.example.com', port: 587, password: 'hunter2', from: 'a@example.com', to: 'b@example.com' })).toEqual({
      host: 'mail.example.com',
      port: 587,
      password: '••••',
      from: 'a@example.com',
      to: 'b@example.com',
    });
    expect(maskConfig('ntfy', { topic: 'alerts', token: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2', priority: 4 })).toEqual({ topic: 'alerts', token: '••••NIz2', priority: 4 });
  });

  it('masks every string of an unknown kind (a record written by a newer version)', () => {
    expect(maskConfig('carrier-pigeon', { coop: 'secret-coop-address-12345', birds: 3 })).toEqual({ coop: '••••2345', birds: 3 });
  });
});

describe('mergeSecrets', () => {
  const old = { host: 'mail.example.com', port: 587, username: 'me', password: 'correct horse battery', from: 'a@example.com', to: 'b@example.com' };

  it('keeps the stored secret when an edit sends it masked, empty or not at all', () => {
    for (const password of ['••••tery', '••••', '', undefined]) {
      const incoming: Record<string, unknown> = { ...old, port: 2525, password };
      if (password === undefined) delete incoming.password;
      expect(mergeSecrets('email', old, incoming)).toEqual({ ...old, port: 2525 });
    }
  });

  it('takes a new secret as sent, and removes one sent as null', () => {
    expect(mergeSecrets('email', old, { ...old, password: 'new password' })).toEqual({ ...old, password: 'new password' });
    const removed = mergeSecrets('email', old, { ...old, username: 'me', password: null });
    expect(removed).not.toHaveProperty('password');
    expect(validateChannelConfig('email', removed).ok).toBe(true);
  });

  it('a masked value never becomes the stored value, even with nothing stored', () => {
    const merged = mergeSecrets('slack', {}, { webhookUrl: '••••abcd' });
    expect(merged).toEqual({});
    expect(validateChannelConfig('slack', merged)).toEqual({ ok: false, errors: [{ field: 'webhookUrl', message: 'is required' }] });
  });

  it('round-trips with maskConfig: what the API showed, sent back unchanged, stores the original', () => {
    const stored = { webhookUrl: SLACK_URL };
    expect(mergeSecrets('slack', stored, maskConfig('slack', stored))).toEqual(stored);
  });
});

describe('redacting details', () => {
  it('removes secrets, their %-encodings and the token parts of secret URLs', () => {
    const fragments = secretFragments('telegram', { botToken: '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', chatId: '@chan' });
    expect(redact('POST /bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage failed', fragments)).toBe('POST /bot••••/sendMessage failed');
    expect(redact('token 110201543%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', fragments)).toBe('token ••••');
    const slack = secretFragments('slack', { webhookUrl: SLACK_URL });
    expect(redact('no_service for XXXXXXXXXXXXXXXXXXXXabcd at /services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXabcd', slack)).not.toMatch(/XXXXabcd|B00000000/);
    // Non-secret fields stay readable.
    expect(redact('chat @chan not found', fragments)).toBe('chat @chan not found');
  });
});

describe('validateChannelConfig', () => {
  it('returns the config with defaults, or errors naming each field', () => {
    expect(validateChannelConfig('ntfy', { topic: 'alerts' })).toEqual({ ok: true, config: { server: 'https://ntfy.sh', topic: 'alerts' } });
    expect(validateChannelConfig('ntfy', { topic: 'bad topic!', priority: 9, colour: 'red' })).toEqual({
      ok: false,
      errors: [
        { field: 'topic', message: 'must be 1–64 letters, digits, - or _' },
        { field: 'priority', message: 'must be 1 to 5' },
        { field: 'colour', message: 'is not a setting of ntfy channels' },
      ],
    });
    expect(validateChannelConfig('email', { host: 'mail.example.com', from: 'a@example.com', to: 'b@example.com', password: 'x' })).toEqual({
      ok: false,
      errors: [{ field: 'username', message: 'is required with a password' }],
    });
    expect(validateChannelConfig('pager', {})).toEqual({ ok: false, errors: [{ field: 'kind', message: '"pager" is not a kind of channel' }] });
    expect(validateChannelConfig('webhook', { url: 'ftp://example.com/x' })).toEqual({ ok: false, errors: [{ field: 'url', message: 'must be an http:// or https:// URL' }] });
    expect(validateChannelConfig('webhook', { url: 'https://example.com/x', headerName: 'X-Key' })).toEqual({
      ok: false,
      errors: [{ field: 'headerValue', message: 'headerName and headerValue go together' }],
    });
  });
});
