import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSimulate } from '../../src/cli/simulate/run-simulate.ts';
import { LEAD_COLUMNS, leadToRecord } from '../../src/domain/lead-record.ts';
import { startSheetsStandin, type CellValue, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin } from '../../src/local/slack-standin/index.ts';
import { TABS } from '../../src/stores/sheets/schema.ts';
import { lead } from '../fixtures/domain.ts';
import { BOT_TOKEN, SLACK_USERS, standinEnv } from '../support/harness.ts';
import { collect } from './helpers.ts';

let sheets: SheetsStandin | undefined;
let slack: SlackStandin | undefined;
let dir: string | undefined;

afterEach(async () => {
  await Promise.all([sheets?.stop(), slack?.stop()]);
  sheets = undefined;
  slack = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.parse('2026-12-07T03:00:00Z');

/** A sheet in use: reps in two teams with weights, one rule, 30 leads that all went round-robin to Ayu, Bima, Citra. */
async function start(): Promise<Record<string, string>> {
  const leads = Array.from({ length: 30 }, (_, i) =>
    leadToRecord(
      lead({
        leadId: `L-${String(i + 1).padStart(3, '0')}`,
        name: `Lead ${i + 1}`,
        phone: i % 3 === 0 ? '6591234567' : '6281234567890',
        source: 'web',
        createdAt: T0 + i * 60_000,
        assignedAt: T0 + i * 60_000,
        salesSlackId: ['UAYU', 'UBIMA', 'UCITRA'][i % 3] as string,
        assignedSales: ['Ayu', 'Bima', 'Citra'][i % 3] as string,
      }),
    ),
  );
  const seed: Record<string, CellValue[][]> = {
    [TABS.roster.title]: [
      ['name', 'email', 'slack_id', 'active', 'team', 'weight'],
      ['Ayu', 'ayu@example.com', 'UAYU', 'ON', 'jakarta', 2],
      ['Bima', 'bima@example.com', 'UBIMA', 'ON', 'jakarta', ''],
      ['Citra', 'citra@example.com', 'UCITRA', 'ON', '', ''],
    ],
    [TABS.leads.title]: [[...LEAD_COLUMNS], ...leads.map((record) => LEAD_COLUMNS.map((column) => record[column] ?? ''))],
    [TABS.state.title]: [[...TABS.state.headers]],
    [TABS.audit.title]: [[...TABS.audit.headers]],
    [TABS.rules.title]: [
      [...TABS.rules.headers],
      [1, 'phone_country', 'equals', 'ID', 'jakarta', '', ''],
      [2, 'form.budget', '>=', '1000000', 'jakarta', 'TRUE', 'big'],
    ],
  };
  // Every other tab Baton keeps, with its header row (a sheet in use).
  for (const tab of Object.values(TABS)) seed[tab.title] ??= [[...tab.headers]];
  sheets = await startSheetsStandin({ seed });
  slack = await startSlackStandin({ botToken: BOT_TOKEN, users: SLACK_USERS });
  dir = mkdtempSync(join(tmpdir(), 'baton-simulate-'));
  return { ...standinEnv(sheets, slack), DATA_DIR: dir, LOG_LEVEL: 'silent', TIMEZONE: 'Asia/Jakarta' };
}

describe('npm run simulate', () => {
  it('replays the last leads through the current roster and rules, with reasons and the distribution, writing nothing', async () => {
    const env = await start();
    sheets?.resetCounts();
    const out = collect();
    const code = await runSimulate(env, out, { args: ['--last', '30'] });
    expect(code).toBe(0);
    const text = out.text();
    expect(text).toContain('simulate: 30 leads (last 30 in the store) through the current roster and rules; nothing was written or sent');
    expect(text).toContain('note: 1 rule(s) look at form fields');
    // Indonesian numbers go to team jakarta, weighted 2:1; Singapore ones to the default team (Citra).
    expect(text).toMatch(/L-002 {2}12-07 10:01 {2}→ Ayu \(jakarta\), actually UBIMA: rule 1 \(phone_country = ID\) → team jakarta; weighted: Ayu 2, Bima 1 → Ayu/);
    expect(text).toMatch(/L-001 .*→ Citra \(default\), actually UAYU: no rule matched → team default; round-robin: Citra → Citra/);
    const perRep = text.slice(text.indexOf('per rep'));
    expect(perRep).toMatch(/Ayu +13 +43\.3% +10 +33\.3%/);
    expect(perRep).toMatch(/Bima +7 +23\.3% +10 +33\.3%/);
    expect(perRep).toMatch(/Citra +10 +33\.3% +10 +33\.3%/);
    expect(text).toContain('would go to someone else than actually got them; 0 would be left unassigned');
    expect(sheets?.counts().writes).toBe(0);
    expect(sheets?.counts().reads).toBe(1);
    expect(slack?.inbox('UAYU') ?? []).toEqual([]);
  });

  it('replays a CSV, whose extra columns are form fields for form rules', async () => {
    const env = await start();
    const file = join(dir as string, 'leads.csv');
    writeFileSync(file, 'name,phone,source,created_at,Budget\nBudi,+65 9123 4567,web,2026-12-07 10:00,2500000\nSiti,+65 9123 4567,web,2026-12-07 10:05,10\n');
    const out = collect();
    expect(await runSimulate(env, out, { args: ['--csv', file, '--quiet'] })).toBe(0);
    const text = out.text();
    expect(text).not.toContain('note: ');
    expect(text).toMatch(/jakarta +1 +50\.0%/);
    expect(text).toMatch(/default +1 +50\.0%/);
    expect(text).not.toContain('row 2 ');
  });

  it('says what is wrong with its arguments', async () => {
    const err = collect();
    expect(await runSimulate({}, collect(), { args: ['--last', 'many'], err })).toBe(2);
    expect(err.text()).toContain('--last needs a positive whole number');
    const help = collect();
    expect(await runSimulate({}, help, { args: ['--help'] })).toBe(0);
    expect(help.text()).toContain('usage: npm run simulate');
  });
});
