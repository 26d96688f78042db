import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getBundle } from '@/app/hostwatch-collector.mjs/route';
import { GET as getInstall } from '@/app/install.sh/route';
import { installCommand } from '@/lib/accounts/install-command';
import { renderInstallScript } from '@/lib/accounts/install-script';
import { freePort } from '../../support/redis-server';
import { buildBundle, bundle, root } from './sink';

const fallbackBundle = path.join(root, 'dist', 'hostwatch-collector-fallback.mjs');
const scriptSource = path.join(root, 'collector', 'install.sh');

const TOKEN = 'hwt_abcdefghijklmnopqrstuvwxyz012345';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

type Route = (request: Request) => Promise<Response> | Response;

/** A plain node:http server answering with the given handlers, so scripts are fetched with curl as users will. */
async function serve(routes: (url: string) => Record<string, Route>): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const table = routes(url);
  const server = http.createServer(async (req, res) => {
    const request = new Request(`${url}${req.url}`, { headers: { host: `127.0.0.1:${port}` } });
    const handler = table[new URL(request.url).pathname];
    const response = handler ? await handler(request) : new Response('no', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { url, close: () => new Promise((r) => server.close(() => r())) };
}

/** collector/install.sh with its placeholders filled as a server would. */
function scriptFor(url: string, mainSum: string, fallbackSum = ''): string {
  return readFileSync(scriptSource, 'utf8')
    .replaceAll('__HOSTWATCH_URL__', url)
    .replaceAll('__HOSTWATCH_BUNDLE_SHA256__', mainSum)
    .replaceAll('__HOSTWATCH_FALLBACK_SHA256__', fallbackSum);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous: the servers answering curl live in this process.
function run(cmd: string, args: string[], env: Record<string, string>, home: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH ?? '', HOME: home, ...env, NODE_ENV: 'production' as const } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('collector install script', () => {
  let server: { url: string; close: () => Promise<void> };
  let dir: string;
  let served: string; // the script as the real route serves it, saved to a file
  beforeAll(async () => {
    buildBundle();
    server = await serve((url) => {
      // The configured public URL the route writes into the script (read once, on the first request).
      process.env.NEXTAUTH_URL = url;
      return { '/install.sh': () => getInstall(), '/hostwatch-collector.mjs': getBundle };
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-install-'));
    served = path.join(dir, 'install.sh');
    writeFileSync(served, await (await fetch(`${server.url}/install.sh`)).text());
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const install = (args: string, env: Record<string, string> = {}) => run('sh', ['-c', `curl -fsSL ${server.url}/install.sh | sh -s -- ${args}`], env, dir);
  /** The served script run from its file by `shell`, with arguments passed as they are (newlines included). */
  const runScript = (shell: string, args: string[], env: Record<string, string> = {}) => run(shell, [served, ...args], env, dir);

  it('carries the configured public URL and the SHA-256 of both bundles as served, whatever Host or X-Forwarded-Host say', async () => {
    const text = readFileSync(served, 'utf8');
    expect(text).toContain(`URL="\${HOSTWATCH_URL:-${server.url}}"`);
    expect(text).toContain(`BUNDLE_SHA256="${sha256(readFileSync(bundle))}"`);
    expect(text).toContain(`FALLBACK_SHA256="${sha256(readFileSync(fallbackBundle))}"`);
    expect(text).not.toMatch(/__HOSTWATCH_(URL|BUNDLE_SHA256|FALLBACK_SHA256)__/);
    // The handler takes no request: nothing the client sends can reach the script.
    expect(getInstall.length).toBe(0);
    const forged = await fetch(`${server.url}/install.sh`, { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    expect(await forged.text()).toBe(text);

    const res = await getBundle(new Request(`${server.url}/hostwatch-collector.mjs`));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(readFileSync(bundle));
    expect(res.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(readFileSync(bundle)).digest('base64')}:`);
  });

  it('without a configured URL carries none (the script asks for --url), and refuses a configured URL that is not plain', async () => {
    const none = await renderInstallScript(undefined);
    expect(none.ok && none.script).toContain('URL="${HOSTWATCH_URL:-}"');
    const prefix = path.join(dir, 'root-nourl');
    writeFileSync(path.join(dir, 'nourl.sh'), none.ok ? none.script : '');
    const r = await run('sh', [path.join(dir, 'nourl.sh'), '--prefix', prefix, '--no-systemd'], { HOSTWATCH_TOKEN: TOKEN }, dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no server URL: pass --url/);
    for (const bad of ['https://hw.example/$(id)', 'https://hw.example/"x', 'https://hw.example/a b', 'https://hw.example/?q=1']) {
      expect(await renderInstallScript(bad)).toMatchObject({ ok: false });
    }
  });

  it('installs into a prefix without systemd: bundle, private config and a hardened unit, executing nothing it downloaded', async () => {
    const prefix = path.join(dir, 'root');
    const r = await install(`--prefix ${prefix} --no-systemd --interval 007`, { HOSTWATCH_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/installed collector \d+\.\d+\.\d+\S* into /);
    expect(readFileSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toEqual(readFileSync(bundle));
    // Linux has /proc: one file, the fallback bundle is neither downloaded nor installed.
    expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector-fallback.mjs'))).toBe(false);
    const conf = path.join(prefix, 'etc/hostwatch/collector.json');
    expect(statSync(conf).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(conf, 'utf8'))).toEqual({ url: server.url, token: TOKEN, interval: 7 });
    const unit = readFileSync(path.join(prefix, 'etc/systemd/system/hostwatch-collector.service'), 'utf8');
    for (const line of ['Restart=always', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'StateDirectory=hostwatch', 'User=hostwatch']) {
      expect(unit).toContain(line);
    }
    expect(unit).toMatch(/^ExecStart="\/[^"]*node" \/opt\/hostwatch\/hostwatch-collector\.mjs --config \/etc\/hostwatch\/collector\.json$/m);
    expect(unit).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(TOKEN);

    // The installed collector accepts the config it was given.
    const started = spawnSync(process.execPath, [path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'), '--config', conf, '--version'], { encoding: 'utf8' });
    expect(started.status).toBe(0);

    const un = await install(`--prefix ${prefix} --no-systemd --uninstall`);
    expect(un.status).toBe(0);
    expect(existsSync(conf)).toBe(false);
    expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toBe(false);
    expect(existsSync(path.join(prefix, 'etc/systemd/system/hostwatch-collector.service'))).toBe(false);
  });

  it('with --with-fallback (the default off Linux) installs the fallback bundle beside the main one, and removes both', async () => {
    const prefix = path.join(dir, 'root-fallback');
    const r = await install(`--prefix ${prefix} --no-systemd --with-fallback`, { HOSTWATCH_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toEqual(readFileSync(bundle));
    expect(readFileSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector-fallback.mjs'))).toEqual(readFileSync(fallbackBundle));

    const un = await install(`--prefix ${prefix} --no-systemd --uninstall`);
    expect(un.status).toBe(0);
    expect(existsSync(path.join(prefix, 'opt/hostwatch'))).toBe(false);
  });

  it('refuses to install without a token, or with a Node older than 18', async () => {
    const prefix = path.join(dir, 'root2');
    const noToken = await install(`--prefix ${prefix} --no-systemd`);
    expect(noToken.status).not.toBe(0);
    expect(noToken.stderr).toMatch(/no token/);

    const bin = path.join(dir, 'oldnode');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'node'), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo v16.20.0; else echo 16; fi\n');
    chmodSync(path.join(bin, 'node'), 0o755);
    const old = await install(`--prefix ${prefix} --no-systemd`, { HOSTWATCH_TOKEN: TOKEN, PATH: `${bin}:${process.env.PATH}` });
    expect(old.status).not.toBe(0);
    expect(old.stderr).toMatch(/Node\.js >= 18 is required \(found v16\.20\.0\)/);
    expect(existsSync(path.join(prefix, 'etc/hostwatch/collector.json'))).toBe(false);
  });

  describe('hostile values', () => {
    // What the injected unit line would create; a fixed path, as the cases are written before the temp directory exists.
    const mark = () => path.join(os.tmpdir(), `hw-install-pwned-${process.pid}`);
    const unitLines = (extra: string) => `\n[Service]\nExecStartPre=+/bin/sh -c "id > ${mark()}"${extra}`;
    const cases: { what: string; args?: (prefix: string) => string[]; env?: Record<string, string> }[] = [
      { what: '--url with newlines carrying unit lines', args: () => ['--url', `https://ok.example${unitLines('')}`] },
      { what: 'HOSTWATCH_URL with newlines', env: { HOSTWATCH_URL: `https://ok.example${unitLines('')}` } },
      { what: '--token with a newline', args: () => ['--token', `abcdefghijklmnopqrstuvwxyz${unitLines('')}`] },
      { what: 'HOSTWATCH_TOKEN with a newline', env: { HOSTWATCH_TOKEN: `abcdefghijklmnopqrstuvwxyz${unitLines('')}` } },
      { what: '--interval with a newline', args: () => ['--interval', `5${unitLines('')}`] },
      { what: '--prefix with a newline', args: (p) => ['--prefix', `${p}\nx`] },
      { what: '--url with a tab', args: () => ['--url', 'https://ok.example\t/x'] },
      { what: '--url with a carriage return', args: () => ['--url', 'https://ok.example\r'] },
      { what: '--url with an escape sequence', args: () => ['--url', 'https://ok.example/\u001b[2J'] },
      { what: '--url with non-ASCII', args: () => ['--url', 'https://öl.example'] },
    ];
    for (const shell of ['sh', 'bash']) {
      for (const c of cases) {
        it(`${shell}: refuses ${c.what}, writing nothing`, async () => {
          const prefix = path.join(dir, `hostile-${shell}`);
          const args = c.args?.(prefix) ?? [];
          const r = await runScript(shell, ['--prefix', prefix, '--no-systemd', ...args], { HOSTWATCH_TOKEN: TOKEN, ...c.env });
          expect(r.status).not.toBe(0);
          expect(r.stderr).toMatch(/: contains a control character .* or non-ASCII\n$/);
          expect(existsSync(path.join(prefix, 'etc'))).toBe(false);
          expect(existsSync(mark())).toBe(false);
        });
      }
    }

    it('refuses values that are one line but not plain: a URL with shell or unit syntax, an interval out of range', async () => {
      const prefix = path.join(dir, 'hostile-plain');
      for (const [args, message] of [
        [['--url', 'https://ok.example/$(id)'], /--url: not a plain http\(s\) URL/],
        [['--url', 'https://ok.example/%h'], /--url: not a plain http\(s\) URL/],
        [['--url', 'https://ok.example/ ExecStartPre=x'], /--url: not a plain http\(s\) URL/],
        [['--token', 'short'], /the token contains unexpected characters/],
        [['--token', 'abcdefghijklmnop"qrstuvwxyz'], /the token contains unexpected characters/],
        [['--interval', '0'], /--interval must be between 1 and 86400/],
        [['--interval', '100000'], /--interval must be between 1 and 86400/],
      ] as const) {
        const r = await runScript('sh', ['--prefix', prefix, '--no-systemd', ...args], { HOSTWATCH_TOKEN: TOKEN });
        expect({ args, status: r.status }).toEqual({ args, status: 1 });
        expect(r.stderr).toMatch(message);
      }
      expect(existsSync(path.join(prefix, 'etc'))).toBe(false);
    });

    it('quotes a node path with spaces, quotes and systemd specifiers into one ExecStart word', async () => {
      const bin = path.join(dir, 'odd dir %h $USER "q"', 'bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const prefix = path.join(dir, 'root-quoted');
      const r = await runScript('bash', ['--prefix', prefix, '--no-systemd'], { HOSTWATCH_TOKEN: TOKEN, PATH: `${bin}:${process.env.PATH}` });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const unit = readFileSync(path.join(prefix, 'etc/systemd/system/hostwatch-collector.service'), 'utf8');
      const quoted = `${bin}/node`.replaceAll('"', '\\"').replaceAll('%', '%%').replaceAll('$', () => '$$'); // a function: in a replacement string "$$" is one "$"
      expect(unit).toContain(`\nExecStart="${quoted}" /opt/hostwatch/hostwatch-collector.mjs --config /etc/hostwatch/collector.json\n`);
    });
  });

  it('refuses plain http to another machine unless --allow-insecure-http, before downloading anything', async () => {
    const prefix = path.join(dir, 'root-http');
    const r = await runScript('sh', ['--prefix', prefix, '--no-systemd', '--url', 'http://192.0.2.10:3000'], { HOSTWATCH_TOKEN: TOKEN });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/plain http to 192\.0\.2\.10:3000 would send the token unencrypted; use https, or pass --allow-insecure-http/);
    expect(existsSync(path.join(prefix, 'opt'))).toBe(false);
    // A look-alike of loopback is another machine.
    const lookalike = await runScript('sh', ['--prefix', prefix, '--no-systemd', '--url', 'http://127.0.0.1.evil.example'], { HOSTWATCH_TOKEN: TOKEN });
    expect(lookalike.stderr).toMatch(/plain http to 127\.0\.0\.1\.evil\.example would send the token unencrypted/);
  });

  it('a copy of the script that no server filled in refuses to download a bundle it cannot check', async () => {
    const prefix = path.join(dir, 'root-raw');
    const r = await run('sh', [scriptSource, '--prefix', prefix, '--no-systemd', '--url', server.url], { HOSTWATCH_TOKEN: TOKEN }, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/this copy of install\.sh carries no checksum for the collector bundle/);
    expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toBe(false);
  });

  describe('a bundle that is not what the server announced', () => {
    const ran = () => path.join(dir, 'evil-ran');
    // Writes a file if anything ever executes it; otherwise looks like a collector build.
    const evil = () => `#!/usr/bin/env node\n// hostwatch-collector 9.9.9\nimport { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(ran())}, 'uid ' + process.getuid());\n`;
    let evilServer: { url: string; close: () => Promise<void> };
    let announced = '';
    beforeAll(async () => {
      evilServer = await serve((url) => ({
        '/install.sh': () => new Response(scriptFor(url, announced)),
        '/hostwatch-collector.mjs': () => new Response(evil()),
      }));
    });
    afterAll(() => evilServer.close());
    const installFrom = (prefix: string) =>
      run('sh', ['-c', `curl -fsSL ${evilServer.url}/install.sh | sh -s -- --prefix ${prefix} --no-systemd`], { HOSTWATCH_TOKEN: TOKEN }, dir);

    it('is refused when its SHA-256 differs from the sum in the script, and never executed', async () => {
      announced = sha256(readFileSync(bundle)); // the sum of the real bundle; the download is another file
      const prefix = path.join(dir, 'root-tampered');
      const r = await installFrom(prefix);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/the collector bundle does not match the SHA-256 the server announced \(got [0-9a-f]{64}, expected [0-9a-f]{64}\): not installed/);
      expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toBe(false);
      expect(existsSync(path.join(prefix, 'etc/hostwatch/collector.json'))).toBe(false);
      expect(existsSync(ran())).toBe(false);
    });

    it('even when it matches, the installer reads its version without executing it (it runs as root)', async () => {
      announced = sha256(evil());
      const prefix = path.join(dir, 'root-matching');
      const r = await installFrom(prefix);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/installed collector 9\.9\.9 into /);
      expect(existsSync(ran())).toBe(false);
    });
  });

  describe('the install command the server generates', () => {
    /**
     * sudo resets the environment (env_reset) and keeps only what --preserve-env names; this
     * stand-in does the same, and records the arguments of the command it runs, so the test sees
     * what every local user could read in ps.
     */
    let bin: string;
    let argvLog: string;
    beforeAll(() => {
      bin = path.join(dir, 'sudo-bin');
      argvLog = path.join(dir, 'sudo-argv.log');
      mkdirSync(bin, { recursive: true });
      writeFileSync(
        path.join(bin, 'sudo'),
        [
          '#!/bin/bash',
          'keep=()',
          'while [[ $# -gt 0 ]]; do case "$1" in --preserve-env=*) IFS=, read -ra keep <<< "${1#--preserve-env=}"; shift ;; -*) shift ;; *) break ;; esac; done',
          `printf '%s\\n' "$*" >> ${JSON.stringify(argvLog)}`,
          'vars=(PATH="$PATH" HOME="$HOME")',
          'for v in "${keep[@]}"; do [[ -v $v ]] && vars+=("$v=${!v}"); done',
          'exec env -i "${vars[@]}" "$@"',
          '',
        ].join('\n'),
      );
      chmodSync(path.join(bin, 'sudo'), 0o755);
    });

    it('hands the token over in the environment, through sudo, and never as an argument', async () => {
      const prefix = path.join(dir, 'root-command');
      const command = `${installCommand(server.url, TOKEN)} --prefix ${prefix} --no-systemd`;
      const r = await run('sh', ['-c', command], { PATH: `${bin}:${process.env.PATH}` }, dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(readFileSync(path.join(prefix, 'etc/hostwatch/collector.json'), 'utf8')).token).toBe(TOKEN);
      const argv = readFileSync(argvLog, 'utf8');
      expect(argv).toContain(`sh -s -- --url ${server.url} --prefix ${prefix} --no-systemd`);
      expect(argv).not.toContain(TOKEN);

      // The stand-in does reset the environment: without --preserve-env the token does not arrive.
      const dropped = await run('sh', ['-c', command.replace(' --preserve-env=HOSTWATCH_TOKEN', '')], { PATH: `${bin}:${process.env.PATH}` }, dir);
      expect(dropped.status).toBe(1);
      expect(dropped.stderr).toMatch(/no token/);
    });
  });
});
