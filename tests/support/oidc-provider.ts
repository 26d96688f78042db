import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect provider for tests: the `oidc-provider` package (the certified implementation behind
 * many IdPs) on a free loopback port. Discovery, the authorization code flow with PKCE, signed ID tokens and
 * userinfo are its own; only the login screen is ours: /interaction/<uid> asks for a login (an account id the
 * test created with setUser) and grants consent at once, so a browser test signs in like a person would.
 *
 * The client is added after the server listens (setClient), because its redirect URI names the Next server's
 * port, and that server needs this issuer's URL first.
 */
export interface TestUserClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface OidcTestProvider {
  issuer: string;
  /** Creates or replaces an account; later sign-ins (and userinfo reads) see the new claims. */
  setUser(accountId: string, claims: TestUserClaims): void;
  setClient(client: { clientId: string; clientSecret: string; redirectUris: string[] }): void;
  /** Codes exchanged at the token endpoint, with whether PKCE's verifier came along (PKCE is also required here). */
  tokenRequests(): { codeVerifier: boolean }[];
  stop(): Promise<void>;
}

const html = (body: string) => `<!doctype html><html><head><title>Test IdP</title></head><body>${body}</body></html>`;

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

export async function startOidcProvider(): Promise<OidcTestProvider> {
  const users = new Map<string, TestUserClaims>();
  const tokenLog: { codeVerifier: boolean }[] = [];
  let provider: Provider | null = null;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      res.statusCode = 500;
      res.end(`test provider: ${err.message}`);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!provider) {
      res.statusCode = 503;
      res.end('no client yet');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
    if (interaction) return interact(provider, req, res);
    return provider.callback()(req, res);
  }

  async function interact(p: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await p.interactionDetails(req, res);
    if (details.prompt.name === 'login' && req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        html(`<h1>Test identity provider</h1><form method="post"><label for="login">Login</label>
          <input id="login" name="login" autocomplete="off"><button type="submit">Sign in to the test IdP</button></form>`),
      );
      return;
    }
    if (details.prompt.name === 'login') {
      const login = (await readForm(req)).get('login') ?? '';
      if (!users.has(login)) {
        res.statusCode = 400;
        res.end(html('<p>No such test user.</p>'));
        return;
      }
      await p.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
    // Consent: granted at once, for the scopes the client asked for.
    const grant = details.grantId ? ((await p.Grant.find(details.grantId)) ?? new p.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) })) : new p.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details.missingOIDCScope as string[] | undefined;
    if (missing) grant.addOIDCScope(missing.join(' '));
    const missingClaims = details.prompt.details.missingOIDCClaims as string[] | undefined;
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    await p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration = (client: { clientId: string; clientSecret: string; redirectUris: string[] }): Configuration => ({
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, sub) {
      if (!users.has(sub)) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...users.get(sub) }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    // Everything the scopes grant only at userinfo, as many IdPs do: Hostwatch must merge it in.
    conformIdTokenClaims: true,
  });

  return {
    issuer,
    setUser: (id, claims) => void users.set(id, { ...claims }),
    setClient(client) {
      provider = new Provider(issuer, configuration(client));
      provider.proxy = false;
      provider.on('grant.success', (ctx) => tokenLog.push({ codeVerifier: typeof ctx.oidc.params?.code_verifier === 'string' }));
    },
    tokenRequests: () => [...tokenLog],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
