import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/collector/log';
import { WatchList } from '@/collector/watch-list';
import { argv0Basename, countWatched, joinCmdline } from '@/collector/watch-match';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function logLines() {
  const lines: string[] = [];
  return { lines, log: createLogger('debug', (l) => lines.push(l)) };
}

describe('WatchList (the patterns kept beside the spool)', () => {
  it('survives a restart, and rewrites its file only when the list changes', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-watchlist-'));
    const file = path.join(dir, 'watch.json');
    const first = WatchList.open(dir);
    expect(first.patterns).toEqual([]);
    expect(first.update(['nginx', 'sshd', 'nginx'])).toBe(true);
    expect(first.patterns).toEqual(['nginx', 'sshd']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ watch: ['nginx', 'sshd'] });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The same list again: no write (a rename would give the file a new inode).
    const ino = statSync(file).ino;
    expect(first.update(['nginx', 'sshd'])).toBe(false);
    expect(statSync(file).ino).toBe(ino);

    expect(WatchList.open(dir).patterns).toEqual(['nginx', 'sshd']);
    expect(first.update([])).toBe(true);
    expect(WatchList.open(dir).patterns).toEqual([]);
  });

  it('ignores a damaged or out-of-contract file, saying so, and starts with no patterns', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-watchlist-'));
    const file = path.join(dir, 'watch.json');
    for (const bad of ['{"watch":["ngi', '{"watch":"nginx"}', `{"watch":["${'x'.repeat(129)}"]}`, 'null', '{"watch":[""]}']) {
      writeFileSync(file, bad);
      const { lines, log } = logLines();
      expect(WatchList.open(dir, log).patterns, bad).toEqual([]);
      expect(lines.join(''), bad).toMatch(/WARN ignoring an unusable watched-patterns file/);
    }
  });

  it('keeps counting from memory when the file cannot be written', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-watchlist-'));
    const { lines, log } = logLines();
    const list = WatchList.open(path.join(dir, 'missing-dir'), log);
    expect(list.update(['sshd'])).toBe(true);
    expect(list.patterns).toEqual(['sshd']);
    expect(lines.join('')).toMatch(/WARN could not save the watched process patterns/);
  });
});

describe('watch matching', () => {
  it('takes argv[0]’s basename and joins arguments as ps shows them', () => {
    expect(argv0Basename('/usr/sbin/nginx\0-g\0daemon off;\0')).toBe('nginx');
    expect(argv0Basename('nginx: worker process')).toBe('nginx: worker process');
    expect(argv0Basename('')).toBe('');
    expect(joinCmdline('/bin/sh\0-c\0sleep 1\0\0')).toBe('/bin/sh -c sleep 1');
    expect(joinCmdline('')).toBe('');
  });

  it('counts each pattern over a whole list, 0 included', () => {
    const list = [
      { name: 'nginx', argv0: 'nginx', command: 'nginx: master process' },
      { name: 'nginx', argv0: 'nginx', command: 'nginx: worker process' },
      { name: 'long-daemon-nam', argv0: 'long-daemon-name', command: '' },
      { name: 'kworker/0:1', argv0: '', command: '' },
    ];
    expect(countWatched(['nginx', 'worker', 'long-daemon-name', 'kworker', 'absent'], list)).toEqual([
      { pattern: 'nginx', count: 2 },
      { pattern: 'worker', count: 1 },
      { pattern: 'long-daemon-name', count: 1 },
      { pattern: 'kworker', count: 0 },
      { pattern: 'absent', count: 0 },
    ]);
  });
});
