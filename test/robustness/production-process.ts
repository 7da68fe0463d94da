/**
 * Baton as `npm start` runs it (the bundle, production mode) in a child process pointed at
 * stand-ins in the test process: started, waited for, SIGKILLed. Not a test file itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startSheetsStandin, type CellValue, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin, type StandinUser } from '../../src/local/slack-standin/index.ts';
import { INTAKE_TOKEN, standinEnv } from '../support/harness.ts';
import { npmScriptNodeArgs } from '../support/npm-start.ts';
import { freePort, healthy, rawRequest, waitUntil, type RawResponse } from './support.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BatonProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last 4000 characters the process wrote (stdout and stderr), for failure messages. */
  output: () => string;
  alive: () => boolean;
  /** SIGKILL (no-op once it has exited) and wait for the exit. */
  kill: () => Promise<void>;
}

export interface ProductionSetup {
  sheets: SheetsStandin;
  slack: SlackStandin;
  port: number;
  dataDir: string;
  env?: Record<string, string>;
}

/** Spawns `node <npm start's flags> dist/main.js` with a clean production environment. */
export function spawnBaton(setup: ProductionSetup): BatonProcess {
  const child = spawn(process.execPath, npmScriptNodeArgs('start'), {
    cwd: ROOT,
    // Nothing inherited that could switch modes or settings.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      ...standinEnv(setup.sheets, setup.slack),
      PORT: String(setup.port),
      DATA_DIR: setup.dataDir,
      LOG_LEVEL: 'warn',
      ...setup.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    output: () => output.slice(-4000),
    alive,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Spawns Baton and resolves once it answers /healthz and its startup sweep has run (/readyz last_sweep). */
export async function startBatonProcess(setup: ProductionSetup): Promise<BatonProcess> {
  const running = spawnBaton(setup);
  const url = `http://127.0.0.1:${setup.port}`;
  try {
    await waitUntil(async () => {
      if (!running.alive()) throw new Error(`baton exited during startup:\n${running.output()}`);
      return healthy(url, 1_000);
    }, 30_000, 'the child baton to answer /healthz');
    await waitUntil(async () => {
      const res = await rawRequest(url, { method: 'GET', path: '/readyz', timeoutMs: 2_000 });
      return res.json?.last_sweep != null;
    }, 30_000, 'the startup sweep');
  } catch (error) {
    await running.kill();
    throw error;
  }
  return running;
}

/** Stand-ins, a DATA_DIR and every Baton process a test file starts on them; cleaned up after the file. */
export interface ProductionFixture {
  sheets: SheetsStandin;
  slack: SlackStandin;
  setup: ProductionSetup;
  url(): string;
  /** Starts Baton on the fixture's stand-ins and DATA_DIR, and waits for its startup sweep. */
  start(): Promise<BatonProcess>;
  /** A lead posted to the webhook as a form provider does, with its Idempotency-Key. */
  postLead(key: string, body: Record<string, string>): Promise<RawResponse>;
}

/** Registers the file's beforeAll/afterAll: stand-ins seeded with `roster`, a fresh DATA_DIR, processes killed at the end. */
export function useProductionProcesses(options: { roster: CellValue[][]; users: StandinUser[]; dataDirPrefix: string; env?: Record<string, string> }): ProductionFixture {
  const processes: BatonProcess[] = [];
  const fixture = {
    url: () => `http://127.0.0.1:${fixture.setup.port}`,
    async start() {
      const running = await startBatonProcess(fixture.setup);
      processes.push(running);
      return running;
    },
    postLead: (key, body) =>
      rawRequest(fixture.url(), {
        path: '/webhooks/lead',
        headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        timeoutMs: 30_000,
      }),
  } as ProductionFixture;
  beforeAll(async () => {
    fixture.sheets = await startSheetsStandin({ seed: { sales_sheet: options.roster } });
    fixture.slack = await startSlackStandin({ users: options.users, botToken: 'xoxb-test-token' });
    fixture.setup = {
      sheets: fixture.sheets,
      slack: fixture.slack,
      port: await freePort(),
      dataDir: mkdtempSync(join(tmpdir(), options.dataDirPrefix)),
      ...(options.env ? { env: options.env } : {}),
    };
  }, 30_000);
  afterAll(async () => {
    for (const running of processes) await running.kill();
    await Promise.all([fixture.sheets?.stop(), fixture.slack?.stop()]);
    if (fixture.setup?.dataDir) rmSync(fixture.setup.dataDir, { recursive: true, force: true });
  }, 30_000);
  return fixture;
}
