/**
 * Figures 10-15 (issue 11): Baton on the machine's PostgreSQL server (127.0.0.1:5432, trust auth;
 * BENCH_PG_ADMIN_URL elsewhere). Each run creates its own database and drops it at the end.
 *
 * - 10/11/12: Baton processes (`npm start`'s node and flags, dist/main.js) against the Sheets and
 *   Slack stand-ins, leads in PostgreSQL; a load generator in this process offers BENCH_PG_RATE
 *   intakes/s (default 400 = 24 000/min) spread over the instances for BENCH_PG_SECONDS (default
 *   20) and counts 201s per minute of the run (until the last answer); p99 over every request.
 * - 13/14: a sweep (the run-sweep use case on the PostgreSQL store, in this process) over 1 000 000
 *   leads seeded with generate_series, 1 000 of them due, then the same with none due.
 * - 15: a Baton process sweeping every 2 s: its RSS with 10 000 leads, then with 1 000 000.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Background } from '../src/core/background.ts';
import { Ledger } from '../src/core/ledger.ts';
import type { Notifier } from '../src/core/ports.ts';
import { fixedRoster } from '../src/core/roster-source.ts';
import { startSheetsStandin, type SheetsStandin } from '../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin } from '../src/local/slack-standin/index.ts';
import { createLogger } from '../src/log.ts';
import { MemoryOutbox } from '../src/outbox/queued-lead.ts';
import { PgLeadStore } from '../src/stores/postgres/pg-store.ts';
import { connectSql, type SqlClient } from '../src/stores/postgres/sql-client.ts';
import type { UseCaseContext } from '../src/use-cases/context.ts';
import { runSweep } from '../src/use-cases/run-sweep.ts';
import { npmScriptNodeArgs } from '../test/support/npm-start.ts';
import { baseEnv, INTAKE_TOKEN, QUIET_CRON, sleep } from './harness.ts';
import { REPS, ROSTER, SLACK_USERS } from './inputs.ts';
import { fmt, quantile } from './measure.ts';
import type { BenchSettings, Row, ScenarioResult } from './scenarios.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_PG_RATE ?? 400);
const BIG = Number(process.env.BENCH_PG_LEADS ?? 1_000_000);
const SLA_MINUTES = 60;

export const PG_FIGURES: Record<string, { figure: string; target: string }> = {
  '10': { figure: 'PostgreSQL: intakes accepted/min, 1 instance', target: '≥ 20 000/min' },
  '11': { figure: 'PostgreSQL: intakes accepted/min, 2 instances', target: '≥ 20 000/min' },
  '12': { figure: 'PostgreSQL: intake p99 latency under that load', target: '< 50 ms' },
  '13': { figure: `PostgreSQL: sweep over ${BIG.toLocaleString('en')} leads, 1 000 due`, target: '< 1 s' },
  '14': { figure: `PostgreSQL: sweep over ${BIG.toLocaleString('en')} leads, 0 due`, target: '< 50 ms' },
  '15': { figure: 'PostgreSQL: Baton RSS, 10 000 → 1 000 000 leads', target: 'within 10 MB' },
};

const row = (id: string, measured: string, ok: boolean): Row => ({ id, ...(PG_FIGURES[id] as { figure: string; target: string }), measured, verdict: ok ? 'PASS' : 'MISS' });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Instance {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A Baton process as `npm start` runs it, leads in `databaseUrl`. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  // BENCH_PG_NODE_ARGS (e.g. --cpu-prof) goes before the script: a development aid.
  const extra = (process.env.BENCH_PG_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...extra, ...npmScriptNodeArgs('start')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Baton exited ${child.exitCode}: ${stderr}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() - started > 60_000) throw new Error(`Baton did not start within 60 s: ${stderr}`);
    await sleep(100);
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

let leadSeq = 0;

/**
 * Offers intakes at a steady `perSecond` (open loop, like forms do: a slow answer does not slow the
 * senders), round-robin over the URLs, for `seconds`; counts 201s and times every answer.
 */
