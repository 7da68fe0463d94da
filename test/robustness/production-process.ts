/**
 * Baton as `npm start` runs it (the bundle, production mode) in a child process pointed at
 * stand-ins in the test process: started, waited for, SIGKILLed. Not a test file itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import type { SlackStandin } from '../../src/local/slack-standin/index.ts';
import { standinEnv } from '../support/harness.ts';
import { npmScriptNodeArgs } from '../support/npm-start.ts';
import { healthy, rawRequest, waitUntil } from './support.ts';

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
