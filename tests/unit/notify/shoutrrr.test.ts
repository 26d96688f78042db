import { describe, expect, it } from 'vitest';
import { parseChannelUrl, type ParsedChannelUrl } from '@/lib/notify';

const TG_TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SLACK = 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const PO_USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const PO_APP = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';

function ok(url: string) {
  const r = parseChannelUrl(url);
  if (!r.ok) throw new Error(`expected ${url} to parse, got: ${r.error}`);
  return r;
}

function error(url: string): string {
  const r: ParsedChannelUrl = parseChannelUrl(url);
  if (r.ok) throw new Error(`expected ${url} to fail, got ${JSON.stringify(r)}`);
  return r.error;
}

describe('parseChannelUrl: discord', () => {
  it('reads token@webhookid into the webhook URL', () => {
    expect(ok('discord://AbC-def_123@987654321098765432')).toEqual({
      ok: true,
      kind: 'discord',
      config: { webhookUrl: 'https://discord.com/api/webhooks/987654321098765432/AbC-def_123' },
      ignored: [],
    });
  });

  it('keeps thread_id and username, reports cosmetic options as ignored', () => {
    const r = ok('discord://tok@123?thread_id=456&username=Hostwatch&color=0xff0000&splitLines=no');
    expect(r.config).toEqual({ webhookUrl: 'https://discord.com/api/webhooks/123/tok?thread_id=456', username: 'Hostwatch' });
    expect(r.ignored).toEqual(['color', 'splitLines']);
  });

  it('names the missing or wrong part', () => {
    expect(error('discord://123')).toBe('discord: the token is missing: expected discord://<token>@<webhook id>');
    expect(error('discord://tok@')).toMatch(/^discord: (the webhook id is missing|the URL is malformed)/);
    expect(error('discord://tok@abc')).toBe('discord: the webhook id (after @) must be digits');
    expect(error('discord://tok@123/other')).toBe('discord: unexpected path: expected discord://<token>@<webhook id>');
  });
});

describe('parseChannelUrl: slack', () => {
  const webhookUrl = `https://hooks.slack.com/services/${SLACK}`;
  it('reads the hook form', () => {
    expect(ok('slack://hook:T00000000-B00000000-XXXXXXXXXXXXXXXXXXXXXXXX@webhook').config).toEqual({ webhookUrl });
  });
  it('reads the legacy token/token/token form, with or without a bot name', () => {
    expect(ok(`slack://${SLACK}`).config).toEqual({ webhookUrl });
    const r = ok(`slack://HostBot@${SLACK}?color=good&title=Hi`);
    expect(r.config).toEqual({ webhookUrl });
    expect(r.ignored).toEqual(['color', 'title']);
  });
  it('refuses bot API tokens and malformed tokens', () => {
    expect(error('slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001CH4NN3L')).toMatch(/^slack: Slack API tokens \(xoxb\/xoxp\) are not supported/);
    expect(error('slack://hook:T000-B000-XXX@webhook')).toMatch(/^slack: the webhook token should be three parts/);
    expect(error('slack://hook:T00000000-B00000000,XXXXXXXXXXXXXXXXXXXXXXXX@webhook')).toMatch(/three parts/);
    expect(error('slack://channel')).toMatch(/^slack: expected slack:\/\/hook:/);
  });
});

describe('parseChannelUrl: telegram', () => {
  it('reads token@telegram?chats=', () => {
    expect(ok(`telegram://${TG_TOKEN}@telegram?chats=@hostwatch_alerts`)).toEqual({
      ok: true,
      kind: 'telegram',
      config: { botToken: TG_TOKEN, chatId: '@hostwatch_alerts', silent: false, apiBase: 'https://api.telegram.org' },
      ignored: [],
    });
    expect(ok(`telegram://${TG_TOKEN}@telegram?channels=-1001234567890&notification=no&preview=no`)).toMatchObject({
      config: { chatId: '-1001234567890', silent: true },
      ignored: ['preview'],
    });
  });
  it('wants exactly one chat and a well-formed token', () => {
    expect(error(`telegram://${TG_TOKEN}@telegram`)).toBe('telegram: chats is missing: add ?chats=<chat id or @channel>');
    expect(error(`telegram://${TG_TOKEN}@telegram?chats=@chan,123`)).toBe(
      'telegram: chats lists 2 chats; a Hostwatch channel sends to one, so add a channel per chat',
    );
    expect(error('telegram://notatoken@telegram?chats=1')).toMatch(/^telegram: the bot token is missing/);
    expect(error('telegram://12ab:short@telegram?chats=1')).toBe('telegram: botToken must look like 123456789:AAE… (from @BotFather)');
    expect(error(`telegram://${TG_TOKEN}@telegram?chats=bad chat`)).toMatch(/^telegram: chatId must be a numeric chat id/);
    expect(error(`telegram://${TG_TOKEN}@telegram?chats=1&notification=maybe`)).toBe('telegram: notification must be yes or no, not "maybe"');
  });
});

