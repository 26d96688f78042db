import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('the Prometheus settings', () => {
  it('leave remote write off and cap a scrape at 2,000 hosts by default', () => {
    expect(parseConfig({}).export).toEqual({ prometheusMaxHosts: 2000, remoteWrite: null });
  });

  it('turn remote write on with a URL, with bearer or basic auth and a queue bound', () => {
    const url = 'https://mimir.example.com/api/v1/push';
    expect(parseConfig({ HOSTWATCH_REMOTE_WRITE_URL: url }).export.remoteWrite).toEqual({ url, auth: { kind: 'none' }, queueSamples: 100_000 });
    expect(parseConfig({ HOSTWATCH_REMOTE_WRITE_URL: url, HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN: 't0k' }).export.remoteWrite?.auth).toEqual({ kind: 'bearer', token: 't0k' });
    const basic = parseConfig({ HOSTWATCH_REMOTE_WRITE_URL: url, HOSTWATCH_REMOTE_WRITE_USERNAME: 'u', HOSTWATCH_REMOTE_WRITE_PASSWORD: 'p', HOSTWATCH_REMOTE_WRITE_QUEUE_SAMPLES: '5000' });
    expect(basic.export.remoteWrite).toMatchObject({ auth: { kind: 'basic', username: 'u', password: 'p' }, queueSamples: 5000 });
  });

  it('refuse another scheme, credentials in the URL, both kinds of auth, half of basic auth, and bounds outside their range', () => {
    expect(problemsOf({ HOSTWATCH_REMOTE_WRITE_URL: 'file:///etc/passwd' })).toEqual(['HOSTWATCH_REMOTE_WRITE_URL must be an http:// or https:// URL']);
    expect(problemsOf({ HOSTWATCH_REMOTE_WRITE_URL: 'ftp://example.com/x' })).toEqual(['HOSTWATCH_REMOTE_WRITE_URL must be an http:// or https:// URL']);
    expect(problemsOf({ HOSTWATCH_REMOTE_WRITE_URL: 'https://u:p@example.com/x' })[0]).toMatch(/^HOSTWATCH_REMOTE_WRITE_URL must not hold credentials/);
    expect(problemsOf({ HOSTWATCH_REMOTE_WRITE_URL: 'https://x.example', HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN: 't', HOSTWATCH_REMOTE_WRITE_USERNAME: 'u', HOSTWATCH_REMOTE_WRITE_PASSWORD: 'p' })[0]).toMatch(/exclude each other/);
    expect(problemsOf({ HOSTWATCH_REMOTE_WRITE_URL: 'https://x.example', HOSTWATCH_REMOTE_WRITE_USERNAME: 'u' })[0]).toMatch(/go together/);
    expect(problemsOf({ HOSTWATCH_REMOTE_WRITE_QUEUE_SAMPLES: '10' })).toEqual(['HOSTWATCH_REMOTE_WRITE_QUEUE_SAMPLES must be at least 1000']);
    expect(problemsOf({ HOSTWATCH_PROMETHEUS_MAX_HOSTS: '1000000' })).toEqual(['HOSTWATCH_PROMETHEUS_MAX_HOSTS must be at most 100000']);
  });
});
