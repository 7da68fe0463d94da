import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../robustness/support.ts';
import { npmScriptNodeArgs } from '../support/npm-start.ts';

/**
 * The sandbox page end to end: `npm start`'s local mode in a child process, Debian's chromium
 * driving the page the way a visitor would. Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
// The README's picture is refreshed only on request (UPDATE_SCREENSHOT=1); other runs, CI's included, write to a temp dir.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1' ? join(ROOT, 'docs', 'sandbox.png') : join(tmpdir(), `baton-sandbox-${process.pid}.png`);

/** Only what local mode needs: no Slack or Google credentials may leak in from the shell. */
function localModeEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', SLA_MINUTES: '60', TIMEZONE: 'Asia/Jakarta' };
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'NODE_PATH']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`local mode exited with ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`local mode was not healthy within ${limitMs} ms:\n${output()}`);
}

/** DOM updates arrive over the live stream; give a loaded CI machine a few seconds. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000, interval: 50 });

describe('sandbox page (local mode in chromium)', () => {
  let child: ChildProcess;
  let logs = '';
  let dataDir: string;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  let startupMs = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'baton-sandbox-'));

    const started = performance.now();
    child = spawn(process.execPath, npmScriptNodeArgs('start'), { cwd: ROOT, env: localModeEnv(port, dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    await waitForHealth(baseUrl, child, () => logs, 15_000);
    startupMs = performance.now() - started;
    console.log(`local mode: GET /healthz answered 200 ${Math.round(startupMs)} ms after spawn`);

    // Launched only now so chromium's start does not inflate the startup figure.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      pageErrors.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }, 25_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const inboxTab = (name: string): Locator => page.locator('#people').getByRole('tab', { name: new RegExp(name) });
  const messages = (): Locator => page.locator('#messages article.msg');
  const leadRow = (leadId: string): Locator => page.locator('#sheet-panel table[data-tab="lead_sheet"] tbody tr').filter({ hasText: leadId });

  async function submitLead(fields: Record<string, string>): Promise<{ lead_id: string; assigned_sales: string }> {
    const form = page.locator('#lead-form');
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
    const answered = page.waitForResponse((response) => response.url().endsWith('/webhooks/lead'));
    await form.getByRole('button', { name: 'Submit lead' }).click();
    expect((await answered).status()).toBe(201);
    const result = page.locator('#lead-result');
    await poll(() => result.locator('[data-status]').getAttribute('data-status')).toBe('201');
    return JSON.parse(await result.locator('pre').innerText()) as { lead_id: string; assigned_sales: string };
  }

  it('routes, contacts and re-routes leads the way a visitor would see it', async () => {
    expect(startupMs).toBeLessThan(10_000);
    expect(logs).toMatch(/LOCAL MODE/);

    await page.goto(`${baseUrl}/`);
    await poll(() => page.locator('body').getAttribute('data-ready')).toBe('true');
    await poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
    expect(await page.locator('h1').innerText()).toBe('Baton sandbox — local mode');
    expect(await page.locator('#sla-value').innerText()).toBe('1 h');
    expect(await page.locator('#clock-skipped').innerText()).toBe('real time');
    expect(await page.locator('#people [role="tab"]').allInnerTexts()).toEqual([
      expect.stringContaining('Ayu Lestari'),
      expect.stringContaining('Bima Pratama'),
      expect.stringContaining('Citra Wijaya'),
      expect.stringContaining('Maya Santoso'),
    ]);
    expect(await page.locator('#roster [role="switch"]').count()).toBe(3);
    // Inboxes are a keyboard-operable tab list.
    await inboxTab('Ayu Lestari').focus();
    await page.keyboard.press('ArrowDown');
    expect(await inboxTab('Bima Pratama').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-person'))).toBe('U0BIMA');

    // 1. A lead through the form lands with Ayu, first in the rotation; the page follows it to her inbox.
    const dewi = 'Dewi Kusuma';
    const first = await submitLead({
      Name: dewi,
      Phone: '+62 812-3456-7890',
      Email: 'dewi.kusuma@example.com',
      Company: 'Kopi & Co',
      Source: 'website',
      Message: 'Hi, could you send pricing for 20 seats?\nMornings work best.',
    });
    expect(first.assigned_sales).toBe('Ayu Lestari');
    await poll(() => page.locator('#lead-result').innerText()).toContain('Assigned to Ayu Lestari');

    await poll(() => inboxTab('Ayu Lestari').getAttribute('aria-selected')).toBe('true');
    const ayuDm = messages().filter({ hasText: first.lead_id });
    await poll(() => ayuDm.count()).toBe(1);
    const ayuText = await ayuDm.innerText();
    expect(ayuText).toContain(`New lead: ${dewi}`);
    expect(ayuText).toContain('Kopi & Co');
    expect(ayuText).toContain('Hi, could you send pricing for 20 seats?');
    expect(await ayuDm.locator('blockquote').count()).toBe(1);
    expect(await ayuDm.locator('.fields > *').count()).toBeGreaterThanOrEqual(5);
    expect(await ayuDm.getByRole('link', { name: 'WhatsApp' }).getAttribute('href')).toBe('https://wa.me/6281234567890');

    // 2. Ayu clicks Mark as CONTACTED: the sheet row and the DM both say so, the button is gone.
    await ayuDm.getByRole('button', { name: 'Mark as CONTACTED' }).click();
    await page.locator('#sheet-tabs').getByRole('tab', { name: /lead_sheet/ }).click();
    await poll(() => leadRow(first.lead_id).locator('td[data-col="stage"]').innerText()).toBe('CONTACTED');
    await poll(() => ayuDm.innerText()).toMatch(/Contacted by @Ayu Lestari at \d\d:\d\d/);
    // (The exceptions issue adds stage buttons to a contacted DM; the contact button itself is gone.)
    expect(await ayuDm.getByRole('button', { name: 'Mark as CONTACTED' }).count()).toBe(0);
    expect(await ayuDm.locator('.edited').innerText()).toBe('(edited)');
    expect(await leadRow(first.lead_id).locator('td[data-col="name"]').innerText()).toBe(dewi);

    // 3. A second lead goes to Bima.
    const second = await submitLead({
      Name: 'Rizky Hidayat',
      Phone: '+62 813-2222-3333',
      Email: 'rizky@example.com',
      Company: 'Sinar Logistik',
      Source: 'instagram',
      Message: 'Interested in a demo next week.',
    });
    expect(second.assigned_sales).toBe('Bima Pratama');
    await inboxTab('Bima Pratama').click();
    const bimaDm = messages().filter({ hasText: second.lead_id });
    await poll(() => bimaDm.getByRole('button', { name: 'Mark as CONTACTED' }).count()).toBe(1);

    // 4. Past the SLA and a sweep: Citra gets it, Bima's DM loses its button.
    expect(await page.getByLabel('Skip ahead').inputValue()).toBe('61');
    await page.getByRole('button', { name: 'Skip ahead' }).click();
    await poll(() => page.locator('#clock-skipped').innerText()).toBe('+61 min skipped');
    await page.getByRole('button', { name: 'Run sweep now' }).click();
    await poll(() => page.getByRole('button', { name: 'Run sweep now' }).isEnabled()).toBe(true);
    // The toast tells what the sweep really did.
    // (The deadline timer may have re-routed it already when the clock moved: then this sweep found nothing due.)
    await poll(() => page.locator('#toasts').textContent()).toMatch(/Sweep finished — sweep: 2 leads, [01] due, [01] re-routed, 0 escalated/);

    await poll(() => bimaDm.innerText()).toMatch(/Re-routed to @Citra Wijaya at \d\d:\d\d after the 1 h SLA/);
    expect(await bimaDm.getByRole('button').count()).toBe(0);

    await inboxTab('Citra Wijaya').click();
    const citraDm = messages().filter({ hasText: second.lead_id });
    await poll(() => citraDm.count()).toBe(1);
    expect(await citraDm.innerText()).toContain('Re-routed to you: Rizky Hidayat');
    expect(await citraDm.innerText()).toContain('re-routed: @Bima Pratama did not respond within 60 min');
    expect(await citraDm.getByRole('button', { name: 'Mark as CONTACTED' }).count()).toBe(1);
    await poll(() => leadRow(second.lead_id).locator('td[data-col="assigned_sales"]').innerText()).toBe('Citra Wijaya');
    expect(await leadRow(second.lead_id).locator('td[data-col="route_count"]').innerText()).toBe('1');
    await poll(() => page.locator('#activity').innerText()).toContain('Re-routed');

    // The README screenshot: Citra's inbox with the re-routed lead, both leads in the sheet.
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.locator('#lead-result').evaluate((el) => ((el as HTMLElement).hidden = true));
    await page.locator('#toasts').evaluate((el) => el.replaceChildren());
    await page.mouse.move(1, 1);
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });

    // 5. A hostile name stays text everywhere.
    const hostile = 'Joko <script>window.__pwned = 1</script> Widodo';
    const third = await submitLead({ Name: hostile, Phone: '+62 811-1000-2000', Email: 'joko@example.com', Company: 'Kopi & Co', Source: 'website', Message: 'Call me' });
    const thirdDm = messages().filter({ hasText: third.lead_id });
    await poll(() => thirdDm.count()).toBe(1);
    expect(await thirdDm.innerText()).toContain(`New lead: ${hostile}`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#messages script, #sheet-panel script, #home script').count()).toBe(0);

    // 6. Acting as someone else: Bima, the previous owner, clicks the button in Citra's DM and is told why privately.
    await inboxTab('Citra Wijaya').click();
    await page.getByLabel('Clicking as').selectOption('U0BIMA');
    await citraDm.getByRole('button', { name: 'Mark as CONTACTED' }).click();
    await inboxTab('Bima Pratama').click();
    await poll(() => messages().filter({ hasText: /This lead (was re-routed to|is assigned to) @Citra Wijaya/ }).count()).toBe(1);
    await poll(() => leadRow(second.lead_id).locator('td[data-col="stage"]').innerText()).toBe('NEW');

    // 7. App Home: Citra sees her open lead with its button; Maya (manager) the figures.
    await inboxTab('Citra Wijaya').click();
    await page.getByRole('tab', { name: 'Home' }).click();
    await poll(() => page.locator('#home').innerText()).toContain('Your open leads (1)');
    expect(await page.locator('#home').innerText()).toContain('Rizky Hidayat');
    expect(await page.locator('#home').getByRole('button', { name: 'Mark as CONTACTED' }).count()).toBe(1);
    await inboxTab('Maya Santoso').click();
    await poll(() => page.locator('#home').innerText()).toContain('Speed to lead');
    expect(await page.locator('#home').innerText()).toContain('Per rep, last 7 days');

    // 8. The /baton box: Citra's status, answered privately in her messages.
    await inboxTab('Citra Wijaya').click();
    await page.getByLabel('Slash command').fill('/baton status');
    await page.getByRole('button', { name: 'Send' }).click();
    await poll(() => messages().filter({ hasText: 'Your open leads (1)' }).count()).toBe(1);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.getByRole('tab', { name: 'Home' }).click();
      await poll(() => page.locator('#home').innerText()).toContain('Your open leads (1)');
      await page.locator('#inbox').screenshot({ path: join(ROOT, 'docs', 'app-home.png'), animations: 'disabled' });
      await page.getByRole('tab', { name: 'Messages' }).click();
    }
    expect(logs).toMatch(/^Baton local mode: open http:\/\/localhost:\d+\/ \(intake token [0-9a-f]{32}\)$/m);

    expect(pageErrors).toEqual([]);

    // 8b. A modal, drawn like Slack's: Ayu closes Dewi's lead as lost; the form goes to Baton as view_submission.
    await inboxTab('Ayu Lestari').click();
    await page.getByRole('tab', { name: 'Messages' }).click();
    await ayuDm.getByRole('button', { name: 'Closed lost' }).click();
    const modal = page.getByRole('dialog');
    await poll(() => modal.isVisible()).toBe(true);
    expect(await modal.locator('h3').innerText()).toBe('Closed lost');
    await modal.getByLabel('Reason').selectOption('not_interested');
    await modal.getByLabel('Note (optional)').fill('Went with another vendor');
    await modal.getByRole('button', { name: /Close|Submit|Save/ }).last().click();
    await poll(() => modal.isVisible()).toBe(false);
    await poll(() => leadRow(first.lead_id).locator('td[data-col="stage"]').innerText()).toBe('CLOSED LOST');

    // `npm run sweep` and `npm run doctor` in local mode talk to this running process (through DATA_DIR).
    const sweepCli = execFileSync(process.execPath, npmScriptNodeArgs('sweep'), { cwd: ROOT, env: localModeEnv(0, dataDir), encoding: 'utf8' });
    expect(sweepCli).toMatch(/^sweep: 3 leads, 0 due, 0 re-routed, 0 escalated, 0 assigned$/m);
    const doctorCli = execFileSync(process.execPath, ['dist/doctor.js'], { cwd: ROOT, env: localModeEnv(0, dataDir), encoding: 'utf8' });
    expect(doctorCli).toContain('✓ tabs and headers right');
    expect(doctorCli).toContain('✓ all 3 active reps resolve in Slack');

    // 9. SIGTERM with the page (and its live event stream) still open: a clean, prompt exit.
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const stopping = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(performance.now() - stopping).toBeLessThan(5_000);

    // 10. Restart on the same DATA_DIR: the inboxes, their buttons and the skipped clock are still there.
    logs = '';
    child = spawn(process.execPath, npmScriptNodeArgs('start'), { cwd: ROOT, env: localModeEnv(Number(new URL(baseUrl).port), dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    await waitForHealth(baseUrl, child, () => logs, 15_000);
    await page.reload();
    await poll(() => page.locator('body').getAttribute('data-ready')).toBe('true');
    expect(await page.locator('#clock-skipped').innerText()).toBe('+61 min skipped');
    await inboxTab('Citra Wijaya').click();
    await poll(() => messages().filter({ hasText: second.lead_id }).getByRole('button', { name: 'Mark as CONTACTED' }).count()).toBe(1);
    const clicked = page.waitForResponse((response) => response.url().endsWith('/sandbox/click'));
    await messages().filter({ hasText: second.lead_id }).getByRole('button', { name: 'Mark as CONTACTED' }).click();
    const clickAnswer = await clicked;
    expect({ status: clickAnswer.status(), body: await clickAnswer.json() }).toEqual({ status: 200, body: { slackStatus: 200 } });
    await poll(() => leadRow(second.lead_id).locator('td[data-col="stage"]').innerText()).toBe('CONTACTED');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