async function load(urls: string[], seconds: number, perSecond: number, prefix: string): Promise<{ accepted: number; other: Record<number, number>; latencies: number[]; elapsedMs: number; firstFailure?: string }> {
  const latencies: number[] = [];
  const other: Record<number, number> = {};
  let accepted = 0;
  let firstFailure: string | undefined;
  const pending: Array<Promise<void>> = [];
  const started = Date.now();
  const total = Math.round(seconds * perSecond);
  const send = async (url: string) => {
    const i = (leadSeq += 1);
    const t0 = performance.now();
    try {
      const response = await fetch(`${url}/webhooks/lead`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `${prefix}-${i}` },
        body: JSON.stringify({ name: `Bench ${i}`, phone: `0813${String(10_000_000 + i)}`, email: `bench${i}@example.com` }),
      });
      await response.arrayBuffer();
      if (response.status === 201) accepted += 1;
      else other[response.status] = (other[response.status] ?? 0) + 1;
    } catch (error) {
      other[0] = (other[0] ?? 0) + 1;
      firstFailure ??= error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    }
    latencies.push(performance.now() - t0);
  };
  for (let sent = 0; sent < total; ) {
    // Catch up to where the schedule says we should be (timers on a busy machine fire late).
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * perSecond) + 1);
    for (; sent < due; sent += 1) pending.push(send(urls[sent % urls.length] as string));
    await sleep(5);
  }
  await Promise.all(pending);
  return { accepted, other, latencies, elapsedMs: Math.max(Date.now() - started, seconds * 1000), ...(firstFailure ? { firstFailure } : {}) };
}

/** Seeds leads with SQL only (not through Baton): mostly closed, some NEW not due, `due` due. */
async function seed(sql: SqlClient, from: number, count: number, due: number, now: number): Promise<void> {
  const fresh = new Date(now - 5 * 60_000).toISOString();
  const late = new Date(now - 2 * SLA_MINUTES * 60_000).toISOString();
  const reps = REPS.map((rep) => rep.slackId);
  const names = REPS.map((rep) => rep.name);
  // Every 50th lead is NEW and recently assigned; the first `due` of the batch are NEW and overdue.
  await sql.query(
    `INSERT INTO leads (lead_id, name, phone, email, stage, assigned_sales, sales_slack_id, route_count, created_at, assigned_at, contacted_at, idempotency_key, slack_channel, slack_ts, owner_history)
     SELECT 'SEED-' || lpad(i::text, 8, '0'), 'Seeded ' || i, '62815' || lpad(i::text, 9, '0'), 'seed' || i || '@example.com',
            CASE WHEN i < $2 + $3 THEN 'NEW' WHEN i % 50 = 0 THEN 'NEW' WHEN i % 3 = 0 THEN 'CONTACTED' ELSE 'CLOSED LOST' END,
            ($5::text[])[1 + i % ${reps.length}], ($4::text[])[1 + i % ${reps.length}], 0,
            $6::timestamptz, CASE WHEN i < $2 + $3 THEN $6::timestamptz ELSE $7::timestamptz END,
            CASE WHEN i < $2 + $3 OR i % 50 = 0 THEN NULL ELSE $7::timestamptz END,
            'seed-' || i, 'D-SEED', '1.' || i, ARRAY[($4::text[])[1 + i % ${reps.length}]]
     FROM generate_series($2::integer, $2::integer + $1::integer - 1) AS i`,
    [count, from, due, reps, names, late, fresh],
  );
  await sql.query('ANALYZE leads');
}

const quietNotifier: Notifier = {
  sendLead: async () => ({ channel: 'D-BENCH', ts: String(Date.now()) }),
  updateOwnerMessage: async () => undefined,
  notifyDuplicate: async () => undefined,
  notifyManagers: async () => [],
  explainRejection: async () => undefined,
  confirmQueuedClick: async () => undefined,
};

