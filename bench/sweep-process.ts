/**
 * Figure 9: what `npm run sweep` costs as its own process, counted by the Sheets stand-in from the
 * process's start to its exit (startup, the sweep, its DMs and their records), by request kind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSheetsStandin, type CellValue, type RequestLogEntry, type SheetsStandin } from '../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin } from '../src/local/slack-standin/index.ts';
import { TAB_NAMES, TABS } from '../src/stores/sheets/schema.ts';
import { npmScriptNodeArgs } from '../test/support/npm-start.ts';
import { baseEnv, BOT_TOKEN, runChild } from './harness.ts';
import { ROSTER, seededLeadRows, SLACK_USERS } from './inputs.ts';
import type { BenchSettings, ScenarioResult } from './scenarios.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = { idle: 1, due20: 4 };

/** A Sheets API request as its method is named in Google's reference, from the stand-in's log entry. */
export function requestKind(entry: Pick<RequestLogEntry, 'method' | 'path'>): string {
  const match = /^\/v4\/spreadsheets\/[^/:]+(.*)$/.exec(entry.path);
  const rest = match?.[1] ?? entry.path;
  if (rest === '') return entry.method === 'GET' ? 'spreadsheets.get' : `${entry.method} spreadsheet`;
  if (rest === ':batchUpdate') return 'spreadsheets.batchUpdate';
  const values = /^\/values(:\w+)?(?:\/(.*))?$/.exec(rest);
  if (values) {
    if (values[1]) return `values.${values[1].slice(1)}`;
    const range = values[2] ?? '';
    if (entry.method === 'GET') return 'values.get';
    if (entry.method === 'PUT') return 'values.update';
    const verb = /:(\w+)$/.exec(range);
    if (verb) return `values.${verb[1]}`;
  }
  return `${entry.method} ${rest}`;
}

function byKind(log: readonly RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) counts.set(requestKind(entry), (counts.get(requestKind(entry)) ?? 0) + 1);
  return counts;
}

const describeKinds = (counts: Map<string, number>) =>
  [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none';

/** Runs `npm run sweep` (node, its flags, dist/sweep.js) once; resolves with its summary line. */
async function runSweepProcess(env: Record<string, string>): Promise<string> {
  const { code, stdout, stderr } = await runChild(npmScriptNodeArgs('sweep'), {
    cwd: ROOT,
    // A clean production environment: nothing inherited that could switch modes or settings.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    timeoutMs: 120_000,
  });
  if (code !== 0) throw new Error(`npm run sweep exited ${code}: ${stderr.trim().slice(-1500)}`);
  return stdout.trim();
}

/** One measured run: the stand-in's counters cover exactly the process's life. */
async function measure(sheets: SheetsStandin, env: Record<string, string>): Promise<{ line: string; total: number; kinds: Map<string, number>; rerouted: number }> {
  sheets.resetCounts();
  const line = await runSweepProcess(env);
  const kinds = byKind(sheets.requestLog);
  const rerouted = Number(/(\d+) re-routed/.exec(line)?.[1] ?? Number.NaN);
  return { line, total: sheets.counts().total, kinds, rerouted };
}

export async function sweepProcessScenario(s: BenchSettings): Promise<ScenarioResult> {
  const mix = { total: 1000, newShare: 0.3, now: Date.now(), slaMinutes: 60, seed: 9 };
  // Every tab Baton keeps, with its header row: a sheet in use, not one the sweep must first set up.
  const seed: Record<string, CellValue[][]> = {
    ...Object.fromEntries(TAB_NAMES.map((name) => [TABS[name].title, [[...TABS[name].headers]]])),
    [TABS.roster.title]: ROSTER,
    [TABS.leads.title]: seededLeadRows({ ...mix, due: 0 }),
  };
  const sheets = await startSheetsStandin({ seed, latencyMs: s.latencyMs });
  const slack: SlackStandin = await startSlackStandin({ botToken: BOT_TOKEN, users: SLACK_USERS });
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const env = baseEnv(dataDir, sheets, slack);
  try {
    const idle = await measure(sheets, env);
    // 20 NEW leads are now past their deadline.
    sheets.writeTab('lead_sheet', seededLeadRows({ ...mix, due: 20 }));
    const due = await measure(sheets, env);
    const ok = idle.total <= TARGET.idle && due.total <= TARGET.due20 && due.rerouted === 20;
    return {
      rows: [
        {
          id: '9',
          figure: '`npm run sweep` process, 1000 leads: requests, 0 / 20 due',
          measured: `${idle.total} / ${due.total} (${due.rerouted} re-routed)`,
          target: `${TARGET.idle} / ≤ ${TARGET.due20}`,
          verdict: ok ? 'PASS' : 'MISS',
        },
      ],
      notes: [
        `[9] \`npm run sweep\` as its own process (node ${npmScriptNodeArgs('sweep').join(' ')}), Sheets requests from start to exit, counted by the stand-in:`,
        `[9]   0 due: ${idle.total} (${describeKinds(idle.kinds)}), target ${TARGET.idle}; "${idle.line}"`,
        `[9]   20 due: ${due.total} (${describeKinds(due.kinds)}), target ≤ ${TARGET.due20} (one read, the layout only when it must write, one commit, one commit recording all DMs); "${due.line}"`,
      ],
    };
  } finally {
    await Promise.all([sheets.stop(), slack.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
