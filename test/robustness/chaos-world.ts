/**
 * The world a chaos run acts on: a Sheets and a Slack stand-in in this process, and Baton as
 * `npm start` runs it (the bundle, production mode, real googleapis + Bolt + WebClient) in a child
 * process that can be SIGKILLed and restarted on the same DATA_DIR. `npm run sweep` runs as its own
 * process beside it, as an operator's cron would.
 *
 * Time: a child's clock is moved by a preload (the libfaketime idea, in test code only) that adds
 * an offset read from a file to Date.now(); a running server re-reads it on SIGUSR2 and confirms.
 * Baton's own timers still count real milliseconds, so after a skip the overdue leads are swept by
 * the `npm run sweep` process, a restart's startup sweep, or a timer Baton re-arms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSheetsStandin, type CellValue, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { buildBlockActionsPayload, sendSignedInteraction, startSlackStandin, type SlackStandin } from '../../src/local/slack-standin/index.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { BOT_TOKEN, INTAKE_TOKEN, SIGNING_SECRET, standinEnv } from '../support/harness.ts';
import { npmScriptNodeArgs } from '../support/npm-start.ts';
import { freePort, healthy, rawRequest, waitUntil, type RawResponse } from './support.ts';

/** Ayu, Bima and Citra stay ON for the whole run; Dewi is switched on and off by the admin. */
export const STEADY_REPS = ['UAYU', 'UBIMA', 'UCITRA'] as const;
export const TOGGLED_REP = 'UDEWI';
export const MANAGER = 'UMGR';
export const STRANGER = 'USTRANGER';
export const SLA_MINUTES = 60;
export const ESCALATION_THRESHOLD = 2;

export const CHAOS_ROSTER: CellValue[][] = [
  ['name', 'email', 'slack_id', 'active'],
  ['Ayu', 'ayu@example.com', 'UAYU', 'ON'],
  ['Bima', 'bima@example.com', 'UBIMA', 'ON'],
  ['Citra', 'citra@example.com', 'UCITRA', 'ON'],
  ['Dewi', 'dewi@example.com', TOGGLED_REP, 'ON'],
];

const CLOCK_PRELOAD = `
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.env.CHAOS_CLOCK_FILE;
if (file) {
  const realNow = Date.now;
  let offset = 0;
  const load = () => {
    try { offset = Number(readFileSync(file, 'utf8').trim()) || 0; } catch { offset = 0; }
    try { writeFileSync(file + '.ack.' + process.pid, String(offset)); } catch {}
  };
  load();
  Date.now = () => realNow.call(Date) + offset;
  process.on('SIGUSR2', load);
}
`;

export interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export interface SweepRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function alive(running: Running | undefined): boolean {
  return running !== undefined && running.child.exitCode === null && running.child.signalCode === null;
}

export class ChaosWorld {
  server: Running | undefined;
  offsetMs = 0;
  readonly children: Running[] = [];

  private constructor(
    readonly sheets: SheetsStandin,
    readonly slack: SlackStandin,
    readonly dir: string,
    readonly dataDir: string,
    readonly port: number,
    readonly bundleRoot: string,
  ) {}

  /** `bundleRoot` is the checkout whose dist/ runs (default: this one). */
  static async create(bundleRoot = PROJECT_ROOT): Promise<ChaosWorld> {
    const sheets = await startSheetsStandin({ seed: { sales_sheet: CHAOS_ROSTER } });
    const slack = await startSlackStandin({
      botToken: BOT_TOKEN,
      users: [
        { id: 'UAYU', name: 'ayu' },
        { id: 'UBIMA', name: 'bima' },
        { id: 'UCITRA', name: 'citra' },
        { id: TOGGLED_REP, name: 'dewi' },
        { id: MANAGER, name: 'manager' },
        { id: STRANGER, name: 'stranger' },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'baton-chaos-'));
    const dataDir = join(dir, 'data');
    writeFileSync(join(dir, 'clock-preload.mjs'), CLOCK_PRELOAD);
    writeFileSync(join(dir, 'clock-offset'), '0');
    return new ChaosWorld(sheets, slack, dir, dataDir, await freePort(), bundleRoot);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Baton's notion of now: the real clock plus the skipped minutes. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  private env(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      ...standinEnv(this.sheets, this.slack),
      MANAGER_SLACK_IDS: MANAGER,
      PORT: String(this.port),
      DATA_DIR: this.dataDir,
      // CHAOS_LOG_LEVEL=info with CHAOS_LOG_DIR=<dir> keeps every child's full log, to follow a failing seed.
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      DEFAULT_COUNTRY: 'ID',
      SLA_MINUTES: String(SLA_MINUTES),
      ESCALATION_THRESHOLD: String(ESCALATION_THRESHOLD),
      // Quota pacing has its own tests; here it would only stretch the run.
      SHEETS_READS_PER_MINUTE: '6000',
      SHEETS_WRITES_PER_MINUTE: '6000',
      CHAOS_CLOCK_FILE: join(this.dir, 'clock-offset'),
    };
  }

