/**
 * Issue 11, as the issue words it: two Baton PROCESSES (the production bundle, `npm start`) on one
 * PostgreSQL database, 1 000 concurrent intakes split across them, then four `npm run sweep`
 * processes at once over 200 due leads. Every lead once, round-robin within ±1, each due lead
 * re-routed once, one escalation per lead, one DM per event. (postgres-multi-instance.test.ts
 * runs the same story with two instances in one process, where each step can be inspected.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { startSlackStandin, type SlackStandin } from '../../src/local/slack-standin/index.ts';
import type { SqlClient } from '../../src/stores/postgres/sql-client.ts';
import { startBatonProcess, type BatonProcess, type ProductionSetup } from '../robustness/production-process.ts';
import { freePort, waitUntil } from '../robustness/support.ts';
import { INTAKE_TOKEN, ROSTER, SLACK_USERS, standinEnv } from '../support/harness.ts';
import { npmScriptNodeArgs } from '../support/npm-start.ts';
import { openServerDatabaseFor, type TestDatabase } from '../support/postgres.ts';

const run = promisify(execFile);
const { db, databaseUrl, skipped } = await openServerDatabaseFor('multi-process');

const REPS = ['UAYU', 'UBIMA', 'UCITRA'];
const INTAKES = 1_000;
const DUE_REROUTE = 150;
const DUE_ESCALATE = 50;

describe.skipIf(!db)(`two Baton processes and four sweep processes on one PostgreSQL server${skipped ? ` (not run: ${skipped})` : ''}`, () => {
  let sheets: SheetsStandin;
  let slack: SlackStandin;
  let sql: SqlClient;
  const setups: ProductionSetup[] = [];
  const processes: BatonProcess[] = [];
  const dms = () => REPS.flatMap((id) => slack.inbox(id).filter((message) => !message.ephemeral));

  beforeAll(async () => {
    sheets = await startSheetsStandin({ seed: { sales_sheet: ROSTER } });
    slack = await startSlackStandin({ users: SLACK_USERS, botToken: 'xoxb-test-token' });
    for (let i = 0; i < 2; i += 1) {
      const setup: ProductionSetup = { sheets, slack, port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), `baton-multi-${i}-`)), env: { DATABASE_URL: databaseUrl, ESCALATION_THRESHOLD: '3' } };
      setups.push(setup);
      // One after the other: both migrate under the advisory lock anyway; this keeps start-up logs apart.
      processes.push(await startBatonProcess(setup));
    }
    sql = await (db as TestDatabase).connect();
  }, 90_000);

  afterAll(async () => {
    for (const running of processes) await running.kill();
    await Promise.all([sheets?.stop(), slack?.stop()]);
    for (const setup of setups) rmSync(setup.dataDir, { recursive: true, force: true });
    await db?.drop();
  }, 60_000);

  it('assigns 1 000 concurrent intakes split across both processes once each, round-robin within ±1, one DM each', async () => {
    const statuses = await Promise.all(
      Array.from({ length: INTAKES }, async (_, i) => {
        const response = await fetch(`http://127.0.0.1:${setups[i % 2]?.port}/webhooks/lead`, {
          method: 'POST',
          headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `proc-${i}` },
          body: JSON.stringify({ name: `Lead ${i}`, phone: `0812${String(20_000_000 + i)}`, email: `proc${i}@example.com` }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.every((status) => status === 201 || status === 202), JSON.stringify(statuses.filter((s) => s !== 201).slice(0, 5))).toBe(true);
    const count = async (query: string) => Number((await sql.query<{ n: string }>(query)).rows[0]?.n);
    await waitUntil(async () => (await count(`SELECT count(*) AS n FROM leads WHERE slack_ts <> ''`)) === INTAKES, 60_000, 'every lead written and its DM recorded');
    expect(await count('SELECT count(DISTINCT idempotency_key) AS n FROM leads')).toBe(INTAKES);
    expect(await count('SELECT count(*) AS n FROM leads')).toBe(INTAKES);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE event = 'lead.assigned'`)).toBe(INTAKES);
    const perRep = (await sql.query<{ n: string }>('SELECT count(*) AS n FROM leads GROUP BY sales_slack_id')).rows.map((row) => Number(row.n));
    console.log(`multi-process: leads per rep ${perRep.join(', ')}`);
    expect(perRep).toHaveLength(REPS.length);
    expect(Math.max(...perRep) - Math.min(...perRep)).toBeLessThanOrEqual(1);
    expect(dms()).toHaveLength(INTAKES);
  }, 180_000);

  it('four concurrent `npm run sweep` processes re-route each of 150 due leads once and escalate each of 50 once', async () => {
    const before = dms().length;
    const dueAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await sql.query(
      `INSERT INTO leads (lead_id, name, phone, email, stage, assigned_sales, sales_slack_id, route_count, created_at, assigned_at, owner_history)
       SELECT 'PDUE-' || lpad(i::text, 4, '0'), 'Due ' || i, '6281398' || lpad(i::text, 6, '0'), '', 'NEW',
              (ARRAY['Ayu', 'Bima', 'Citra'])[1 + i % 3], (ARRAY['UAYU', 'UBIMA', 'UCITRA'])[1 + i % 3],
              CASE WHEN i < $1 THEN 0 ELSE 3 END, $2::timestamptz, $2::timestamptz, ARRAY[(ARRAY['UAYU', 'UBIMA', 'UCITRA'])[1 + i % 3]]
       FROM generate_series(0, $3 - 1) AS i`,
      [DUE_REROUTE, dueAt, DUE_REROUTE + DUE_ESCALATE],
    );
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...standinEnv(sheets, slack), DATA_DIR: setups[0]?.dataDir ?? '', DATABASE_URL: databaseUrl, ESCALATION_THRESHOLD: '3' };
    const lines = await Promise.all(Array.from({ length: 4 }, async () => (await run(process.execPath, npmScriptNodeArgs('sweep'), { env })).stdout.trim()));
    console.log(`multi-process sweeps: ${lines.join(' | ')}`);

    const onceEach = async (event: string) => (await sql.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE event = $1 AND lead_id LIKE 'PDUE-%' GROUP BY lead_id`, [event])).rows.map((row) => row.n);
    const rerouted = await onceEach('lead.rerouted');
    expect(rerouted).toHaveLength(DUE_REROUTE);
    expect(rerouted.every((n) => n === '1')).toBe(true);
    const escalated = await onceEach('lead.escalated');
    expect(escalated).toHaveLength(DUE_ESCALATE);
    expect(escalated.every((n) => n === '1')).toBe(true);
    await waitUntil(() => dms().length - before === DUE_REROUTE, 30_000, 'one DM per re-route');
    expect(dms().length - before).toBe(DUE_REROUTE);
  }, 180_000);
});
