import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/cli/setup/templates.ts';
import { runSetup } from '../../src/cli/setup/run-setup.ts';
import { startSheetsStandin, type CellValue, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { LEAD_COLUMNS } from '../../src/domain/lead-record.ts';
import { TABS } from '../../src/stores/sheets/schema.ts';
import { POLICY_COLUMNS } from '../../src/domain/policy/read-rep-policy.ts';
import { collect, SERVICE_ACCOUNT, SERVICE_ACCOUNT_JSON, sheetsClient, startForbiddenSheets, startReadOnlyProxy, storedSheets, type LocalServer } from './helpers.ts';

const STAGE_RULE = {
  condition: { type: 'ONE_OF_LIST', values: ['NEW', 'CONTACTED', 'QUALIFIED', 'CLOSED LOST'].map((v) => ({ userEnteredValue: v })) },
  showCustomUi: true,
  strict: false,
};
const ACTIVE_RULE = { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'ON' }, { userEnteredValue: 'OFF' }] }, showCustomUi: true, strict: false };

let dir: string;
let sheets: SheetsStandin | undefined;
const servers: LocalServer[] = [];

async function start(seed?: Record<string, CellValue[][]>): Promise<{ sheets: SheetsStandin; dataFile: string }> {
  dir = mkdtempSync(join(tmpdir(), 'baton-setup-'));
  const dataFile = join(dir, 'sheet.json');
  sheets = await startSheetsStandin({ spreadsheetId: 'sheet-under-test', dataFile, ...(seed ? { seed } : {}) });
  return { sheets, dataFile };
}

function envFor(s: { spreadsheetId: string; hostPort: string }, extra: Record<string, string> = {}): Record<string, string> {
  // Only the Sheets settings: setup must not need the Slack ones.
  return { GOOGLE_SHEETS_ID: s.spreadsheetId, SHEETS_EMULATOR_HOST: s.hostPort, LOG_LEVEL: 'silent', ...extra };
}

async function setup(env: Record<string, string>, args: string[] = []) {
  const out = collect();
  const err = collect();
  const code = await runSetup(env, out, { args, err });
  return { code, out: out.text(), lines: out.lines(), err: err.text() };
}

function writes(s: SheetsStandin) {
  return s.requestLog.filter((entry) => entry.kind === 'write');
}