  private spawnBundle(script: 'start' | 'sweep'): Running {
    const args = npmScriptNodeArgs(script).map((arg) => (arg.startsWith('dist/') ? join(this.bundleRoot, arg) : arg));
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(this.dir, 'clock-preload.mjs')).href, ...args], {
      cwd: this.bundleRoot,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const running: Running = { child, exited, output: () => out };
    this.children.push(running);
    return running;
  }

  /** Starts `npm start`'s bundle and waits for /healthz, and for the startup sweep unless Sheets is down. */
  async startServer(waitForSweep: boolean): Promise<Running> {
    if (alive(this.server)) throw new Error('chaos: a server is already running');
    const running = this.spawnBundle('start');
    this.server = running;
    await waitUntil(async () => {
      if (!alive(running)) throw new Error(`chaos: baton exited during startup:\n${running.output().slice(-3000)}`);
      return healthy(this.url, 1_000);
    }, 30_000, 'the child baton to answer /healthz');
    if (waitForSweep) {
      await waitUntil(async () => (await this.readyz())?.last_sweep != null, 30_000, 'the startup sweep');
    }
    return running;
  }

  async kill(): Promise<void> {
    const server = this.server;
    if (!server || !alive(server)) return;
    server.child.kill('SIGKILL');
    await server.exited;
  }

  /** SIGTERM and the graceful exit Baton promises (code 0 within 10 s). */
  async stopGracefully(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const server = this.server;
    if (!server || !alive(server)) return { code: null, signal: null, ms: 0 };
    const at = Date.now();
    server.child.kill('SIGTERM');
    const exit = await Promise.race([server.exited, new Promise<{ code: null; signal: null }>((resolve) => setTimeout(() => resolve({ code: null, signal: null }), 15_000))]);
    if (alive(server)) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    return { ...exit, ms: Date.now() - at };
  }

  async readyz(): Promise<Record<string, any> | undefined> {
    if (!alive(this.server)) return undefined;
    const res = await rawRequest(this.url, { method: 'GET', path: '/readyz', timeoutMs: 3_000 });
    return res.json as Record<string, any> | undefined;
  }

  /** Moves every Baton clock forward; a running server confirms it re-read the offset. */
  async skipMinutes(minutes: number): Promise<void> {
    this.offsetMs += minutes * 60_000;
    const file = join(this.dir, 'clock-offset');
    writeFileSync(file, String(this.offsetMs));
    const server = this.server;
    if (!server || !alive(server) || server.child.pid === undefined) return;
    const ack = `${file}.ack.${server.child.pid}`;
    server.child.kill('SIGUSR2');
    await waitUntil(() => existsSync(ack) && readFileSync(ack, 'utf8') === String(this.offsetMs), 10_000, 'the server to take the new clock');
  }

  /** `npm run sweep` as its own process, with the same environment and clock. */
  async sweepProcess(): Promise<SweepRun> {
    const running = this.spawnBundle('sweep');
    const exit = await Promise.race([running.exited, new Promise<{ code: null; signal: null }>((resolve) => setTimeout(() => resolve({ code: null, signal: null }), 60_000))]);
    if (alive(running)) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    const out = running.output();
    return { code: exit.code, stdout: out.split('\n').filter((line) => line.startsWith('sweep:')).join('\n'), stderr: out.slice(-2000) };
  }

  postLead(key: string, body: Record<string, string>): Promise<RawResponse> {
    return rawRequest(this.url, {
      path: '/webhooks/lead',
      headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      timeoutMs: 30_000,
    });
  }

  /** A signed button click as Slack sends it, timestamped on Baton's clock; status 0 when nobody answered. */
  async click(user: string, button: { channel: string; ts: string; value: string }): Promise<number> {
    const payload = buildBlockActionsPayload({ user: { id: user }, message: { channel: button.channel, ts: button.ts }, action: { action_id: 'mark_contacted', value: button.value } });
    try {
      const res = await sendSignedInteraction({ eventsUrl: `${this.url}/slack/events`, signingSecret: SIGNING_SECRET, payload, timestampSeconds: Math.floor(this.now() / 1000) });
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Outbox journal files with content left behind (leads or clicks accepted, not yet written). */
  journalBytes(): number {
    if (!existsSync(this.dataDir)) return 0;
    return readdirSync(this.dataDir)
      .filter((file) => file.endsWith('.jsonl'))
      .reduce((sum, file) => sum + readFileSync(join(this.dataDir, file)).length, 0);
  }

  /** Waits until neither stand-in has seen a request for `quietMs` (Baton's background work is done). */
  async quiet(quietMs: number, timeoutMs: number): Promise<void> {
    let last = -1;
    let since = Date.now();
    await waitUntil(() => {
      const seen = this.sheets.counts().total + this.slack.calls.length;
      if (seen !== last) {
        last = seen;
        since = Date.now();
        return false;
      }
      return Date.now() - since >= quietMs;
    }, timeoutMs, `${quietMs} ms without Sheets or Slack traffic`, 100);
  }

  async close(): Promise<void> {
    for (const running of this.children) {
      if (alive(running)) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    }
    await Promise.all([this.sheets.stop(), this.slack.stop()]);
    const logDir = process.env.CHAOS_LOG_DIR;
    if (logDir) this.children.forEach((running, i) => writeFileSync(join(logDir, `child-${String(i).padStart(2, '0')}.log`), running.output()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
