import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUrl, defaultSpoolDir, helpText, parseOptions, SPECS } from '@/collector/cli';

describe('collector options', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const noConfig = () => {
    writeFileSync(path.join(dir, 'empty.json'), '{}');
    return { HOSTWATCH_CONFIG: path.join(dir, 'empty.json') };
  };
  const config = (obj: object, mode = 0o600) => {
    const file = path.join(dir, 'collector.json');
    writeFileSync(file, JSON.stringify(obj));
    chmodSync(file, mode);
    return file;
  };

  it('has defaults', () => {
    const o = parseOptions([], { XDG_STATE_HOME: '/tmp/xdg' }, 1000);
    expect(o).toMatchObject({ interval: 5, postInterval: 10, spoolMaxMb: 50, once: false, spoolDir: '/tmp/xdg/hostwatch/spool' });
  });

  it('takes flag over env over config file over default', () => {
    const file = config({ url: 'https://file', interval: 7, postInterval: 20, spoolMaxMb: 5 });
    const env = { HOSTWATCH_CONFIG: file, HOSTWATCH_URL: 'https://env', HOSTWATCH_INTERVAL: '3' };
    const o = parseOptions(['--url', 'https://flag'], env);
    expect(o).toMatchObject({ url: 'https://flag', interval: 3, postInterval: 20, spoolMaxMb: 5 });
    expect(parseOptions(['--interval=2', '--once'], env)).toMatchObject({ interval: 2, once: true, url: 'https://env' });
  });

  it('names the option in one line when a value is bad', () => {
    expect(() => parseOptions(['--interval', '0.5'], noConfig())).toThrow('--interval: must be at least 1, got 0.5');
    expect(() => parseOptions(['--interval', 'soon'], noConfig())).toThrow('--interval: must be a number, got "soon"');
    expect(() => parseOptions([], { ...noConfig(), HOSTWATCH_SPOOL_MAX_MB: '-1' })).toThrow('HOSTWATCH_SPOOL_MAX_MB: must be at least 0.1');
    expect(() => parseOptions(['--simulate', '2.5'], noConfig())).toThrow('--simulate: must be a whole number');
    expect(() => parseOptions(['--bogus'], noConfig())).toThrow('unknown option --bogus');
    expect(() => parseOptions(['--url'], noConfig())).toThrow('--url: needs a value');
    expect(() => parseOptions(['--log-level', 'loud'], noConfig())).toThrow('--log-level');
    expect(() => parseOptions([], { HOSTWATCH_CONFIG: config({ intervall: 5 }) })).toThrow('unknown key "intervall"');
    expect(() => parseOptions([], { HOSTWATCH_CONFIG: config({ interval: 'x' }) })).toThrow('--config key interval: must be a number');
    expect(() => parseOptions(['--config', path.join(dir, 'absent.json')], {})).toThrow('--config: cannot read');
  });

  it('refuses a config file holding a token unless only its owner can read it', () => {
    const file = config({ url: 'https://x', token: 'secret-token' }, 0o644);
    expect(() => parseOptions([], { HOSTWATCH_CONFIG: file })).toThrow(/mode 0644; run: chmod 600/);
    chmodSync(file, 0o600);
    expect(parseOptions([], { HOSTWATCH_CONFIG: file }).token).toBe('secret-token');
    const noToken = config({ url: 'https://x' }, 0o644);
    expect(parseOptions([], { HOSTWATCH_CONFIG: noToken }).url).toBe('https://x');
  });

  it('refuses plain http beyond loopback unless allowed', () => {
    expect(checkUrl('http://127.0.0.1:3000', false).port).toBe('3000');
    expect(checkUrl('http://localhost:3000', false).hostname).toBe('localhost');
    expect(checkUrl('http://[::1]:3000', false).hostname).toBe('[::1]');
    expect(() => checkUrl('http://monitor.example.com', false)).toThrow(/--url: plain http .* --allow-insecure-http/);
    expect(checkUrl('http://monitor.example.com', true).protocol).toBe('http:');
    expect(() => checkUrl('ftp://x', false)).toThrow('--url: must start with https://');
    expect(() => checkUrl('not a url', false)).toThrow('is not a URL');
  });

  it('picks a spool directory that suits the account', () => {
    expect(defaultSpoolDir({ STATE_DIRECTORY: '/var/lib/hostwatch' }, 999)).toBe('/var/lib/hostwatch/spool');
    expect(defaultSpoolDir({}, 0)).toBe('/var/lib/hostwatch/spool');
  });

  it('documents every option in --help', () => {
    const help = helpText();
    for (const s of SPECS) expect(help).toContain(`--${s.flag}`);
  });
});
