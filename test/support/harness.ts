import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBaton, type Baton } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Clock } from '../../src/core/ports.ts';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { buildBlockActionsPayload, sendSignedInteraction, startSlackStandin, type SlackStandin } from '../../src/local/slack-standin/index.ts';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';

export const INTAKE_TOKEN = 'test-intake-token-0123456789';
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export const ROSTER: CellValue[][] = [
  ['name', 'email', 'slack_id', 'active'],
  ['Ayu', 'ayu@example.com', 'UAYU', 'ON'],
  ['Bima', 'bima@example.com', 'UBIMA', 'ON'],
  ['Citra', 'citra@example.com', 'UCITRA', 'ON'],
];

/** The reps of ROSTER and a manager, as Slack users. */
export const SLACK_USERS = [
  { id: 'UAYU', name: 'ayu' },
  { id: 'UBIMA', name: 'bima' },
  { id: 'UCITRA', name: 'citra' },
  { id: 'UMGR', name: 'manager' },
];

export interface HarnessOptions {
  seed?: Record<string, CellValue[][]>;
  env?: Record<string, string>;
  clock?: Clock;
  /** Which duplicate an addSheet is refused for first (Google does not document it). */
  addSheetConflictFirst?: 'title' | 'sheetId';
}

export interface Harness {
  baton: Baton;
  dataDir: string;
  sheets: SheetsStandin;
  slack: SlackStandin;
  url: string;
  clock: { at: number; now(): number };
  postLead(body: unknown, init?: { headers?: Record<string, string>; raw?: string; contentType?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  click(args: { user: string; channel: string; ts: string; value: string }, opts?: { timestampSeconds?: number; signatureOverride?: string }): Promise<{ status: number; body: string }>;
  settle(): Promise<void>;
  leadRows(): Record<string, CellValue>[];
  auditRows(): Record<string, CellValue>[];
  stop(): Promise<void>;
}

function records(rows: CellValue[][]): Record<string, CellValue>[] {
  const [header, ...data] = rows;
  return data.map((row) => Object.fromEntries((header ?? []).map((name, i) => [String(name), row[i] ?? ''])));
}

/** The real Baton (googleapis, Bolt, WebClient) against local Sheets and Slack stand-ins on 127.0.0.1. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sheets = await startSheetsStandin({ seed: options.seed ?? { sales_sheet: ROSTER }, addSheetConflictFirst: options.addSheetConflictFirst });
  const slack = await startSlackStandin({ botToken: BOT_TOKEN, users: [...SLACK_USERS, { id: 'USTRANGER', name: 'stranger' }] });
  const clock = { at: Date.now(), now() { return this.at; } };
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  const config = loadConfig({
    ...standinEnv(sheets, slack),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEFAULT_COUNTRY: 'ID',
    SLA_MINUTES: '60',
    ESCALATION_THRESHOLD: '3',
    // Quota pacing has its own tests; here it would only make the suite wait.
    SHEETS_READS_PER_MINUTE: '6000',
    SHEETS_WRITES_PER_MINUTE: '6000',
    ...options.env,
  });
  const baton = createBaton({
    config,
    log: createLogger(config.LOG_LEVEL),
    clock: options.clock ?? clock,
    secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: sheets.spreadsheetId },
    listen: { port: 0, host: '127.0.0.1' },
  });
  const { url } = await baton.start();

  const settle = async () => {
    await baton.ctx.background.idle();
  };
  return {
    baton,
    dataDir,
    sheets,
    slack,
    url,
    clock,
    async postLead(body, init = {}) {
      const response = await fetch(`${url}/webhooks/lead`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': init.contentType ?? 'application/json', ...init.headers },
        body: init.raw ?? JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON; keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async click({ user, channel, ts, value }, opts = {}) {
      const payload = buildBlockActionsPayload({ user: { id: user }, message: { channel, ts }, action: { action_id: 'mark_contacted', value } });
      return sendSignedInteraction({ eventsUrl: `${url}/slack/events`, signingSecret: SIGNING_SECRET, payload, ...opts });
    },
    settle,
    leadRows: () => records(sheets.readTab('lead_sheet')),
    auditRows: () => records(sheets.readTab('audit_log')),
    async stop() {
      await baton.stop();
      await Promise.all([sheets.stop(), slack.stop()]);
    },
  };
}

/** Production-mode settings that point Baton at local stand-ins; everything else keeps its default. */
export function standinEnv(sheets: SheetsStandin, slack: SlackStandin, secrets = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN }): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: secrets.botToken,
    SLACK_SIGNING_SECRET: secrets.signingSecret,
    GOOGLE_SHEETS_ID: sheets.spreadsheetId,
    SHEETS_EMULATOR_HOST: sheets.hostPort,
    SLACK_API_URL: slack.url,
    INTAKE_TOKEN: secrets.intakeToken,
    MANAGER_SLACK_IDS: 'UMGR',
  };
}

/** The production environment of a test's Baton process pointed at this harness's stand-ins. */
export function productionEnv(h: Pick<Harness, 'sheets' | 'slack'>): Record<string, string> {
  return {
    ...standinEnv(h.sheets, h.slack),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'baton-test-')),
    ESCALATION_THRESHOLD: '3',
    SHEETS_READS_PER_MINUTE: '6000',
    SHEETS_WRITES_PER_MINUTE: '6000',
  };
}

/** A second Baton process (same sheet, same Slack), as when `npm run sweep` runs beside a server. */
export async function startSecondBaton(h: Harness, clock: Clock = h.clock): Promise<Baton> {
  const config = loadConfig({ ...productionEnv(h), LOG_LEVEL: 'silent' });
  const baton = createBaton({
    config,
    log: createLogger('silent'),
    clock,
    secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: h.sheets.spreadsheetId },
    listen: { port: 0, host: '127.0.0.1' },
  });
  await baton.store.init();
  return baton;
}

/** The Mark as CONTACTED button of the newest message in someone's inbox. */
export function latestButton(slack: SlackStandin, userId: string): { channel: string; ts: string; value: string } | undefined {
  const messages = slack.inbox(userId).filter((m) => !m.ephemeral);
  for (const message of [...messages].reverse()) {
    for (const block of message.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>) {
      const button = block.elements?.find((element) => element.action_id === 'mark_contacted');
      if (button?.value) return { channel: message.channel, ts: message.ts, value: button.value };
    }
  }
  return undefined;
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
