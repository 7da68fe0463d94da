import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor/run-doctor.ts';
import { checkIntakeToken } from '../../src/cli/doctor/checks/secrets.ts';
import { runSetup } from '../../src/cli/setup/run-setup.ts';
import { LEAD_COLUMNS } from '../../src/domain/lead-record.ts';
import { TABS } from '../../src/stores/sheets/schema.ts';

/** Every tab Baton keeps (the seed's four, then the exceptions and routing tabs), as doctor lists them. */
const ALL_TABS = Object.values(TABS).map((tab) => tab.title).join(', ');
import { startSheetsStandin, type CellValue, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin, type StandinUser } from '../../src/local/slack-standin/index.ts';
import { collect, SERVICE_ACCOUNT, SERVICE_ACCOUNT_JSON, startForbiddenSheets, startReadOnlyProxy, type LocalServer } from './helpers.ts';

const BOT_TOKEN = 'xoxb-doctor-test';
const STRONG_TOKEN = '3f9a0c27be5d41e8a6c3f0b9d2e7a14c5b8e0f6a9d3c7b21';
const USERS: StandinUser[] = [
  { id: 'UAYU', name: 'ayu', real_name: 'Ayu' },
  { id: 'UBIMA', name: 'bima', real_name: 'Bima' },
  { id: 'UMGR', name: 'manager', real_name: 'Maya Manager' },
  { id: 'UBOT', name: 'zapier', is_bot: true },
];
const ROSTER: CellValue[][] = [
  ['name', 'email', 'slack_id', 'active'],
  ['Ayu', 'ayu@example.com', 'UAYU', 'ON'],
  ['Bima', 'bima@example.com', 'UBIMA', 'ON'],
  ['Citra', 'citra@example.com', 'UCITRA', 'OFF'],
];

let sheets: SheetsStandin;
let slack: SlackStandin;
const extra: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  slack = await startSlackStandin({ botToken: BOT_TOKEN, users: USERS });
});
afterAll(async () => {
  await slack.stop();
});
beforeEach(async () => {
  sheets = await startSheetsStandin({ spreadsheetId: 'doctor-sheet', seed: { sales_sheet: ROSTER } });
  const code = await runSetup({ GOOGLE_SHEETS_ID: sheets.spreadsheetId, SHEETS_EMULATOR_HOST: sheets.hostPort, LOG_LEVEL: 'silent' }, collect());
  expect(code).toBe(0);
  for (const user of USERS) slack.upsertUser(user);
});
afterEach(async () => {
  await sheets.stop();
  await Promise.all(extra.splice(0).map((server) => server.stop()));
});

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: '8f14e45fceea167a5a36dedd4bea2543',
    SLACK_API_URL: slack.url,
    GOOGLE_SHEETS_ID: sheets.spreadsheetId,
    SHEETS_EMULATOR_HOST: sheets.hostPort,
    INTAKE_TOKEN: STRONG_TOKEN,
    MANAGER_SLACK_IDS: 'UMGR',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

async function doctor(e: Record<string, string | undefined>) {
  const out = collect();
  const code = await runDoctor(e, out);
  const lines = out.lines();
  return { code, lines, failures: lines.filter((line) => line.startsWith('✗')), text: out.text() };
}

