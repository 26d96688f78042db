import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { Sample } from '@/lib/wire/contract';
import { e2ePort } from '../../playwright.config';
import { makeSample, makeSystem } from '../support/samples';
import { screenshot, signIn, watchConsole } from './support';

/**
 * Alerting in Chromium against the production server: an admin adds a
 * webhook channel pointing at a receiver started here and tests it, writes a
 * rule while its preview says how often it would have fired on the host's
 * stored history, then the host's real ingest posts a breaching sample: the
 * alert fires, the receiver gets the notification, and the Alerts page, the
 * host page's header and CPU chart, the fleet and the navigation show it;
 * silencing it marks it silenced.
 */

const serverUrl = `http://127.0.0.1:${e2ePort}`;
const MINUTE = 60_000;
const HOST = 'e2e-alert-host';
const RULE = 'E2E CPU high';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback: records what it is sent and answers 200. */
async function startReceiver(): Promise<{ url: string; requests: Received[]; server: Server }> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('received');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const withCpu = (ts: number, total: number): Sample => {
  const s = makeSample(ts);
  return { ...s, cpu: { ...s.cpu, total, user: total * 0.7, system: total * 0.2 } };
};

async function ingest(token: string, samples: Sample[], system = false) {
  const res = await fetch(`${serverUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ v: 1, samples, counters: { spooled: 0, dropped: 0 }, ...(system ? { system: makeSystem('e2e-alert-machine') } : {}) }),
  });
  expect(res.status).toBe(200);
}

test.describe.configure({ mode: 'serial' });

test('a webhook channel, a previewed rule, a breaching sample: firing on the Alerts page and the host page, then silenced', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const receiver = await startReceiver();
  try {
    const problems = watchConsole(page, { warnings: false });
    await signIn(page);

    // Before any rule: the Alerts page says what to do.
    await page.goto('/alerts');
    await expect(page.getByText('No rules yet — create one')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create a rule' })).toBeVisible();

    // A host with an hour of history: CPU at 95 % for ten minutes half an hour ago, 10 % otherwise.
    const created = await page.request.post('/api/v1/hosts', { data: { name: HOST } });
    expect(created.status()).toBe(201);
    const host = await created.json();
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
    const history = Array.from({ length: 60 }, (_, i) => withCpu(start + i * MINUTE, i >= 25 && i < 35 ? 95 : 10));
    await ingest(host.token, history, true);

    // A webhook channel to the receiver, tested from its row: the receiver's answer is shown.
    await page.goto('/alerts/channels');
    await expect(page.getByText('No channels yet')).toBeVisible();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Name', { exact: true }).fill('e2e hook');
    await expect(form.getByLabel('Kind')).toHaveValue('webhook');
    const urlInput = form.getByLabel(/^URL/);
    await expect(urlInput).toHaveAttribute('type', 'password');
    await urlInput.fill(`${receiver.url}/hook`);
    await form.getByRole('button', { name: 'Create channel' }).click();
    const channelRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'e2e hook', exact: true }) });
    await expect(channelRow).toBeVisible();
    await expect(channelRow).toContainText('••••');
    await expect(channelRow).not.toContainText(receiver.url);
    await page.getByRole('button', { name: 'Send test to e2e hook' }).click();
    await expect(page.getByTestId('test-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('test-result')).toContainText('200');
    expect(receiver.requests.some((r) => r.path === '/hook')).toBe(true);
    // Editing shows the saved secret masked, in a password input.
    await page.getByRole('button', { name: 'Edit e2e hook' }).click();
    const edit = page.getByRole('form', { name: 'Edit channel e2e hook' });
    await expect(edit.getByLabel(/^URL/)).toHaveValue(/^••••/);
    await expect(edit.getByLabel(/^URL/)).toHaveAttribute('type', 'password');
    await expect(edit.getByText(/Saved as ••••hook/)).toBeVisible();
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await expect(edit).toHaveCount(0);

    // The rule, with the preview on the host's history beside the editor.
    await page.goto('/alerts/rules/new');
    const editor = page.getByRole('form', { name: 'New rule' });
    await editor.getByLabel('Name', { exact: true }).fill(RULE);
    await expect(editor.getByLabel('Signal')).toHaveValue('cpu.total');
    await editor.getByLabel('Threshold', { exact: true }).fill('150');
    await expect(editor.locator('[data-field-error="condition.threshold"]')).toContainText('0 % to 100 %');
    await expect(editor.getByLabel('Threshold', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await editor.getByLabel('Threshold', { exact: true }).fill('90');
    await expect(editor.locator('[data-field-error="condition.threshold"]')).toHaveCount(0);
    await editor.getByLabel('Over the last (minutes)').fill('0');
    await editor.getByLabel('For (minutes)').fill('0');
    await editor.getByLabel('Applies to').selectOption('host');
    await editor.getByRole('combobox', { name: 'Host', exact: true }).selectOption({ label: HOST });
    await editor.getByLabel('Severity').selectOption('critical');
    await editor.getByRole('checkbox', { name: /e2e hook/ }).check();
    await expect(page.getByTestId('rule-summary')).toContainText('CPU above 90 %');
    const preview = page.getByTestId('rule-preview');
    await expect(preview).toBeVisible();
    await expect(preview.getByTestId('preview-fired')).toHaveText('1 time', { timeout: 20_000 });
    await expect(preview.locator(`[data-preview-host="${HOST}"] [data-mark="fired"]`)).toHaveCount(1);
    await preview.getByRole('button', { name: '7 d' }).click();
    await expect(preview.getByRole('button', { name: '7 d' })).toHaveAttribute('aria-pressed', 'true');
    await expect(preview.getByTestId('preview-fired')).toHaveText('1 time', { timeout: 20_000 });
    await screenshot(page, 'alerts-rule-editor');
    await editor.getByRole('button', { name: 'Create rule' }).click();
    await expect(page).toHaveURL(/\/alerts\/rules$/);
    const ruleRow = page.locator(`tr[data-rule="${RULE}"]`);
    await expect(ruleRow).toContainText('CPU above 90 %');
    await expect(ruleRow).toContainText(`Host ${HOST}`);
    await expect(ruleRow).toContainText('e2e hook');

    // The host's collector posts a breaching sample through the real ingest API: it fires and notifies.
    await ingest(host.token, [withCpu(Date.now(), 97)]);
    // (The test message is a "firing" event too, of a rule named "Test notification".)
    const firing = () => receiver.requests.filter((r) => r.headers['x-hostwatch-event'] === 'firing' && JSON.parse(r.body).event.ruleName === RULE);
    await expect.poll(() => firing().length, { timeout: 20_000 }).toBe(1);
    expect(JSON.parse(firing()[0]!.body).event).toMatchObject({ kind: 'firing', ruleName: RULE, hostName: HOST, value: 97 });

    // The Alerts page lists it as firing, with its value, and records it in the history.
    await page.goto('/alerts');
    const alertRow = page.locator(`tr[data-alert-rule="${RULE}"][data-alert-host="${HOST}"]`);
    await expect(alertRow.locator('[data-alert-status]')).toHaveAttribute('data-alert-status', 'firing');
    await expect(alertRow).toContainText('97 %');
    await expect(alertRow).toContainText('fires above 90 %');
    await expect(alertRow.locator('[data-severity]')).toHaveText('critical');
    await expect(page.getByTestId('alerts-summary')).toHaveText('1 alert firing');
    await expect(page.getByTestId('nav-firing')).toContainText('1');
    await expect(page.getByRole('table', { name: 'Alert history' }).locator('tr[data-event-kind="firing"]').filter({ hasText: RULE })).toHaveCount(1);

    // The history filter follows the URL.
    await page.getByRole('search', { name: 'Filter the history' }).getByLabel('Severity').selectOption('warning');
    await expect(page).toHaveURL(/severity=warning/);
    await expect(page.getByText('No alert events match these filters')).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('table', { name: 'Alert history' }).locator('tr[data-event-kind="firing"]')).toHaveCount(1);

    // The host page: in its header, and shaded on the CPU chart from when it fired.
    await page.goto(`/hosts/${host.id}`);
    const header = page.getByTestId('host-alerts');
    await expect(header.locator(`[data-alert-rule="${RULE}"]`)).toHaveAttribute('data-alert-status', 'firing');
    await expect(header).toContainText('97 %');
    await expect(page.locator('[data-chart="cpu"]')).toHaveAttribute('data-alert-areas', '1');
    await expect(page.locator('[data-chart="cpu"] .alert-area')).toHaveCount(1);
    await expect(page.locator('[data-chart="memory"]')).toHaveAttribute('data-alert-areas', '0');
    await expect(page.locator('[data-chart="cpu"] [role="img"]')).toHaveAttribute('aria-label', new RegExp(`Alerts in this range: ${RULE} \\(firing\\)`));
    await screenshot(page, 'alerts-host-page');
    // The same periods through the API the page polls.
    const periods = await (await page.request.get(`/api/v1/hosts/${host.id}/alert-periods?range=1h`)).json();
    expect(periods.periods).toEqual([expect.objectContaining({ ruleName: RULE, severity: 'critical', condition: 'metric', signal: 'cpu.total', entity: '', to: null })]);

    // The fleet: a badge on the host's row and the count in the summary line.
    await page.goto('/');
    const fleetRow = page.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name: HOST, exact: true }) });
    await expect(fleetRow.getByTestId('firing-badge')).toHaveText(/1 firing/);
    await expect(fleetRow.getByTestId('firing-badge')).toHaveAttribute('data-worst', 'critical');
    await expect(page.getByTestId('fleet-firing')).toHaveText('1 alert firing');
    await screenshot(page, 'alerts-fleet');

    // A viewer sees the alert and its history, with no actions and no management sections.
    const viewer = { email: `alerts-viewer-${Date.now()}@example.test`, password: 'alerts-viewer-password-1' };
    expect((await page.request.post('/api/v1/users', { data: { ...viewer, role: 'viewer' } })).status()).toBe(201);
    const viewerContext = await browser.newContext();
    const v = await viewerContext.newPage();
    const viewerProblems = watchConsole(v, { warnings: false });
    await v.goto('/login');
    await v.getByLabel('Email').fill(viewer.email);
    await v.getByLabel('Password').fill(viewer.password);
    await v.getByRole('button', { name: 'Sign in' }).click();
    await expect(v).toHaveURL(/\/$/);
    await v.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Alerts/ }).click();
    await expect(v.locator(`tr[data-alert-rule="${RULE}"] [data-alert-status]`)).toHaveAttribute('data-alert-status', 'firing');
    await expect(v.getByRole('button', { name: /^Silence/ })).toHaveCount(0);
    await expect(v.getByRole('button', { name: /^Acknowledge/ })).toHaveCount(0);
    await expect(v.getByRole('navigation', { name: 'Alerting' })).toHaveCount(0);
    await v.goto('/alerts/rules');
    await expect(v.getByText('Only admins can manage alerting')).toBeVisible();
    await expect(v.getByRole('link', { name: 'New rule' })).toHaveCount(0);
    expect(viewerProblems).toEqual([]);
    await viewerContext.close();

    // Silence it for an hour from the Alerts page: it stays listed, marked silenced, also on the host page.
    await page.goto('/alerts');
    await page.getByRole('button', { name: `Silence ${RULE} on ${HOST}` }).click();
    const dialog = page.getByRole('dialog', { name: `Silence ${RULE} on ${HOST}` });
    await expect(dialog.getByLabel('1 hour')).toBeChecked();
    await dialog.getByLabel('Comment (optional)').fill('e2e: looking into it');
    await dialog.getByRole('button', { name: 'Silence' }).click();
    await expect(dialog).toBeHidden();
    await expect(alertRow.getByTestId('silenced')).toContainText('silenced until');
    await expect(alertRow.locator('[data-alert-status]')).toHaveAttribute('data-alert-status', 'firing');
    await screenshot(page, 'alerts-page');
    await page.goto('/alerts/windows');
    await expect(page.locator(`tr[data-silence="${RULE} on ${HOST}"]`)).toContainText('e2e: looking into it');
    await screenshot(page, 'alerts-windows');
    await page.goto(`/hosts/${host.id}`);
    await expect(page.getByTestId('host-alerts').getByTestId('silenced')).toBeVisible();

    // The channel's delivery log has the firing notification.
    await page.goto('/alerts/channels');
    await page.getByRole('button', { name: 'Delivery log of e2e hook' }).click();
    await expect(page.getByTestId('delivery-log').getByRole('row').filter({ hasText: 'sent' })).toHaveCount(1);
    await screenshot(page, 'alerts-channels');

    // Deleting the rule ends its alert: the fleet and the navigation stop counting it.
    await page.goto('/alerts/rules');
    await page.getByRole('button', { name: `Delete ${RULE}` }).click();
    await page.getByRole('dialog', { name: `Delete ${RULE}?` }).getByRole('button', { name: 'Delete rule' }).click();
    await expect(page.locator(`tr[data-rule="${RULE}"]`)).toHaveCount(0);
    await page.goto('/alerts');
    await expect(page.getByTestId('nav-firing')).toHaveCount(0);

    expect(problems).toEqual([]);
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
  }
});
