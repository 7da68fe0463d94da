/**
 * Two Baton instances on one PostgreSQL database (issue 11): two createBaton instances in this
 * process, each with its own HTTP server, Ledger, store and connection pool (separate processes
 * would only add start-up time; nothing is shared but the database, the sheet's roster and Slack).
 * 1 000 concurrent intakes split across them, then concurrent sweeps on both with 200 due leads.
 *
 * Needs a real server: PGlite has one connection, so it cannot show cross-connection locking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { SqlClient } from '../../src/stores/postgres/sql-client.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { BOT_TOKEN, INTAKE_TOKEN, productionEnv, SIGNING_SECRET, startHarness, waitFor, type Harness } from '../support/harness.ts';
import { openServerDatabaseFor, type TestDatabase } from '../support/postgres.ts';

const { db, databaseUrl, skipped } = await openServerDatabaseFor('multi-instance');

const REPS = ['UAYU', 'UBIMA', 'UCITRA'];
const INTAKES = 1_000;
const DUE_REROUTE = 150;
const DUE_ESCALATE = 50;

describe.skipIf(!db)(`two Baton instances on one PostgreSQL server${skipped ? ` (not run: ${skipped})` : ''}`, () => {
  let h: Harness;
  let second: Baton;
  let sql: SqlClient;
  let secondUrl: string;

  beforeAll(async () => {
    h = await startHarness({ env: { DATABASE_URL: databaseUrl } });
    const config = loadConfig({ ...productionEnv(h), LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
    second = createBaton({
      config,
      log: createLogger('silent'),
      clock: h.clock,
      secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: h.sheets.spreadsheetId },
      listen: { port: 0, host: '127.0.0.1' },
    });
    ({ url: secondUrl } = await second.start());
    sql = await (db as TestDatabase).connect();
  }, 60_000);

  afterAll(async () => {
    await second?.stop();
    await h?.stop();
    await db?.drop();
  });

  it('assigns 1 000 concurrent intakes split across both once each, round-robin within ±1, one DM each', async () => {
    const urls = [h.url, secondUrl];
    const statuses = await Promise.all(
      Array.from({ length: INTAKES }, async (_, i) => {
        const response = await fetch(`${urls[i % 2]}/webhooks/lead`, {
          method: 'POST',
          headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `multi-${i}` },
          body: JSON.stringify({ name: `Lead ${i}`, phone: `0812${String(10_000_000 + i)}`, email: `lead${i}@example.com` }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const byStatus = statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
    console.log(`intakes answered: ${JSON.stringify(byStatus)}; ledger conflicts: ${h.baton.ledger.stats.conflicts} + ${second.ledger.stats.conflicts}`);
    expect(statuses.every((status) => status === 201 || status === 202)).toBe(true);
    // Anything journaled (a commit that lost the race too often) is written by the replay.
    await waitFor(() => h.baton.ctx.outbox.entries().length === 0 && second.ctx.outbox.entries().length === 0, 20_000);
    await Promise.all([h.baton.ctx.background.idle(), second.ctx.background.idle()]);

    const { rows } = await sql.query<{ n: string; owners: number; keys: number; phones: number }>(
      `SELECT count(*) AS n, count(DISTINCT lead_id) AS owners, count(DISTINCT idempotency_key) AS keys, count(DISTINCT phone) AS phones FROM leads`,
    );
    expect(rows[0]).toMatchObject({ n: String(INTAKES), keys: String(INTAKES), phones: String(INTAKES) });
    const perRep = await sql.query<{ sales_slack_id: string; n: string }>('SELECT sales_slack_id, count(*) AS n FROM leads GROUP BY 1 ORDER BY 1');
    const counts = perRep.rows.map((row) => Number(row.n));
    console.log(`leads per rep: ${perRep.rows.map((row) => `${row.sales_slack_id}=${row.n}`).join(', ')}`);
    expect(perRep.rows.map((row) => row.sales_slack_id).sort()).toEqual([...REPS].sort());
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const audited = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE event = 'lead.assigned'`);
    expect(audited.rows[0]?.n).toBe(String(INTAKES));

    // One DM per lead, to its owner, recorded on its row.
    const dms = REPS.flatMap((id) => h.slack.inbox(id).filter((message) => !message.ephemeral));
    expect(dms).toHaveLength(INTAKES);
    const recorded = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM leads WHERE slack_ts <> ''`);
    expect(recorded.rows[0]?.n).toBe(String(INTAKES));
  }, 120_000);

  it('re-routes each of 200 due leads once and escalates each once while both instances sweep at the same time', async () => {
    const before = REPS.flatMap((id) => h.slack.inbox(id).filter((message) => !message.ephemeral)).length;
    const dueAt = new Date(h.clock.now() - 2 * 3_600_000).toISOString();
    // Seeded directly: due leads that no DM of this test announced (no slack_ts, so no in-place edit either).
    await sql.query(
      `INSERT INTO leads (lead_id, name, phone, email, stage, assigned_sales, sales_slack_id, route_count, created_at, assigned_at, owner_history)
       SELECT 'DUE-' || lpad(i::text, 4, '0'), 'Due ' || i, '6281399' || lpad(i::text, 6, '0'), '', 'NEW',
              (ARRAY['Ayu', 'Bima', 'Citra'])[1 + i % 3], (ARRAY['UAYU', 'UBIMA', 'UCITRA'])[1 + i % 3],
              CASE WHEN i < $1 THEN 0 ELSE 3 END, $2::timestamptz, $2::timestamptz, ARRAY[(ARRAY['UAYU', 'UBIMA', 'UCITRA'])[1 + i % 3]]
       FROM generate_series(0, $3 - 1) AS i`,
      [DUE_REROUTE, dueAt, DUE_REROUTE + DUE_ESCALATE],
    );

    const sweeps = await Promise.all([h.baton.ctx, second.ctx, h.baton.ctx, second.ctx].map((ctx, i) => runSweep(ctx, `multi-${i}`)));
    await Promise.all(sweeps.map((sweep) => sweep.notified));
    await Promise.all([h.baton.ctx.background.idle(), second.ctx.background.idle()]);
    console.log(`sweeps: ${sweeps.map((sweep) => `${sweep.summary.rerouted} re-routed, ${sweep.summary.escalated} escalated`).join(' | ')}`);

    const rerouted = await sql.query<{ lead_id: string; n: string }>(`SELECT lead_id, count(*) AS n FROM audit_log WHERE event = 'lead.rerouted' GROUP BY 1`);
    expect(rerouted.rows).toHaveLength(DUE_REROUTE);
    expect(rerouted.rows.every((row) => row.n === '1')).toBe(true);
    const moved = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM leads WHERE lead_id LIKE 'DUE-%' AND route_count = 1 AND sales_slack_id <> owner_history[1]`);
    expect(moved.rows[0]?.n).toBe(String(DUE_REROUTE));
    const escalated = await sql.query<{ lead_id: string; n: string }>(`SELECT lead_id, count(*) AS n FROM audit_log WHERE event = 'lead.escalated' GROUP BY 1`);
    expect(escalated.rows).toHaveLength(DUE_ESCALATE);
    expect(escalated.rows.every((row) => row.n === '1')).toBe(true);
    const marks = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM routing_state WHERE key LIKE 'escalated\\_%'`);
    expect(marks.rows[0]?.n).toBe(String(DUE_ESCALATE));
    expect(sweeps.reduce((sum, sweep) => sum + sweep.summary.rerouted, 0)).toBe(DUE_REROUTE);
    expect(sweeps.reduce((sum, sweep) => sum + sweep.summary.escalated, 0)).toBe(DUE_ESCALATE);

    // One DM per event: each re-route DMs its new owner once, each escalation the manager once.
    const after = REPS.flatMap((id) => h.slack.inbox(id).filter((message) => !message.ephemeral)).length;
    expect(after - before).toBe(DUE_REROUTE);
    expect(h.slack.inbox('UMGR').filter((message) => !message.ephemeral)).toHaveLength(DUE_ESCALATE);

    const perRep = await sql.query<{ n: string }>('SELECT count(*) AS n FROM leads GROUP BY sales_slack_id');
    const counts = perRep.rows.map((row) => Number(row.n));
    console.log(`leads per rep after the sweeps: ${counts.join(', ')}`);
  }, 120_000);
});
