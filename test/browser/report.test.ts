import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_COLUMNS } from '../../src/domain/lead-record.ts';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { ROSTER, startHarness, type Harness } from '../support/harness.ts';

/**
 * The report page in Chromium: two weeks of realistic leads seeded in the sheet, the page opened
 * through a signed link, every chart drawn by the bundled uPlot, nothing fetched from elsewhere.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1' ? join(ROOT, 'docs', 'report.png') : join(tmpdir(), `baton-report-${process.pid}.png`);
const DAY = 86_400_000;
const MIN = 60_000;

const NAMES = ['Budi Santoso', 'Sari Wulandari', 'Andi Saputra', 'Putri Maharani', 'Rizky Hidayat', 'Nur Aisyah', 'Agus Setiawan', 'Dewi Lestari', 'Fajar Nugroho', 'Intan Permata'];
const REPS: Array<[string, string]> = [['Ayu', 'UAYU'], ['Bima', 'UBIMA'], ['Citra', 'UCITRA']];

/** A deterministic fortnight: 3–9 leads a day, most contacted within the hour, some late, some re-routed. */
function fortnight(now: number): { leads: CellValue[][]; audit: CellValue[][] } {
  const leads: CellValue[][] = [[...LEAD_COLUMNS]];
  const audit: CellValue[][] = [['at', 'event', 'lead_id', 'actor', 'detail']];
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const start = Math.floor(now / DAY) * DAY - 13 * DAY;
  let n = 0;
  for (let day = 0; day < 14; day += 1) {
    const count = 3 + Math.floor(next() * 7);
    for (let i = 0; i < count; i += 1) {
      n += 1;
      const created = start + day * DAY + (2 + Math.floor(next() * 9)) * 3_600_000 + Math.floor(next() * 60) * MIN;
      if (created >= now - 30 * MIN) continue;
      const [repName, repId] = REPS[n % 3] as [string, string];
      const rerouted = next() < 0.12;
      const assigned = rerouted ? created + 60 * MIN : created;
      const wait = Math.round(next() < 0.8 ? 3 + next() * 45 : 60 + next() * 180);
      const open = created > now - 3 * 3_600_000 && next() < 0.5;
      const contacted = open ? null : assigned + wait * MIN;
      const stage = open ? 'NEW' : next() < 0.3 ? 'QUALIFIED' : 'CONTACTED';
      const record: Record<string, CellValue> = {
        lead_id: `L-DEMO-${String(n).padStart(3, '0')}`,
        name: NAMES[n % NAMES.length] as string,
        phone: `62812${String(10000000 + n * 7919).slice(0, 8)}`,
        stage,
        assigned_sales: repName,
        sales_slack_id: repId,
        route_count: rerouted ? 1 : 0,
        created_at: new Date(created).toISOString(),
        assigned_at: new Date(assigned).toISOString(),
        contacted_at: contacted === null ? '' : new Date(contacted).toISOString(),
        email: '',
        phone_valid: 'TRUE',
        owner_history: rerouted ? `${(REPS[(n + 2) % 3] as [string, string])[1]},${repId}` : repId,
      };
      leads.push(LEAD_COLUMNS.map((column) => record[column] ?? ''));
      if (rerouted) {
        const from = (REPS[(n + 2) % 3] as [string, string])[1];
        audit.push([new Date(assigned).toISOString(), 'lead.rerouted', record.lead_id as string, 'sweep:deadline', `${from} → ${repId}; 2 s after the SLA deadline; round-robin`]);
        if (next() < 0.3) audit.push([new Date(assigned + MIN).toISOString(), 'lead.escalated', record.lead_id as string, 'sweep:deadline', `owner ${repId}; 3 re-routes`]);
      }
    }
  }
  return { leads, audit };
}

describe('report page (chromium)', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    const { leads, audit } = fortnight(Date.now());
    h = await startHarness({ seed: { sales_sheet: ROSTER, lead_sheet: leads, audit_log: audit }, env: { TIMEZONE: 'Asia/Jakarta' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('refuses the page without a valid, unexpired link', async () => {
    expect((await fetch(`${h.url}/report`)).status).toBe(403);
    const link = h.baton.visibility.reportLink().replace(/^http:\/\/localhost:\d+/, h.url);
    expect((await fetch(link.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`))).status).toBe(403);
    expect((await fetch(link.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) - 90_000}`))).status).toBe(403);
  });

  it('draws every chart from Baton-served assets only', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(h.url)) foreign.push(request.url());
    });
    const link = h.baton.visibility.reportLink().replace(/^http:\/\/localhost:\d+/, h.url);
    h.sheets.resetCounts();
    const answer = await page.goto(link);
    expect(answer?.status()).toBe(200);
    const cost = h.sheets.counts();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __reportReady?: boolean }).__reportReady), { timeout: 5_000 }).toBe(true);
    console.log(`Sheets requests for a report view: ${cost.reads} reads, ${cost.writes} writes`);
    expect(cost.writes).toBe(0);
    expect(cost.reads).toBeLessThanOrEqual(1);

    const charts = ['distribution', 'median', 'sla-day', 'sla-rep', 'leads-rep', 'leads-team', 'reroutes'];
    for (const name of charts) {
      expect(await page.locator(`[data-chart="${name}"] canvas`).count(), name).toBe(1);
    }
    // No exception is open in this sheet: the chart says so instead of drawing an empty frame.
    expect(await page.locator('[data-chart="exceptions"] .empty').innerText()).toBe('No open exceptions');
    const tiles = await page.locator('#tiles .tile').allInnerTexts();
    expect(tiles[0]).toMatch(/Leads in\n\d{2,}/);
    expect(tiles[1]).toMatch(/Median to first contact\n\d+/);
    expect(await page.locator('#reps tbody tr').count()).toBe(3);
    expect(await page.locator('#reps tbody tr').first().innerText()).toMatch(/^Ayu\t\d+/);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
    await page.close();
  }, 30_000);
});