afterEach(async () => {
  await sheets?.stop();
  sheets = undefined;
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Setup's line for the routing policy's optional sales_sheet columns (issue 12). */
const routingColumnsLine = (columns: readonly string[]) =>
  `added optional routing columns ${columns.join(', ')} at the end of sales_sheet (blank = plain round-robin; see README "Routing policy")`;

/** Tabs beyond the seed's four (exceptions, routing rules): added after them, in schema order. */
const LATER_TABS = Object.values(TABS).slice(4);

describe('npm run setup', () => {
  it('prepares an empty spreadsheet in one batchUpdate, then has nothing to change', async () => {
    const { sheets: s, dataFile } = await start();
    const first = await setup(envFor(s));
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.lines).toEqual([
      `added tab sales_sheet with columns ${TABS.roster.headers.join(', ')}`,
      `added tab lead_sheet with columns ${LEAD_COLUMNS.join(', ')}`,
      'added tab routing_state_sheet with columns key, value',
      'added tab audit_log with columns at, event, lead_id, actor, detail',
      ...LATER_TABS.map((tab) => `added tab ${tab.title} with columns ${tab.headers.join(', ')}`),
      'froze the header row of sales_sheet',
      'froze the header row of lead_sheet',
      'froze the header row of routing_state_sheet',
      'froze the header row of audit_log',
      ...LATER_TABS.map((tab) => `froze the header row of ${tab.title}`),
      routingColumnsLine(POLICY_COLUMNS),
      'added dropdown NEW / CONTACTED / QUALIFIED / CLOSED LOST to lead_sheet column stage (D2:D)',
      'added dropdown ON / OFF to sales_sheet column active (D2:D)',
      'noted setup_version = "1; stage=lead_sheet!D; active=sales_sheet!D" in routing_state_sheet (how the next run knows the dropdowns are in place)',
    ]);
    expect(writes(s).map((entry) => entry.path)).toEqual(['/v4/spreadsheets/sheet-under-test:batchUpdate']);

    expect(s.tabTitles()).toEqual(['Sheet1', 'sales_sheet', 'lead_sheet', 'routing_state_sheet', 'audit_log', ...LATER_TABS.map((tab) => tab.title)]);
    expect(s.readTab('sales_sheet')).toEqual([['name', 'email', 'slack_id', 'active', ...POLICY_COLUMNS]]);
    expect(s.readTab('lead_sheet')).toEqual([[...LEAD_COLUMNS]]);
    expect(s.readTab('routing_state_sheet')).toEqual([['key', 'value'], ['setup_version', '1; stage=lead_sheet!D; active=sales_sheet!D']]);
    expect(s.readTab('audit_log')).toEqual([['at', 'event', 'lead_id', 'actor', 'detail']]);

    const stored = storedSheets(dataFile);
    for (const title of ['sales_sheet', 'lead_sheet', 'routing_state_sheet', 'audit_log']) expect(stored.get(title)?.frozenRowCount).toBe(1);
    expect(stored.get('Sheet1')?.frozenRowCount).toBe(0);
    expect(stored.get('lead_sheet')?.validations).toEqual([{ startRowIndex: 1, endRowIndex: 1000, startColumnIndex: 3, endColumnIndex: 4, rule: STAGE_RULE }]);
    expect(stored.get('sales_sheet')?.validations).toEqual([{ startRowIndex: 1, endRowIndex: 1000, startColumnIndex: 3, endColumnIndex: 4, rule: ACTIVE_RULE }]);

    s.resetCounts();
    const second = await setup(envFor(s));
    expect(second).toMatchObject({ code: 0, out: 'nothing to change\n', err: '' });
    expect(writes(s)).toEqual([]);
  });

  it('with --seed-roster adds the sample reps once, OFF, by header name', async () => {
    const { sheets: s } = await start();
    const first = await setup(envFor(s), ['--seed-roster']);
    expect(first.code).toBe(0);
    expect(first.lines).toContain('added 3 sample reps to sales_sheet: replace each slack_id with a real Slack member ID, then set active to ON');
    expect(s.readTab('sales_sheet')).toEqual([
      ['name', 'email', 'slack_id', 'active', ...POLICY_COLUMNS],
      ['Sample Rep One', 'rep.one@example.com', 'UREPLACE001', 'OFF'],
      ['Sample Rep Two', 'rep.two@example.com', 'UREPLACE002', 'OFF'],
      ['Sample Rep Three', 'rep.three@example.com', 'UREPLACE003', 'OFF'],
    ]);
    expect(writes(s)).toHaveLength(1);
    expect(await setup(envFor(s), ['--seed-roster'])).toMatchObject({ code: 0, out: 'nothing to change\n' });
  });

  it('completes a half-made spreadsheet without moving, renaming or deleting anything', async () => {
    const { sheets: s, dataFile } = await start({
      // An admin's order and an admin's own column (team); email is missing.
      sales_sheet: [
        ['name', 'slack_id', 'team', 'active'],
        ['Ayu', 'UAYU', 'north', 'ON'],
      ],
      // Only a few lead columns, plus the admin's notes column in the middle.
      lead_sheet: [
        ['lead_id', 'name', 'notes', 'phone'],
        ['L-1', 'Budi', 'call after 5pm', '628123'],
      ],
      routing_state_sheet: [
        ['key', 'value'],
        ['last_index', '0'],
      ],
    });
    // The admin already froze two rows of sales_sheet: setup leaves that alone.
    await sheetsClient(s.hostPort).spreadsheets.batchUpdate({
      spreadsheetId: s.spreadsheetId,
      requestBody: { requests: [{ updateSheetProperties: { properties: { sheetId: 0, gridProperties: { frozenRowCount: 2 } }, fields: 'gridProperties.frozenRowCount' } }] },
    });

    const first = await setup(envFor(s), ['--seed-roster']);
    expect(first.code).toBe(0);
    const missingLeadColumns = LEAD_COLUMNS.filter((c) => !['lead_id', 'name', 'phone'].includes(c));
    expect(first.lines).toEqual([
      'added column email at the end of sales_sheet',
      `added columns ${missingLeadColumns.join(', ')} at the end of lead_sheet`,
      'added tab audit_log with columns at, event, lead_id, actor, detail',
      ...LATER_TABS.map((tab) => `added tab ${tab.title} with columns ${tab.headers.join(', ')}`),
      'froze the header row of lead_sheet',
      'froze the header row of routing_state_sheet',
      'froze the header row of audit_log',
      ...LATER_TABS.map((tab) => `froze the header row of ${tab.title}`),
      routingColumnsLine(POLICY_COLUMNS.filter((column) => column !== 'team')),
      'added dropdown NEW / CONTACTED / QUALIFIED / CLOSED LOST to lead_sheet column stage (E2:E)',
      'added dropdown ON / OFF to sales_sheet column active (D2:D)',
      'noted setup_version = "1; stage=lead_sheet!E; active=sales_sheet!D" in routing_state_sheet (how the next run knows the dropdowns are in place)',
    ]);

    // Existing cells stay where they were; the missing headers go at the end. Ayu is a rep, so no samples.
    expect(s.readTab('sales_sheet')).toEqual([
      ['name', 'slack_id', 'team', 'active', 'email', ...POLICY_COLUMNS.filter((column) => column !== 'team')],
      ['Ayu', 'UAYU', 'north', 'ON'],
    ]);
    expect(s.readTab('lead_sheet')).toEqual([
      ['lead_id', 'name', 'notes', 'phone', ...missingLeadColumns],
      ['L-1', 'Budi', 'call after 5pm', '628123'],
    ]);
    expect(s.readTab('routing_state_sheet')).toEqual([
      ['key', 'value'],
      ['last_index', '0'],
      ['setup_version', '1; stage=lead_sheet!E; active=sales_sheet!D'],
    ]);

    const stored = storedSheets(dataFile);
    expect(stored.get('sales_sheet')?.frozenRowCount).toBe(2);
    expect(stored.get('lead_sheet')?.validations.map((v) => [v.startRowIndex, v.startColumnIndex, v.endColumnIndex])).toEqual([[1, 4, 5]]);
    expect(stored.get('sales_sheet')?.validations.map((v) => [v.startRowIndex, v.startColumnIndex, v.endColumnIndex])).toEqual([[1, 3, 4]]);

    expect(await setup(envFor(s), ['--seed-roster'])).toMatchObject({ code: 0, out: 'nothing to change\n' });
  });

  it('puts the dropdown on the stage column again when an admin moved it, and updates its note in place', async () => {
    const { sheets: s, dataFile } = await start();
    await setup(envFor(s));
    // An admin inserted a column at the front of lead_sheet: stage is now column E.
    s.writeTab('lead_sheet', [['owner_notes', ...LEAD_COLUMNS]]);
    const again = await setup(envFor(s));
    expect(again.lines).toEqual([
      'added dropdown NEW / CONTACTED / QUALIFIED / CLOSED LOST to lead_sheet column stage (E2:E)',
      'noted setup_version = "1; stage=lead_sheet!E; active=sales_sheet!D" in routing_state_sheet (how the next run knows the dropdowns are in place)',
    ]);
    expect(s.readTab('routing_state_sheet')).toEqual([['key', 'value'], ['setup_version', '1; stage=lead_sheet!E; active=sales_sheet!D']]);
    expect(storedSheets(dataFile).get('lead_sheet')?.validations.map((v) => v.startColumnIndex)).toContain(4);
    expect((await setup(envFor(s))).out).toBe('nothing to change\n');
  });

  it('names the spreadsheet id when it does not exist', async () => {
    const { sheets: s } = await start();
    const result = await setup(envFor({ spreadsheetId: 'no-such-sheet', hostPort: s.hostPort }));
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain('setup: spreadsheet no-such-sheet not found');
    expect(result.err).toContain('fix: check GOOGLE_SHEETS_ID');
  });

  it('without access, names the service account and says to share the sheet with it as Editor', async () => {
    const forbidden = await startForbiddenSheets();
    servers.push(forbidden);
    const result = await setup({ GOOGLE_SHEETS_ID: 'abc123', SHEETS_EMULATOR_HOST: forbidden.hostPort, GOOGLE_SERVICE_ACCOUNT_JSON: SERVICE_ACCOUNT_JSON, LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('setup: no access to spreadsheet abc123 (The caller does not have permission)');
    expect(result.err).toContain(`fix: share the sheet with ${SERVICE_ACCOUNT} as Editor`);
  });

  it('with read-only (Viewer) access, fails at the write with the same fix and changes nothing', async () => {
    const { sheets: s } = await start();
    const proxy = await startReadOnlyProxy(s.hostPort);
    servers.push(proxy);
    const result = await setup({ GOOGLE_SHEETS_ID: s.spreadsheetId, SHEETS_EMULATOR_HOST: proxy.hostPort, GOOGLE_SERVICE_ACCOUNT_JSON: SERVICE_ACCOUNT_JSON, LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain(`share the sheet with ${SERVICE_ACCOUNT} as Editor`);
    expect(s.tabTitles()).toEqual(['Sheet1']);
  });

  it('explains what to configure when there is no spreadsheet, and refuses unknown options', async () => {
    const none = await setup({ LOG_LEVEL: 'silent' });
    expect(none.code).toBe(1);
    expect(none.err).toContain('no spreadsheet configured');
    expect(none.err).toContain('GOOGLE_SHEETS_ID');
    const typo = await setup({ LOG_LEVEL: 'silent' }, ['--seed']);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('unknown option --seed');
  });
});

describe('sheets-templates/', () => {
  const read = (name: string) => parseCsv(readFileSync(new URL(`../../sheets-templates/${name}`, import.meta.url), 'utf8'));

  it('has one CSV per tab whose header row is exactly the schema', () => {
    for (const tab of Object.values(TABS)) expect(read(`${tab.title}.csv`)[0]).toEqual([...tab.headers]);
  });

  it('has a sample roster of three reps with placeholder slack ids', () => {
    const [, ...reps] = read('sales_sheet.csv');
    expect(reps).toHaveLength(3);
    for (const rep of reps) expect(rep[2]).toMatch(/^UREPLACE\d{3}$/);
  });

  it('has an Apps Script that posts the Google Forms shape with the token from Script Properties', () => {
    const script = readFileSync(new URL('../../sheets-templates/google-forms-apps-script.gs', import.meta.url), 'utf8');
    for (const needle of ["source: 'google-forms'", 'responseId: response.getId()', 'answers: batonAnswers_(response)', "getProperty('BATON_URL')", "getProperty('BATON_TOKEN')", "Authorization: 'Bearer ' + token", 'muteHttpExceptions: true', 'function onFormSubmit(e)']) {
      expect(script).toContain(needle);
    }
  });
});
