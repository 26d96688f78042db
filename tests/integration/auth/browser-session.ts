/**
 * A cookie-keeping HTTP client that signs in the way the login page does:
 * GET /api/auth/csrf, then POST the credentials callback with json=true.
 * Mutations send the server's own Origin, as a browser on our pages would.
 */
export interface Answer {
  status: number;
  headers: Headers;
  // Replies are asserted field by field in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

const rand = () => Math.floor(Math.random() * 254) + 1;

export class BrowserSession {
  private readonly cookies = new Map<string, string>();

  /**
   * Each session claims its own client address (X-Forwarded-For, believed because test servers trust loopback as
   * their proxy, tests/support/next-server.ts), so sign-in limits of one test do not touch another.
   */
  constructor(
    readonly baseUrl: string,
    readonly address: string = `10.${rand()}.${rand()}.${rand()}`,
  ) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((k) => k.includes('session-token'));
  }

  async request(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = {
      ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
      ...(this.address ? { 'x-forwarded-for': this.address } : {}),
      ...(method !== 'GET' ? { origin: this.baseUrl } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...opts.headers,
    };
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: opts.form ? new URLSearchParams(opts.form).toString() : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      redirect: 'manual',
    });
    this.remember(res);
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, json };
  }

  /** Signs in (with a two-factor `code` when given); resolves with the credentials callback's answer (200 on success, 401, 429, 503). */
  async signIn(email: string, password: string, code?: string): Promise<Answer> {
    const csrf = await this.request('GET', '/api/auth/csrf');
    return this.request('POST', '/api/auth/callback/credentials', {
      form: { csrfToken: csrf.json.csrfToken, email, password, json: 'true', callbackUrl: '/', ...(code === undefined ? {} : { code }) },
    });
  }

  async signOut(): Promise<Answer> {
    const csrf = await this.request('GET', '/api/auth/csrf');
    return this.request('POST', '/api/auth/signout', { form: { csrfToken: csrf.json.csrfToken, json: 'true' } });
  }
}

/** The error code next-auth put in a failed sign-in's redirect URL. */
export function signInError(answer: Answer): string | null {
  const url = answer.json?.url as string | undefined;
  return url ? new URL(url).searchParams.get('error') : null;
}
