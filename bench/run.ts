/**
 * `npm run bench`: Baton's performance figures (issue 5, "Targets") measured against the local
 * Sheets and Slack stand-ins, with deterministic inputs. Prints one table with every figure.
 *
 * Settings (environment):
 *   BENCH_SHEETS_LATENCY_MS  delay the Sheets stand-in adds to every request (default 100, like Google)
 *   BENCH_QUICK=1            skip the one-minute throughput run and measure idle over 65 s instead of 120 s
 *   BENCH_SERIAL=1           run the long-waiting scenarios (SLA timer, idle) one after another, not beside the rest
 *   BENCH_ONLY=1,4,8         run only these figures (development aid; BENCH_ONLY=9 is `npm run sweep` as its own process)
 *   BENCH_BURST              concurrent intakes in figure 2 (default 200)
 *   BENCH_THROUGHPUT_LEADS   leads offered in figure 3 (default 1200, spread evenly over 60 s)
 *   BENCH_PG_ADMIN_URL       PostgreSQL server for figures 10-15 (default postgres://postgres@127.0.0.1:5432/test;
 *                            a database of the run's own is created there and dropped); BENCH_PG_RATE (intakes/s
 *                            offered, default 400), BENCH_PG_SECONDS (20), BENCH_PG_LEADS (1 000 000)
 */
import { cpus, platform, release, totalmem } from 'node:os';
import {
  ackScenario,
  idleScenario,
  intakeScenario,
  slaScenario,
  sweep1000Scenario,
  sweep50kScenario,
  throughputScenario,
  type BenchSettings,
  type Row,
  type ScenarioResult,
} from './scenarios.ts';
import { sweepProcessScenario } from './sweep-process.ts';
import { ROUTING_FIGURE, routingPolicyScenario } from './routing-policy.ts';
import { PG_FIGURES, postgresScenario } from './postgres.ts';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return value;
}

const settings: BenchSettings = {
  latencyMs: intFromEnv('BENCH_SHEETS_LATENCY_MS', 100),
  quick: process.env.BENCH_QUICK === '1',
  burst: intFromEnv('BENCH_BURST', 200),
  throughputLeads: intFromEnv('BENCH_THROUGHPUT_LEADS', 1200),
  throughputSeconds: 60,
};
const serial = process.env.BENCH_SERIAL === '1';
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const wanted = (...ids: string[]) => only.size === 0 || ids.some((id) => only.has(id));

const FIGURES: Record<string, { figure: string; target: string }> = {
  '1': { figure: 'Sheets requests, one isolated intake', target: '≤ 2' },
  '2': { figure: `Sheets requests per lead, burst of ${settings.burst}`, target: '≤ 0.1' },
  '3': { figure: 'Leads accepted/min under 60 req/min quotas', target: '≥ 1000, ≤ 60/min each, 0×429' },
  '4': { figure: 'Sheets requests per sweep, 1000 leads, 0 / 20 due', target: '≤ 1 / ≤ 2' },
  '5': { figure: 'Re-route lateness after SLA deadline (defaults)', target: '≤ 60 s' },
  '6': { figure: 'Sheets requests/min when idle', target: '≤ 1' },
  '7': { figure: 'Button ack latency, Sheets answering in 2 s', target: '< 100 ms' },
  '8': { figure: 'Sweep CPU / peak RSS, 50 000 leads', target: '< 0.5 s, < 150 MB' },
  '9': { figure: '`npm run sweep` process, 1000 leads: requests, 0 / 20 due', target: '1 / ≤ 4' },
  // 10-15: the PostgreSQL store (issue 11), against the machine's server; BENCH_ONLY=10,11,… for these alone.
  ...PG_FIGURES,
  // 20: the routing policy (issue 12), pure and in-process: BENCH_ONLY=20.
  ...ROUTING_FIGURE,
};

const rows = new Map<string, Row>();
const notes: string[] = [];
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function run(ids: string[], name: string, scenario: (s: BenchSettings) => Promise<ScenarioResult>): Promise<void> {
  if (!wanted(...ids)) return;
  const started = Date.now();
  log(`${name} …`);
  try {
    const result = await scenario(settings);
    for (const row of result.rows) rows.set(row.id, row);
    notes.push(...result.notes);
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name} FAILED: ${message}`);
    for (const id of ids) {
      const figure = FIGURES[id] as { figure: string; target: string };
      rows.set(id, { id, ...figure, measured: `error: ${message.slice(0, 60)}`, verdict: 'ERROR' });
    }
    notes.push(`[${ids.join(',')}] ERROR: ${message}`);
  }
}

function printTable(): void {
  const ordered = Object.keys(FIGURES).map(
    (id) => rows.get(id) ?? { id, ...(FIGURES[id] as { figure: string; target: string }), measured: only.size > 0 && !only.has(id) ? 'not run (BENCH_ONLY)' : 'skipped', verdict: 'skipped' as const },
  );
  const header = ['#', 'figure', 'measured', 'target', 'result'];
  const cells = ordered.map((r) => [r.id, r.figure, r.measured, r.target, r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`;
  const cpu = cpus();
  const out = [
    '',
    `Baton benchmark — Node ${process.version} on ${platform()} ${release()}, CPU ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GB RAM`,
    `Sheets stand-in latency ${settings.latencyMs} ms per request; ${settings.quick ? 'BENCH_QUICK=1 (figure 3 skipped, idle over 65 s)' : 'full run'}; ` +
      `${serial ? 'scenarios one after another' : 'figures 5 and 6 (waiting on timers) ran beside the others, each against its own stand-ins'}; ${new Date().toISOString()}`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
    '',
    'Notes (per scenario: what was counted, Sheets reads R / writes W, ledger stats):',
    ...[...notes].sort((a, b) => a.slice(0, 4).localeCompare(b.slice(0, 4))).map((n) => `  ${n}`),
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  // Figure 7 first, while nothing else runs in this process: it measures a latency.
  await run(['7'], 'button ack latency (7)', ackScenario);
  // Figures 5 and 6 mostly wait on Baton's own timers; their counts are of their own stand-ins.
  const waiting = async () => {
    await run(['5'], 'SLA deadline timer (5)', slaScenario);
    await run(['6'], 'idle requests (6)', idleScenario);
  };
  const background = serial
    ? undefined
    : Promise.all([run(['6'], 'idle requests (6)', idleScenario), run(['5'], 'SLA deadline timer (5)', slaScenario)]);
  await run(['1', '2'], 'intake and burst (1, 2)', intakeScenario);
  await run(['4'], 'sweep of 1000 leads (4)', sweep1000Scenario);
  await run(['8'], 'sweep of 50 000 leads in a child process (8)', sweep50kScenario);
  await run(['9'], '`npm run sweep` as its own process, 1000 leads (9)', sweepProcessScenario);
  await run(['20'], 'routing policy: 200 reps, 100 rules (20)', routingPolicyScenario);
  await run(Object.keys(PG_FIGURES), 'PostgreSQL store (10-15)', (s) => postgresScenario(s, wanted));
  if (settings.quick) log('throughput (3) skipped: BENCH_QUICK=1');
  else await run(['3'], 'throughput under quota (3)', throughputScenario);
  if (background) await background;
  else await waiting();
  log(`all done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printTable();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
