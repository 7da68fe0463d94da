import { mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin } from '../../src/local/slack-standin/index.ts';
import { BOT_TOKEN, INTAKE_TOKEN, ROSTER, SIGNING_SECRET, SLACK_USERS, standinEnv } from '../support/harness.ts';

let sheets: SheetsStandin | undefined;
let slack: SlackStandin | undefined;
const running: Baton[] = [];

afterEach(async () => {
  for (const baton of running.splice(0)) await baton.stop();
  await Promise.all([sheets?.stop(), slack?.stop()]);
});

async function startBaton(dataDir: string): Promise<{ baton: Baton; url: string }> {
  const config = loadConfig({ ...standinEnv(sheets!, slack!), DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHEETS_READS_PER_MINUTE: '6000', SHEETS_WRITES_PER_MINUTE: '6000' });
  const baton = createBaton({
    config,
    log: createLogger('silent'),
    clock: { now: () => Date.now() },
    secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: sheets!.spreadsheetId },
    listen: { port: 0, host: '127.0.0.1' },
  });
  running.push(baton);
  const { url } = await baton.start();
  return { baton, url };
}

const plainLine = (leadId: string, email: string) =>
  JSON.stringify({ leadId, draft: { name: leadId, emailValid: true, phoneRaw: '', email, company: '', source: '', message: '', submissionId: '' }, idempotencyKey: '', receivedAt: Date.now() });

describe('a damaged outbox journal at startup', () => {
  it('writes the readable leads, quarantines the rest, reports not ready and DMs the managers once', async () => {
    sheets = await startSheetsStandin({ seed: { sales_sheet: ROSTER } });
    slack = await startSlackStandin({ botToken: BOT_TOKEN, users: SLACK_USERS });
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-quarantine-'));
    const journal = join(dataDir, `outbox-${sheets.spreadsheetId.replace(/[^\w-]/g, '_')}.jsonl`);
    writeFileSync(journal, `${plainLine('L-GOOD-1', 'good1@example.com')}\n{"leadId":"L-BROKEN","dr\u0000\n${plainLine('L-GOOD-2', 'good2@example.com')}\n`);

    const first = await startBaton(dataDir);
    await first.baton.ctx.background.idle();
    const rows = sheets.readTab('lead_sheet').slice(1).map((row) => row[0]);
    expect(rows).toEqual(['L-GOOD-1', 'L-GOOD-2']);

    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.problems).toEqual([expect.stringContaining(`1 damaged line(s) quarantined in ${journal}.quarantine`)]);
    expect(body.journal).toMatchObject({ quarantined: 1, depth: 0 });
    const managerDms = () => slack!.inbox('UMGR').filter((message) => message.text.includes('damaged line'));
    expect(managerDms()).toHaveLength(1);
    expect(managerDms()[0]?.text).toContain('1 damaged line(s)');

    // A restart finds nothing new: still not ready, no second DM.
    await first.baton.stop();
    running.splice(0);
    const second = await startBaton(dataDir);
    await second.baton.ctx.background.idle();
    expect((await fetch(`${second.url}/readyz`)).status).toBe(503);
    expect(managerDms()).toHaveLength(1);

    // The operator reads the file and moves it away: ready again.
    renameSync(`${journal}.quarantine`, join(dataDir, 'seen.quarantine'));
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    expect(readdirSync(dataDir)).toContain('seen.quarantine');
  });
});
