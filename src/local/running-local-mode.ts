import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a running local mode tells `npm run sweep|setup|doctor` started beside it. */
export interface RunningLocalMode {
  pid: number;
  /** The sandbox page, e.g. http://localhost:3000/ */
  url: string;
  sheetsHostPort: string;
  slackApiUrl: string;
}

const FILE = 'local-mode.json';

export function localModeFile(dataDir: string): string {
  return join(resolve(dataDir), FILE);
}

export function announceLocalMode(dataDir: string, running: RunningLocalMode): () => void {
  const file = localModeFile(dataDir);
  writeFileSync(file, JSON.stringify(running));
  return () => {
    // Only our own announcement: a newer process on the same DATA_DIR may have replaced it.
    if (readRunning(file)?.pid === running.pid) rmSync(file, { force: true });
  };
}

function readRunning(file: string): RunningLocalMode | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as RunningLocalMode;
    return typeof value.pid === 'number' && typeof value.url === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The local mode running on this DATA_DIR, if its process is alive. */
export function findRunningLocalMode(dataDir: string): RunningLocalMode | undefined {
  const running = readRunning(localModeFile(dataDir));
  if (!running) return undefined;
  try {
    process.kill(running.pid, 0);
    return running;
  } catch {
    return undefined;
  }
}

/** Settings that point a CLI at a running local mode's stand-ins (nothing when none runs or a sheet is configured). */
export function withRunningLocalMode(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.GOOGLE_SHEETS_ID || env.SHEETS_EMULATOR_HOST) return env;
  const running = findRunningLocalMode(env.DATA_DIR?.trim() || '.data');
  if (!running) return env;
  return { ...env, SHEETS_EMULATOR_HOST: running.sheetsHostPort, SLACK_API_URL: env.SLACK_API_URL ?? running.slackApiUrl };
}

export const START_LOCAL_MODE_HINT = 'local mode is not running on this DATA_DIR: start it with `npm start` (in another terminal), then run this again';
