import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A stand-in for GitHub on a loopback port, speaking the parts Hostwatch uses: the OAuth web flow
 * (GET /login/oauth/authorize, POST /login/oauth/access_token) and the REST API (/user, /user/emails, /user/orgs,
 * /user/teams) with the answers' shapes as GitHub documents them. It is not GitHub: the tests say so, and the
 * server reaches it through HOSTWATCH_GITHUB_URL and HOSTWATCH_GITHUB_API_URL (the GitHub Enterprise settings).
 *
 * Authorize signs in as the account the test chose (signInAs) at once, as GitHub does for a user who approved
 * the app before. Codes are single-use and bound to the client and redirect URI, like GitHub's.
 */
export interface GithubAccount {
  id: number;
  login: string;
  name?: string;
  emails: { email: string; primary: boolean; verified: boolean }[];
  orgs?: string[];
  teams?: { org: string; slug: string }[];
}

export interface GithubStandIn {
  url: string;
  signInAs(account: GithubAccount): void;
  stop(): Promise<void>;
}

export async function startGithubStandIn(client: { clientId: string; clientSecret: string }): Promise<GithubStandIn> {
  let current: GithubAccount | null = null;
  const codes = new Map<string, { account: GithubAccount; redirectUri: string }>();
  const tokens = new Map<string, GithubAccount>();

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
        const redirectUri = url.searchParams.get('redirect_uri') ?? '';
        if (url.searchParams.get('client_id') !== client.clientId || !current) return json(res, 400, { error: 'unknown client or no account' });
        const code = randomBytes(10).toString('hex');
        codes.set(code, { account: current, redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        const state = url.searchParams.get('state');
        if (state) back.searchParams.set('state', state);
        res.writeHead(302, { Location: back.toString() });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
        let raw = '';
        for await (const chunk of req) raw += String(chunk);
        const form = new URLSearchParams(raw);
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
        if (id !== client.clientId || secret !== client.clientSecret) return json(res, 200, { error: 'incorrect_client_credentials' });
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!grant || grant.redirectUri !== form.get('redirect_uri')) return json(res, 200, { error: 'bad_verification_code' });
        const token = `gho_${randomBytes(12).toString('hex')}`;
        tokens.set(token, grant.account);
        return json(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email,read:org' });
      }
      const account = tokens.get(/^(?:Bearer|token) (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
      if (!account) return json(res, 401, { message: 'Requires authentication' });
      if (url.pathname === '/user') return json(res, 200, { id: account.id, login: account.login, name: account.name ?? null, email: null });
      if (url.pathname === '/user/emails') return json(res, 200, account.emails.map((e) => ({ ...e, visibility: e.primary ? 'private' : null })));
      if (url.pathname === '/user/orgs') return json(res, 200, (account.orgs ?? []).map((login, i) => ({ login, id: 1000 + i })));
      if (url.pathname === '/user/teams') return json(res, 200, (account.teams ?? []).map((t, i) => ({ id: 2000 + i, slug: t.slug, organization: { login: t.org } })));
      return json(res, 404, { message: 'Not Found' });
    })().catch((err: Error) => json(res, 500, { message: err.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signInAs: (account) => void (current = account),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