describe('npm run doctor', () => {
  it('is all green on a set-up sheet with real reps and managers', async () => {
    const result = await doctor(env());
    expect(result.lines).toEqual([
      '✓ config valid',
      '✓ Slack token valid (bot @baton in Baton Local)',
      '✓ Slack token has the scopes Baton needs (chat:write, users:read, commands)',
      '✓ manifest.yml has the Home tab, /baton, app_home_opened and the scopes (chat:write, users:read, commands) with reasons',
      '✓ Slack signing secret present',
      `✓ spreadsheet doctor-sheet reachable with write access (stand-in at ${sheets.hostPort})`,
      `✓ tabs and headers right (${ALL_TABS})`,
      '✓ 2 active reps in sales_sheet',
      '✓ all 2 active reps resolve in Slack (Ayu, Bima)',
      '✓ the manager resolves in Slack (UMGR: Maya Manager)',
      `✓ intake token strong enough (${STRONG_TOKEN.length} characters)`,
      'all checks passed',
    ]);
    expect(result.code).toBe(0);
  });

  it('does not disturb the sheet: the write probe is a no-op and setup still has nothing to change', async () => {
    const before = sheets.tabTitles().map((title) => [title, sheets.readTab(title)]);
    expect((await doctor(env())).code).toBe(0);
    expect(sheets.tabTitles().map((title) => [title, sheets.readTab(title)])).toEqual(before);
    const out = collect();
    await runSetup({ GOOGLE_SHEETS_ID: sheets.spreadsheetId, SHEETS_EMULATOR_HOST: sheets.hostPort, LOG_LEVEL: 'silent' }, out);
    expect(out.text()).toBe('nothing to change\n');
  });

  it('bad token: invalid_auth, with where to copy the token from; skips what needs Slack', async () => {
    const result = await doctor(env({ SLACK_BOT_TOKEN: 'xoxb-revoked-or-mistyped' }));
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([expect.stringMatching(/^✗ Slack token rejected \(invalid_auth\) — fix: copy the Bot User OAuth Token .*SLACK_BOT_TOKEN/)]);
    expect(result.lines).toContain('- reps and managers in Slack: skipped (needs a working token with users:read)');
    expect(result.lines.at(-1)).toBe('1 problem to fix');
  });

  it('missing scope: names users:read and says to reinstall', async () => {
    const narrow = await startSlackStandin({ botToken: BOT_TOKEN, users: USERS, scopes: ['chat:write', 'commands', 'im:write'] });
    extra.push(narrow);
    const result = await doctor(env({ SLACK_API_URL: narrow.url }));
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([expect.stringMatching(/^✗ Slack token lacks scope users:read — fix: add users:read under .*Bot Token Scopes.*reinstall the app/)]);
    expect(result.lines).toContain('- reps and managers in Slack: skipped (needs a working token with users:read)');
  });

  it('no access (unknown spreadsheet id): not found, check GOOGLE_SHEETS_ID and share it', async () => {
    const result = await doctor(env({ GOOGLE_SHEETS_ID: 'wrong-id', GOOGLE_SERVICE_ACCOUNT_JSON: SERVICE_ACCOUNT_JSON }));
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([
      `✗ spreadsheet wrong-id not found — fix: check GOOGLE_SHEETS_ID (the part of the sheet's URL between /d/ and /edit), and share the sheet with ${SERVICE_ACCOUNT} as Editor`,
    ]);
    expect(result.lines).toContain('- tabs and headers: skipped (the spreadsheet cannot be read)');
  });

  it('no access (403): names the service account email and says to share the sheet with it as Editor', async () => {
    const forbidden: LocalServer = await startForbiddenSheets();
    extra.push(forbidden);
    const result = await doctor(env({ GOOGLE_SHEETS_ID: 'abc123', SHEETS_EMULATOR_HOST: forbidden.hostPort, GOOGLE_SERVICE_ACCOUNT_JSON: SERVICE_ACCOUNT_JSON }));
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([
      `✗ no access to spreadsheet abc123 (The caller does not have permission) — fix: share the sheet with ${SERVICE_ACCOUNT} as Editor (Share → paste the address → Editor)`,
    ]);
  });

  it('read-only access: readable but not writable, still checks the rest', async () => {
    const proxy = await startReadOnlyProxy(sheets.hostPort);
    extra.push(proxy);
    const result = await doctor(env({ SHEETS_EMULATOR_HOST: proxy.hostPort, GOOGLE_SERVICE_ACCOUNT_JSON: SERVICE_ACCOUNT_JSON }));
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([
      `✗ spreadsheet doctor-sheet is readable but not writable — fix: share the sheet with ${SERVICE_ACCOUNT} as Editor (not Viewer or Commenter)`,
    ]);
    expect(result.lines).toContain(`✓ tabs and headers right (${ALL_TABS})`);
    expect(result.lines).toContain('✓ all 2 active reps resolve in Slack (Ayu, Bima)');
  });

  it('bad header: a tab missing stage names it and says npm run setup', async () => {
    sheets.writeTab('lead_sheet', [LEAD_COLUMNS.filter((column) => column !== 'stage')]);
    const result = await doctor(env());
    expect(result.code).toBe(1);
    expect(result.failures).toEqual(['✗ lead_sheet is missing column stage in row 1 — fix: run `npm run setup` (it adds missing tabs and columns and never changes existing ones)']);
  });

  it('a missing tab is named too', async () => {
    const bare = await startSheetsStandin({ spreadsheetId: 'bare', seed: { sales_sheet: ROSTER } });
    extra.push(bare);
    const result = await doctor(env({ GOOGLE_SHEETS_ID: 'bare', SHEETS_EMULATOR_HOST: bare.hostPort }));
    expect(result.failures).toEqual([
      expect.stringMatching(/^✗ tab lead_sheet is missing — fix: run `npm run setup`/),
      expect.stringMatching(/^✗ tab routing_state_sheet is missing — fix: run `npm run setup`/),
      expect.stringMatching(/^✗ tab audit_log is missing — fix: run `npm run setup`/),
      ...Object.values(TABS)
        .slice(4)
        .map((tab) => expect.stringMatching(new RegExp(`^✗ tab ${tab.title} is missing — fix: run \`npm run setup\``))),
    ]);
    expect(result.lines).toContain('✓ all 2 active reps resolve in Slack (Ayu, Bima)');
  });

  it('deleted rep: users.info deleted:true, fix says set active OFF or replace the slack_id', async () => {
    slack.upsertUser({ id: 'UBIMA', name: 'bima', real_name: 'Bima', deleted: true });
    const result = await doctor(env());
    expect(result.code).toBe(1);
    expect(result.lines).toContain('✓ 1 of 2 active reps resolve in Slack (Ayu)');
    expect(result.failures).toEqual(["✗ rep Bima (UBIMA) is deactivated (deleted) in Slack — fix: set active to OFF for Bima in sales_sheet, or put a current member's ID in slack_id"]);
  });

  it('unknown, bot and sample-placeholder reps are each named', async () => {
    sheets.writeTab('sales_sheet', [
      ['name', 'email', 'slack_id', 'active'],
      ['Ayu', '', 'UAYU', 'ON'],
      ['Ghost', '', 'UGHOST', 'ON'],
      ['Zap', '', 'UBOT', 'ON'],
      ['Sample Rep One', '', 'UREPLACE001', 'ON'],
    ]);
    const result = await doctor(env());
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([
      expect.stringMatching(/^✗ rep Ghost \(UGHOST\) is not a member of this Slack workspace \(user_not_found\) — fix: in sales_sheet, set slack_id to their member ID/),
      expect.stringMatching(/^✗ rep Zap \(UBOT\) is a bot, not a person — fix: /),
      expect.stringMatching(/^✗ rep Sample Rep One still has the sample slack_id UREPLACE001 — fix: /),
    ]);
  });

  it('managers resolve the same way; none configured is a problem too', async () => {
    const wrong = await doctor(env({ MANAGER_SLACK_IDS: 'UMGR,UNOBODY' }));
    expect(wrong.code).toBe(1);
    expect(wrong.lines).toContain('✓ 1 of 2 managers resolve in Slack (UMGR: Maya Manager)');
    expect(wrong.failures).toEqual([expect.stringMatching(/^✗ manager UNOBODY is not a member of this Slack workspace \(user_not_found\) — fix: in MANAGER_SLACK_IDS, replace UNOBODY/)]);

    const none = await doctor(env({ MANAGER_SLACK_IDS: '' }));
    expect(none.failures).toEqual([expect.stringMatching(/^✗ no managers configured \(MANAGER_SLACK_IDS is empty\).* — fix: set MANAGER_SLACK_IDS/)]);
  });

  it('no active rep: says how to add one', async () => {
    sheets.writeTab('sales_sheet', [
      ['name', 'email', 'slack_id', 'active'],
      ['Ayu', '', 'UAYU', 'OFF'],
    ]);
    const result = await doctor(env());
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([expect.stringMatching(/^✗ no active rep in sales_sheet \(1 listed, none ON\) — fix: add a row per rep with name, slack_id .* and active ON/)]);
  });

  it('weak intake token: says how to generate one', async () => {
    const result = await doctor(env({ INTAKE_TOKEN: 'aaaaaaaaaaaaaaaaaaaa' }));
    expect(result.code).toBe(1);
    expect(result.failures).toEqual([
      '✗ intake token is weak (only lowercase letters) — fix: set INTAKE_TOKEN to a random value, e.g. the output of `openssl rand -hex 24`, then update it wherever your forms send it (Authorization header or ?token=)',
    ]);
  });

  it('invalid config: one ✗ per setting and nothing else is tried', async () => {
    const result = await doctor(env({ SLACK_SIGNING_SECRET: undefined, SHEETS_EMULATOR_HOST: 'not a host' }));
    expect(result.code).toBe(1);
    expect(result.failures).toHaveLength(2);
    expect(result.failures.join('\n')).toContain('✗ config: SHEETS_EMULATOR_HOST must be host:port');
    expect(result.failures.join('\n')).toContain('✗ config: SLACK_SIGNING_SECRET is required');
    expect(result.lines).toHaveLength(3);
  });

  it('local mode with nothing set: says so and checks nothing remote', async () => {
    const result = await doctor({ LOG_LEVEL: 'silent' });
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatch(/^✓ config valid — local mode/);
    expect(result.lines[1]).toMatch(/^- nothing remote to check in local mode/);
  });

  it('local mode with a Sheets stand-in: checks the sheet and skips Slack', async () => {
    const local = await startSheetsStandin({ seed: { sales_sheet: ROSTER } });
    extra.push(local);
    await runSetup({ SHEETS_EMULATOR_HOST: local.hostPort, LOG_LEVEL: 'silent' }, collect());
    const result = await doctor({ SHEETS_EMULATOR_HOST: local.hostPort, LOG_LEVEL: 'silent' });
    expect(result.code).toBe(0);
    expect(result.lines).toContain(`✓ spreadsheet local-baton reachable with write access (stand-in at ${local.hostPort})`);
    expect(result.lines).toContain(`✓ tabs and headers right (${ALL_TABS})`);
    expect(result.lines).toContain('- Slack: skipped in local mode (set SLACK_API_URL to check a Slack stand-in)');
  });
});

describe('intake token strength', () => {
  it.each([
    ['0123456789012345678901234', false], // digits only
    ['abcdefghijABCDE', false], // 15 characters (config refuses these too)
    ['abcdefghijABCDEF', true], // 16 characters of two kinds: the minimum README, config and doctor share
    ['abcdefghijklmnopqrstuvwx1', true],
    [STRONG_TOKEN, true],
  ])('%s -> ok %s', (token, ok) => {
    expect(checkIntakeToken(token).ok).toBe(ok);
  });
});