function sweepContext(store: PgLeadStore): UseCaseContext {
  return {
    ledger: new Ledger(store, { now: () => Date.now() }, { maxAgeMs: 60_000 }),
    notifier: quietNotifier,
    clock: { now: () => Date.now() },
    background: new Background(() => undefined),
    log: createLogger('silent'),
    newLeadId: () => 'unused',
    deadlines: { noteDeadline: () => undefined },
    outbox: new MemoryOutbox(),
    outboxReplay: { soon: () => undefined },
    settings: { defaultCountry: 'ID', slaMinutes: SLA_MINUTES, escalationThreshold: 10, timeZone: 'UTC' },
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export async function postgresScenario(_settings: BenchSettings, wanted: (...ids: string[]) => boolean): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const admin = await connectSql({ kind: 'pg', url: ADMIN_URL }, { maxConnections: 1 });
  const reachable = await admin.query('SELECT 1').then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (reachable !== undefined) {
    await admin.close().catch(() => undefined);
    const why = `not run: no PostgreSQL at ${ADMIN_URL} (${reachable})`;
    return { rows: Object.keys(PG_FIGURES).filter((id) => wanted(id)).map((id) => ({ ...row(id, why, false), verdict: 'skipped' })), notes: [`[10-15] ${why}`] };
  }
  const name = `baton_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const sql = await connectSql({ kind: 'pg', url: databaseUrl }, { maxConnections: 4 });
  let sheets: SheetsStandin | undefined;
  let slack: SlackStandin | undefined;
  const dataDirs: string[] = [];
  try {
    sheets = await startSheetsStandin({ seed: { sales_sheet: ROSTER }, latencyMs: 0 });
    slack = await startSlackStandin({ botToken: 'xoxb-bench-token', users: SLACK_USERS });
    const env = (extra: Record<string, string> = {}) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-pg-'));
      dataDirs.push(dataDir);
      return { ...baseEnv(dataDir, sheets as SheetsStandin, slack as SlackStandin), LOG_LEVEL: 'warn', SWEEP_CRON: QUIET_CRON, DATABASE_URL: databaseUrl, ...extra };
    };
    // Schema first, so the instances start together without racing their first migration.
    await new PgLeadStore({ sql, roster: fixedRoster([]), log: createLogger('silent') }).init();

    if (wanted('10', '11', '12')) {
      const latencies: number[] = [];
      for (const count of [1, 2]) {
        const instances = await Promise.all(Array.from({ length: count }, () => startInstance(env())));
        try {
          // A short warm-up (JIT, pools), then the measured run.
          await load(instances.map((one) => one.url), 2, RATE / 4, `warm${count}`);
          const result = await load(instances.map((one) => one.url), SECONDS, RATE, `run${count}`);
          const perMinute = (result.accepted / result.elapsedMs) * 60_000;
          latencies.push(...result.latencies);
          const p99 = quantile(result.latencies, 0.99);
          rows.push(row(count === 1 ? '10' : '11', `${Math.round(perMinute).toLocaleString('en')}/min (p99 ${fmt(p99, 1)} ms)`, perMinute >= 20_000));
          notes.push(
            `[${count === 1 ? '10' : '11'}] ${count} Baton process(es), ${RATE} intakes/s offered (${RATE * 60}/min) for ${SECONDS} s: ${result.accepted} answered 201 in ${fmt(result.elapsedMs / 1000, 1)} s` +
              `${Object.keys(result.other).length ? `, others ${JSON.stringify(result.other)} (status 0 = no answer${result.firstFailure ? `, first: ${result.firstFailure}` : ''})` : ''}; median ${fmt(quantile(result.latencies, 0.5), 1)} ms, p99 ${fmt(p99, 1)} ms`,
          );
        } finally {
          await Promise.all(instances.map((one) => one.stop()));
        }
      }
      const p99 = quantile(latencies, 0.99);
      rows.push(row('12', `${fmt(p99, 1)} ms`, p99 < 50));
      const { rows: counted } = await sql.query<{ n: string; owners: string }>(`SELECT count(*) AS n, count(DISTINCT sales_slack_id) AS owners FROM leads`);
      notes.push(`[12] p99 over both runs' ${latencies.length} requests; the database holds ${counted[0]?.n} leads after them`);
    }

    if (wanted('13', '14', '15')) {
      await sql.query('TRUNCATE leads, audit_log');
      await sql.query(`DELETE FROM routing_state WHERE key LIKE 'escalated\\_%'`);
      await sql.query('UPDATE lead_count SET n = 0');
      const small = 10_000;
      let rssSmall: number | undefined;
      let sweeper: Instance | undefined;
      if (wanted('15')) {
        await seed(sql, 0, small, 0, Date.now());
        sweeper = await startInstance(env({ SWEEP_CRON: '*/2 * * * * *' }));
        await sleep(8_000);
        rssSmall = rssMb(sweeper.child.pid as number);
      }
      const seededAt = Date.now();
      const t0 = Date.now();
      // With the process watching, only the count grows (0 due): what a sweep costs is figures 13/14.
      await seed(sql, wanted('15') ? small : 0, wanted('15') ? BIG - small : BIG, wanted('15') ? 0 : 1_000, seededAt);
      notes.push(`[13] seeded ${BIG.toLocaleString('en')} leads with generate_series in ${fmt((Date.now() - t0) / 1000, 1)} s (every 50th NEW and not due, the rest CONTACTED or CLOSED LOST; 1 000 overdue NEW ones, made so by SQL after figure 15)`);
      if (sweeper && rssSmall !== undefined) {
        // The process sweeps every 2 s: let as many run at 1 000 000 as ran at 10 000.
        await sleep(8_000);
        const rssBig = rssMb(sweeper.child.pid as number);
        await sweeper.stop();
        rows.push(row('15', `${fmt(rssSmall, 1)} MB → ${fmt(rssBig, 1)} MB (${rssBig - rssSmall >= 0 ? '+' : ''}${fmt(rssBig - rssSmall, 1)} MB)`, Math.abs(rssBig - rssSmall) <= 10));
        notes.push('[15] one Baton process (npm start flags) sweeping every 2 s (SWEEP_CRON), 0 due; VmRSS after ~4 sweeps at 10 000 leads and ~4 more at 1 000 000');
        // Figure 13's 1 000 due leads, made so by SQL once the process is gone.
        await sql.query(
          `UPDATE leads SET stage = 'NEW', contacted_at = NULL, assigned_at = $1::timestamptz, route_count = 0
           WHERE lead_id >= 'SEED-' || lpad($2::text, 8, '0') AND lead_id < 'SEED-' || lpad(($2::integer + 1000)::text, 8, '0')`,
          [new Date(seededAt - 2 * SLA_MINUTES * 60_000).toISOString(), small],
        );
        await sql.query('ANALYZE leads');
      }
      const store = new PgLeadStore({ sql, roster: fixedRoster(REPS.map((rep) => ({ ...rep, active: true }))), log: createLogger('silent') });
      const ctx = sweepContext(store);
      const s0 = performance.now();
      const due = await runSweep(ctx, 'bench');
      const dueMs = performance.now() - s0;
      await due.notified;
      rows.push(row('13', `${fmt(dueMs, 0)} ms (${due.summary.rerouted} re-routed)`, dueMs < 1000 && due.summary.rerouted === 1000));
      const idle: number[] = [];
      let idleSummary = '';
      for (let i = 0; i < 7; i += 1) {
        const t = performance.now();
        const none = await runSweep(ctx, 'bench');
        idle.push(performance.now() - t);
        idleSummary = none.summary.line;
      }
      const idleMs = quantile(idle, 0.5);
      rows.push(row('14', `${fmt(idleMs, 1)} ms (median of 7)`, idleMs < 50));
      notes.push(`[13/14] run-sweep on the PostgreSQL store in this process, DMs not counted (a no-op notifier); 0 due: ${idle.map((ms) => fmt(ms, 1)).join(', ')} ms; last: ${idleSummary}`);
    }
  } finally {
    await sheets?.stop();
    await slack?.stop();
    await sql.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}
