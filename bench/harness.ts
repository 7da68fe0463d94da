import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBaton, type Baton } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { SkippableClock } from '../src/local/local-clock.ts';
import { startSheetsStandin, type CellValue, type QuotaBudget, type SheetsStandin } from '../src/local/sheets-standin/index.ts';
import { buildBlockActionsPayload, sendSignedInteraction, startSlackStandin, type SlackStandin } from '../src/local/slack-standin/index.ts';
import { createLogger } from '../src/log.ts';
import { standinEnv } from '../test/support/harness.ts';
import { ROSTER, SLACK_USERS } from './inputs.ts';

export const INTAKE_TOKEN = 'bench-intake-token-0123456789';
export const SIGNING_SECRET = 'bench-signing-secret';
export const BOT_TOKEN = 'xoxb-bench-token';
/** A cron that never fires during a run (1 January, 00:00): keeps the hourly safety net out of per-request counts. */
export const QUIET_CRON = '0 0 1 1 *';

export interface BenchOptions {
  latencyMs: number;
  seed?: Record<string, CellValue[][]>;
  quota?: QuotaBudget;
  /** Extra or overriding Baton settings; defaults are Baton's own. */
  env?: Record<string, string>;
}

export interface Bench {
  baton: Baton;
  sheets: SheetsStandin;
  slack: SlackStandin;
  clock: SkippableClock;
  url: string;
  postLead(body: unknown, signal?: AbortSignal): Promise<{ status: number; body: Record<string, unknown> }>;
  click(button: Button, user: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export interface Button {
  channel: string;
  ts: string;
  value: string;
  blocks: unknown[];
}

export function baseEnv(dataDir: string, sheets: SheetsStandin, slack: SlackStandin): Record<string, string> {
  return {
    ...standinEnv(sheets, slack, { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN }),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  };
}

/** Local Sheets and Slack stand-ins on 127.0.0.1, and the real Baton (googleapis, Bolt, WebClient) against them. */
export async function startBench(options: BenchOptions): Promise<Bench> {
  const sheets = await startSheetsStandin({
    seed: options.seed ?? { sales_sheet: ROSTER },
    latencyMs: options.latencyMs,
    ...(options.quota ? { quotaPerMinute: options.quota } : {}),
  });
  const slack = await startSlackStandin({ botToken: BOT_TOKEN, users: SLACK_USERS });
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const config = loadConfig({ ...baseEnv(dataDir, sheets, slack), ...options.env });
  const clock = new SkippableClock();
  const baton = createBaton({
    config,
    log: createLogger(config.LOG_LEVEL),
    clock,
    secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: sheets.spreadsheetId },
    listen: { port: 0, host: '127.0.0.1' },
  });
  const { url } = await baton.start();
  await baton.ctx.background.idle();

  return {
    baton,
    sheets,
    slack,
    clock,
    url,
    async postLead(body, signal) {
      const response = await fetch(`${url}/webhooks/lead`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { text };
      }
      return { status: response.status, body: parsed };
    },
    click(button, user) {
      const payload = buildBlockActionsPayload({
        user: { id: user },
        message: { channel: button.channel, ts: button.ts, blocks: button.blocks },
        action: { action_id: 'mark_contacted', value: button.value },
      });
      return sendSignedInteraction({ eventsUrl: `${url}/slack/events`, signingSecret: SIGNING_SECRET, payload });
    },
    async stop() {
      await baton.stop();
      await Promise.all([sheets.stop(), slack.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Mark as CONTACTED button of a lead's newest DM. */
export function buttonFor(slack: SlackStandin, leadId: string): Button | undefined {
  const messages = slack.messages().filter((m) => !m.ephemeral);
  for (const message of [...messages].reverse()) {
    for (const block of message.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>) {
      const button = block.elements?.find((element) => element.action_id === 'mark_contacted');
      if (button?.value && button.value.includes(`"${leadId}"`)) return { channel: message.channel, ts: message.ts, value: button.value, blocks: message.blocks };
    }
  }
  return undefined;
}

/** Rows of a tab as objects keyed by the header row. */
export function records(rows: CellValue[][]): Array<Record<string, CellValue>> {
  const [header, ...data] = rows;
  return data.map((row) => Object.fromEntries((header ?? []).map((name, i) => [String(name), row[i] ?? ''])));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` gives a truthy value; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs: number, everyMs = 50): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Resolves when `promise` does, or rejects after `ms` (a bound on every wait). */
export function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a child process to its end (killed after `timeoutMs`); what it printed and how it exited. */
export async function runChild(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, stdout, stderr };
}
