import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessSampler } from '@/collector/proc/processes';
import { isSecretName, REDACTED, redactArgs, redactCmdline, redactCommandLine } from '@/collector/redact-args';

const R = REDACTED;
const HOST_TOKEN = 'hwh_Abcdefghijklmnopqrstuvwxyz0';

/** argv as the kernel gives it → the line that may leave the host. */
const ARGV_FIXTURES: [string[], string][] = [
  [['hostwatch-collector', '--token', HOST_TOKEN], `hostwatch-collector --token ${R}`],
  [['app', '--token=abc123', '--port', '8080'], `app --token=${R} --port 8080`],
  [['app', '--password', 'hunter2', '--user', 'bob'], `app --password ${R} --user bob`],
  [['app', '--password=hunter 2 with spaces'], `app --password=${R}`],
  [['app', '--db-password=x', '--api-key', 'k', '--client_secret', 's', '--authToken', 't'], `app --db-password=${R} --api-key ${R} --client_secret ${R} --authToken ${R}`],
  [['java', '-Djavax.net.ssl.keyStorePassword=changeit', '-Xmx1g', '-jar', 'a.jar'], `java -Djavax.net.ssl.keyStorePassword=${R} -Xmx1g -jar a.jar`],
  [['env', 'PGPASSWORD=pg', 'AWS_SECRET_ACCESS_KEY=aws', 'GITHUB_TOKEN=gh', 'STRIPE_KEY=sk', 'MYSQL_PWD=my', 'LANG=C'], `env PGPASSWORD=${R} AWS_SECRET_ACCESS_KEY=${R} GITHUB_TOKEN=${R} STRIPE_KEY=${R} MYSQL_PWD=${R} LANG=C`],
  [['curl', '-H', 'Authorization: Bearer abc.def', 'https://api.example/x'], `curl -H Authorization: ${R} https://api.example/x`],
  [['curl', '-H', 'X-Api-Key: k123', '-H', 'Accept: text/plain'], `curl -H X-Api-Key: ${R} -H Accept: text/plain`],
  [['curl', '-u', 'admin:s3cret', 'https://h/'], `curl -u admin:${R} https://h/`],
  [['curl', '--user=admin:s3cret', 'https://h/'], `curl --user=admin:${R} https://h/`],
  [['worker', `--upstream=https://hw.example/api?token=${HOST_TOKEN}&x=1`], `worker --upstream=https://hw.example/api?token=${R}&x=1`],
  [['fetch', 'https://h/cb?code=1&access_token=zzz&state=2'], `fetch https://h/cb?code=1&access_token=${R}&state=2`],
  [['proxy', 'redis://:redispass@10.0.0.1:6379/0', 'postgres://app:pg%40pw@db/app'], `proxy redis://:${R}@10.0.0.1:6379/0 postgres://app:${R}@db/app`],
  [['git', 'clone', 'https://user:p@ss@git.example/repo.git'], `git clone https://user:${R}@git.example/repo.git`],
  [['sh', '-c', `echo ${HOST_TOKEN} | other hws_0123456789abcdefghijkl`], `sh -c echo hwh_${R} | other hws_${R}`],
  [['app', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl'], `app ${R}`],
  [['app', '--config-json', '{"user":"a","password":"p w","port":1}'], `app --config-json {"user":"a","password":"${R}","port":1}`],
  [['mysql', '-uroot', '-psecret', 'db'], `mysql -uroot -p${R} db`],
  [['/usr/bin/redis-cli', '-a', 'redispw', 'ping'], `/usr/bin/redis-cli -a ${R} ping`],
  [['sshpass', '-p', 'pw', 'ssh', 'host'], `sshpass -p ${R} ssh host`],
  [['psql', 'host=db user=app password=pw sslmode=require'], `psql host=db user=app password=${R} sslmode=require`],
  // What is about a secret, not the secret, stays: files, switches, types.
  [['app', '--password-file', '/run/secrets/db', '--token-type', 'bearer', '--no-auth', '/srv'], 'app --password-file /run/secrets/db --token-type bearer --no-auth /srv'],
  [['docker', 'login', '--password-stdin', '-u', 'bob', 'registry'], 'docker login --password-stdin -u bob registry'],
  [['ssh', '-p', '2222', 'git@github.com'], 'ssh -p 2222 git@github.com'],
  [['nginx:', 'worker', 'process'], 'nginx: worker process'],
  [['node', 'server.js', '--port=3000', 'https://example.com:8443/path'], 'node server.js --port=3000 https://example.com:8443/path'],
];

describe('redacting secrets from command lines', () => {
  it.each(ARGV_FIXTURES)('%j', (argv, expected) => {
    expect(redactArgs(argv).join(' ')).toBe(expected);
    // From /proc: NUL-separated with a trailing NUL.
    expect(redactCmdline(`${argv.join('\0')}\0`)).toBe(expected);
  });

  it('redacts a line already joined by spaces (systeminformation), including a header split into words', () => {
    expect(redactCommandLine(`curl -H Authorization: Bearer abc https://h/`)).toBe(`curl -H Authorization: Bearer ${R} https://h/`);
    expect(redactCommandLine(`curl -H Authorization: abc https://h/`)).toBe(`curl -H Authorization: ${R} https://h/`);
    expect(redactCommandLine(`hostwatch-collector --token ${HOST_TOKEN} --interval 5`)).toBe(`hostwatch-collector --token ${R} --interval 5`);
  });

  it('no secret survives anywhere in a fixture line', () => {
    for (const [argv, expected] of ARGV_FIXTURES) {
      for (const secret of ['hunter2', 'abc123', 'changeit', 's3cret', 'redispass', 'zzz', HOST_TOKEN.slice(4), 'pg%40pw', 'redispw']) {
        if (!argv.join(' ').includes(secret)) continue;
        expect(expected).not.toContain(secret);
      }
    }
  });

  it('names secret settings by their words, not by substrings of unrelated words', () => {
    for (const n of ['password', 'PGPASSWORD', 'db_pass', 'MYSQL_PWD', 'apiKey', 'api-key', 'AWS_SECRET_ACCESS_KEY', 'access_token', 'auth', 'client-secret', 'key', 'session_cookie']) {
      expect(isSecretName(n), n).toBe(true);
    }
    for (const n of ['port', 'user', 'keyboard', 'passes', 'author', 'password-file', 'token_path', 'no-auth', 'keys', 'monkey']) {
      expect(isSecretName(n), n).toBe(false);
    }
  });
});

describe('the /proc process sampler ships redacted command lines', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hw-redact-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('in the top list and for watched-pattern matching', () => {
    const proc = path.join(root, 'proc');
    const pid = path.join(proc, '4242');
    mkdirSync(pid, { recursive: true });
    writeFileSync(path.join(pid, 'stat'), '4242 (agent) S 1 4242 4242 0 -1 4194560 100 0 0 0 50 10 0 0 20 0 1 0 100 1000000 250 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n');
    writeFileSync(path.join(pid, 'status'), 'Name:\tagent\nUid:\t0\t0\t0\t0\n');
    writeFileSync(path.join(pid, 'cmdline'), `/usr/bin/agent\0--token\0${HOST_TOKEN}\0--password=hunter2\0`);
    writeFileSync(path.join(root, 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    const sampler = new ProcessSampler({ procRoot: proc, passwdPath: path.join(root, 'passwd'), pageSize: 4096, clockTicks: 100 });
    // A pattern holding the secret must not match: a count would let the server guess it piece by piece.
    sampler.setWatch(['hunter2', HOST_TOKEN.slice(0, 10), '--token', 'agent']);
    const summary = sampler.sample(1000, 100_000, 8e9, 1_700_000_000, 100);
    const top = summary.top.find((p) => p.pid === 4242);
    expect(top?.command).toBe(`/usr/bin/agent --token ${R} --password=${R}`);
    expect(summary.watched).toEqual([
      { pattern: 'hunter2', count: 0 },
      { pattern: HOST_TOKEN.slice(0, 10), count: 0 },
      { pattern: '--token', count: 1 },
      { pattern: 'agent', count: 1 },
    ]);
  });
});