describe('parseChannelUrl: ntfy', () => {
  it('reads host/topic with https by default, http with ?scheme=http', () => {
    expect(ok('ntfy://ntfy.example.com/alerts').config).toEqual({ server: 'https://ntfy.example.com', topic: 'alerts' });
    expect(ok('ntfy://ntfy.lan:8080/alerts?scheme=http').config).toEqual({ server: 'http://ntfy.lan:8080', topic: 'alerts' });
  });
  it('reads user and password (%-decoded), an access token, and priority names', () => {
    expect(ok('ntfy://us%40r:p%3Ass@ntfy.sh/alerts?priority=high').config).toEqual({
      server: 'https://ntfy.sh',
      topic: 'alerts',
      username: 'us@r',
      password: 'p:ss',
      priority: 4,
    });
    expect(ok('ntfy://:tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2@ntfy.sh/alerts?priority=5').config).toMatchObject({ token: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2', priority: 5 });
    expect(ok('ntfy://ntfy.sh/alerts?tags=x&click=y').ignored).toEqual(['tags', 'click']);
  });
  it('names what is wrong', () => {
    expect(error('ntfy://ntfy.sh')).toBe('ntfy: the topic is missing: expected ntfy://host/topic');
    expect(error('ntfy://ntfy.sh/a/b')).toBe('ntfy: the topic must be one path segment: expected ntfy://host/topic');
    expect(error('ntfy://ntfy.sh/alerts?scheme=ftp')).toBe('ntfy: scheme must be http or https, not "ftp"');
    expect(error('ntfy://ntfy.sh/alerts?priority=loud')).toMatch(/^ntfy: priority must be 1–5/);
    expect(error('ntfy://ntfy.sh/bad%20topic')).toMatch(/^ntfy: topic must be 1–64 letters/);
    expect(error('ntfy://us%ZZr@ntfy.sh/alerts')).toBe('ntfy: the user part has a malformed %-escape');
  });
});

describe('parseChannelUrl: gotify', () => {
  it('reads host/token, a sub-path, priority and disabletls', () => {
    expect(ok('gotify://gotify.example.com/AzyoeNS.D4iJLVa').config).toEqual({ server: 'https://gotify.example.com', token: 'AzyoeNS.D4iJLVa' });
    expect(ok('gotify://example.com:8443/sub/path/AzyoeNS.D4iJLVa/?priority=8&disabletls=yes&title=x')).toEqual({
      ok: true,
      kind: 'gotify',
      config: { server: 'http://example.com:8443/sub/path', token: 'AzyoeNS.D4iJLVa', priority: 8 },
      ignored: ['title'],
    });
  });
  it('names what is wrong', () => {
    expect(error('gotify://gotify.example.com')).toBe('gotify: the app token is missing: expected gotify://host/<token>');
    expect(error('gotify://gotify.example.com/tok?priority=11')).toBe('gotify: priority must be a whole number from 0 to 10, not "11"');
  });
});

describe('parseChannelUrl: pushover', () => {
  it('reads shoutrrr:token@user', () => {
    expect(ok(`pushover://shoutrrr:${PO_APP}@${PO_USER}/?devices=phone,tablet&priority=1`).config).toEqual({
      userKey: PO_USER,
      appToken: PO_APP,
      device: 'phone,tablet',
      priority: 1,
      apiBase: 'https://api.pushover.net',
    });
  });
  it('names what is wrong', () => {
    expect(error(`pushover://shoutrrr@${PO_USER}`)).toMatch(/^pushover: the app token is missing/);
    expect(error(`pushover://shoutrrr:${PO_APP}@${PO_USER}?priority=2`)).toBe('pushover: priority 2 (emergency) is not supported: use −2 to 1');
    expect(error(`pushover://shoutrrr:${PO_APP}@short`)).toBe('pushover: userKey must be the 30-character user or group key from pushover.net');
  });
});

describe('parseChannelUrl: smtp', () => {
  it('reads credentials, host, port and the from/to query', () => {
    expect(ok('smtp://me%40example.com:pa%24s@mail.example.com:587/?from=alerts@example.com&to=a@example.com,b+ops@example.com&fromname=Hostwatch')).toEqual({
      ok: true,
      kind: 'email',
      config: {
        host: 'mail.example.com',
        port: 587,
        security: 'starttls',
        username: 'me@example.com',
        password: 'pa$s',
        from: 'alerts@example.com',
        fromName: 'Hostwatch',
        to: 'a@example.com,b+ops@example.com',
      },
      ignored: [],
    });
  });
  it('maps Shoutrrr encryption: 465 implicit, None and usestarttls=no in the clear, port 25 by default', () => {
    expect(ok('smtp://mail.example.com:465/?from=a@example.com&to=b@example.com').config).toMatchObject({ port: 465, security: 'tls' });
    expect(ok('smtp://mail.example.com/?from=a@example.com&to=b@example.com&usestarttls=no').config).toMatchObject({ port: 25, security: 'none' });
    expect(ok('smtp://mail.example.com:2525/?from=a@example.com&to=b@example.com&encryption=ImplicitTLS').config).toMatchObject({ security: 'tls' });
    expect(ok('smtp://mail.example.com:25/?from=a@example.com&to=b@example.com&encryption=None&subject=x').ignored).toEqual(['subject']);
  });
  it('names what is wrong', () => {
    expect(error('smtp://mail.example.com:587/?to=b@example.com')).toBe('smtp: from is missing: add ?from=<sender address>');
    expect(error('smtp://mail.example.com:587/?from=a@example.com')).toBe('smtp: to is missing: add &to=<recipient>[,<recipient>]');
    expect(error('smtp://mail.example.com:587/?from=a@example.com&to=b@example.com,nobody')).toBe('smtp: to "nobody" is not an email address');
    expect(error('smtp://mail.example.com:587/?from=a@example.com&to=b@example.com&encryption=ssl')).toMatch(/^smtp: encryption must be None, ExplicitTLS/);
    expect(error('smtp://mail.example.com:99999/?from=a@example.com&to=b@example.com')).toBe('smtp: the URL is malformed');
  });
});

describe('parseChannelUrl: teams', () => {
  const workflow = 'https://prod-00.westus.logic.azure.com:443/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-00&sig=XXXX';
  it('reads the workflow URL from ?host=', () => {
    const r = ok(`teams://?host=${encodeURIComponent(workflow)}&title=Alert`);
    expect(r.config).toEqual({ webhookUrl: workflow });
    expect(r.ignored).toEqual(['title']);
  });
  it('refuses the retired connector form with a hint', () => {
    expect(error('teams://11111111-1111-1111-1111-111111111111@22222222-2222-2222-2222-222222222222/33333333333333333333333333333333/44444444-4444-4444-4444-444444444444?host=example.webhook.office.com')).toMatch(
      /legacy Office 365 connector URL.*teams:\/\/\?host=<workflow URL>/,
    );
    expect(error('teams://?title=x')).toBe('teams: host is missing: expected teams://?host=<workflow URL>');
  });
});

describe('parseChannelUrl: generic', () => {
  it('generic:// is https unless disabletls, keeps the query, turns @header into the custom header', () => {
    expect(ok('generic://example.com/hook?token=abc&_template=keep&@X-Api-Key=s3cret&template=json&$extra=1')).toEqual({
      ok: true,
      kind: 'webhook',
      config: { url: 'https://example.com/hook?token=abc&template=keep', headerName: 'X-Api-Key', headerValue: 's3cret' },
      ignored: ['template', '$extra'],
    });
    expect(ok('generic://example.com:8080/hook?disabletls=yes').config).toEqual({ url: 'http://example.com:8080/hook' });
  });
  it('generic+https:// and generic+http:// forward the whole URL', () => {
    expect(ok('generic+https://example.com/api/v1/post?contenttype=text/plain').config).toEqual({ url: 'https://example.com/api/v1/post?contenttype=text/plain' });
    expect(ok('generic+http://10.0.0.5:9000/in').config).toEqual({ url: 'http://10.0.0.5:9000/in' });
  });
  it('names what is wrong', () => {
    expect(error('generic://example.com/hook?method=GET')).toBe('generic: method GET is not supported: Hostwatch webhooks are POST requests');
    expect(error('generic://example.com/hook?@A=1&@B=2')).toBe('generic: only one custom header (@name=value) is supported');
    expect(error('generic://example.com/hook?@Host=evil')).toBe('generic: headerName is set by Hostwatch itself');
  });
});

describe('parseChannelUrl: malformed input', () => {
  it('explains, and never repeats the URL', () => {
    expect(error('')).toBe('the URL is empty');
    expect(error('https://hooks.slack.com/services/x')).toMatch(/^https:\/\/ is not supported; use one of generic:\/\/, /);
    expect(error('no scheme here')).toBe('the URL must start with a scheme such as discord:// or ntfy://');
    expect(error(`discord://${'a'.repeat(5000)}@1`)).toBe('the URL is longer than 4096 characters');
    expect(error('irc://server/channel')).toMatch(/^irc:\/\/ is not supported/);
    const secretish = error('telegram://999:TOPSECRETTOKENVALUE@telegram');
    expect(secretish).not.toContain('TOPSECRET');
  });
  it('accepts an upper-case scheme and surrounding spaces', () => {
    expect(ok('  NTFY://ntfy.sh/alerts ').kind).toBe('ntfy');
  });
});
