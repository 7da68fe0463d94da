/** What only the PostgreSQL store does: scoped reads, migrations, outages that journal instead of failing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Background } from '../../src/core/background.ts';
import { Ledger } from '../../src/core/ledger.ts';
import { emptyChangeSet, escalationKey } from '../../src/core/ports.ts';
import { fixedRoster } from '../../src/core/roster-source.ts';
import type { Lead } from '../../src/domain/types.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryOutbox } from '../../src/outbox/queued-lead.ts';
import { PgLeadStore } from '../../src/stores/postgres/pg-store.ts';
import { connectSql, type SqlClient } from '../../src/stores/postgres/sql-client.ts';
import type { UseCaseContext } from '../../src/use-cases/context.ts';
import { intakeLead, replayOutbox } from '../../src/use-cases/intake-lead.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { RecordingNotifier } from '../support/recording-notifier.ts';
import { openTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { assignedLead } from '../support/assigned-lead.ts';

const db = await openTestDatabase();
if ('skipped' in db) throw new Error(`BATON_REQUIRE_PG=1 but ${db.skipped}`);
const where = db.kind === 'server' ? 'PostgreSQL server' : 'PGlite (no server reachable)';

const REPS = [
  { name: 'Ayu', email: 'ayu@example.com', slackId: 'UAYU', active: true },
  { name: 'Bima', email: 'bima@example.com', slackId: 'UBIMA', active: true },
];
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const HOUR = 3_600_000;
const log = createLogger('silent');

function lead(id: string, overrides: Partial<Lead> = {}): Lead {
  return assignedLead(T0, {
    leadId: id,
    name: id,
    phone: `62812${id.replace(/\D/g, '').padStart(8, '0')}`,
    email: `${id.toLowerCase()}@example.com`,
    slackChannel: 'D1',
    slackTs: '1.1',
    ...overrides,
  });
}

/** A client whose next `failures` calls fail as a dropped server connection does. */
function flaky(sql: SqlClient): SqlClient & { failures: number } {
  const refuse = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const client = {
    ...sql,
    failures: 0,
    async query<R>(text: string, params?: readonly unknown[]) {
      if (client.failures > 0) {
        client.failures -= 1;
        throw refuse();
      }
      return sql.query<R>(text, params);
    },
    async transaction<T>(work: Parameters<SqlClient['transaction']>[0]): Promise<T> {
      if (client.failures > 0) {
        client.failures -= 1;
        throw refuse();
      }
      return sql.transaction(work) as Promise<T>;
    },
  };
  return client as SqlClient & { failures: number };
}

describe(`PostgreSQL store on ${where}`, () => {
  let sql: SqlClient;
  let store: PgLeadStore;

  beforeAll(async () => {
    sql = await (db as TestDatabase).connect();
    store = new PgLeadStore({ sql, roster: fixedRoster(REPS), log });
    await store.init();
  }, 60_000);
  afterAll(async () => {
    await (db as TestDatabase).drop();
  });

  it('migrates once: a second start finds nothing to apply', async () => {
    expect(await new PgLeadStore({ sql, roster: fixedRoster(REPS), log }).init()).toEqual([]);
    const { rows } = await sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => Number(row.version))).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads only what a scope names, and a sweep only the due, unassigned and next-due NEW leads', async () => {
    await store.load();
    const leads = [
      lead('S-1', { assignedAt: T0 - 3 * HOUR }), // due
      lead('S-2', { assignedAt: T0 - 2 * HOUR, stage: 'CONTACTED' }), // not NEW
      lead('S-3', { assignedAt: T0 + HOUR }), // next to fall due
      lead('S-4', { assignedAt: T0 + 2 * HOUR }), // later
      lead('S-5', { salesSlackId: '', assignedSales: '', assignedAt: null, ownerHistory: [] }), // unassigned
      lead('S-6', { assignedAt: T0 - 5 * HOUR }), // due but escalated already
      lead('S-7', { assignedAt: T0 + 3 * HOUR, slackTs: '', slackChannel: '' }), // no DM recorded
    ];
    await store.commit({ ...emptyChangeSet(), newLeads: leads, stateEntries: [[escalationKey('S-6'), 'before']] });

    const one = await store.load({ leadIds: ['S-2'] });
    expect([...['S-1', 'S-2', 'S-3'].filter((id) => one.leads.has(id))]).toEqual(['S-2']);
    expect(one.leads.size).toBe(7);
    expect(one.escalated.size).toBe(0);

    const sweep = await store.load({ dueStartedBy: T0 - HOUR });
    expect(sweep.leads.atStage('NEW').map((l) => l.leadId).sort()).toEqual(['S-1', 'S-3', 'S-5']);
    const recovery = await store.load({ dueStartedBy: T0 - HOUR, unannounced: true });
    expect(recovery.leads.atStage('NEW').map((l) => l.leadId).sort()).toEqual(['S-1', 'S-3', 'S-5', 'S-7']);
    const contacts = await store.load({ phones: [leads[1]!.phone], emails: ['s-4@example.com'] });
    expect(['S-2', 'S-4'].every((id) => contacts.leads.has(id))).toBe(true);
  });

  it('refuses a new lead whose phone another instance gave an open lead since the read (the duplicate check cannot race)', async () => {
    const other = new PgLeadStore({ sql, roster: fixedRoster(REPS), log });
    const phone = '6281299990001';
    await store.load({ phones: [phone] });
    await other.load({ phones: [phone] });
    await other.commit({ ...emptyChangeSet(), newLeads: [lead('R-1', { phone, email: '' })] });
    await expect(store.commit({ ...emptyChangeSet(), newLeads: [lead('R-2', { phone, email: '' })] })).rejects.toMatchObject({ code: 'BATON_COMMIT_CONFLICT' });
    // Read again (now R-1 is seen, so deciding "not a duplicate" was the decision's own call): it goes through.
    await store.load({ phones: [phone] });
    await store.commit({ ...emptyChangeSet(), newLeads: [lead('R-2', { phone, email: '' })] });
    await sql.query(`DELETE FROM leads WHERE lead_id IN ('R-1', 'R-2')`);
  });

  it('gives App Home and reports the audit entries since a moment, oldest first (AuditSource)', async () => {
    await store.load();
    const at = Date.UTC(2030, 0, 1, 8, 0, 0);
    const entry = (minutes: number, event: string) => ({ at: at + minutes * 60_000, event, leadId: 'A-1', actor: 'test', detail: `${event} at +${minutes}` });
    await store.commit({ ...emptyChangeSet(), audit: [entry(0, 'early'), entry(10, 'later'), entry(20, 'latest')] });
    expect((await store.recentAudit(at + 5 * 60_000)).map((e) => [e.event, e.at])).toEqual([
      ['later', at + 10 * 60_000],
      ['latest', at + 20 * 60_000],
    ]);
  });

  it('a sweep through the use case re-routes the due lead and arms the timer for the next one', async () => {
    const notifier = new RecordingNotifier();
    const clock = { now: () => T0 };
    const deadlines: number[] = [];
    const ctx: UseCaseContext = {
      ledger: new Ledger(store, clock, { maxAgeMs: 60_000 }),
      notifier,
      clock,
      background: new Background((error) => {
        throw error;
      }),
      log,
      newLeadId: () => 'unused',
      deadlines: { noteDeadline: (at) => (at === null ? undefined : deadlines.push(at)) },
      outbox: new MemoryOutbox(),
      outboxReplay: { soon: () => undefined },
      settings: { defaultCountry: 'ID', slaMinutes: 60, escalationThreshold: 3, timeZone: 'UTC' },
    };
    const { summary, notified } = await runSweep(ctx, 'test');
    await notified;
    expect(summary.rerouted).toBe(1);
    expect(summary.assigned).toBe(1);
    expect(summary.leads).toBe(7);
    // The leads it just moved fall due first (T0 + 1 h), before S-3 (T0 + 2 h), read as the next one.
    expect(summary.nextDueAt).toBe(T0 + HOUR);
    const after = await store.load({ leadIds: ['S-1'] });
    expect(after.leads.get('S-1')).toMatchObject({ salesSlackId: 'UBIMA', routeCount: 1 });
  });

  it('marks a lost connection retryable: the intake is journaled (202), and written from the journal once the database answers', async () => {
    const shaky = flaky(sql);
    const outageStore = new PgLeadStore({ sql: shaky, roster: fixedRoster(REPS), log });
    const clock = { now: () => T0 };
    const ctx: UseCaseContext = {
      ledger: new Ledger(outageStore, clock, { maxAgeMs: 60_000 }),
      notifier: new RecordingNotifier(),
      clock,
      background: new Background((error) => {
        throw error;
      }),
      log,
      newLeadId: (() => {
        let n = 0;
        return () => `OUT-${++n}`;
      })(),
      deadlines: { noteDeadline: () => undefined },
      outbox: new MemoryOutbox(),
      outboxReplay: { soon: () => undefined },
      settings: { defaultCountry: 'ID', slaMinutes: 60, escalationThreshold: 3, timeZone: 'UTC' },
    };
    shaky.failures = 1;
    const draft = { name: 'Sari', emailValid: true, phoneRaw: '0812-7777-0001', email: 'sari@example.com', company: '', source: '', message: '', submissionId: '' };
    const first = await intakeLead(ctx, draft, 'outage-1');
    expect(first).toEqual({ kind: 'queued', leadId: 'OUT-1' });
    const second = await intakeLead(ctx, { ...draft, name: 'Tono', phoneRaw: '0812-7777-0002', email: 'tono@example.com' }, 'outage-2');
    expect(second.kind).toBe('queued');
    expect((await replayOutbox(ctx)).written).toBe(2);
    const written = await outageStore.load({ leadIds: ['OUT-1', 'OUT-2'] });
    expect([written.leads.get('OUT-1')?.name, written.leads.get('OUT-2')?.name]).toEqual(['Sari', 'Tono']);
    await ctx.background.idle();
  });

  it('says a database that is not there is unavailable (retryable), and a bad URL is refused by the config', async () => {
    const dead = await connectSql({ kind: 'pg', url: 'postgres://postgres@127.0.0.1:1/none' });
    const offline = new PgLeadStore({ sql: dead, roster: fixedRoster(REPS), log });
    await expect(offline.load()).rejects.toMatchObject({ retryable: true, code: 'PG_UNAVAILABLE' });
    await dead.close();
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL must start with postgres:\/\/ .* or pglite:/);
    expect(loadConfig({ DATABASE_URL: 'pglite:.data/pg' }).DATABASE_URL).toBe('pglite:.data/pg');
  });

  it('counts NEW leads per owner over the whole table, whatever a scoped read holds (max_open)', async () => {
    const before = (await store.load({ leadIds: [] })).leads.openByOwner?.get('UMAX') ?? 0;
    const own = (leadId: string, n: number, stage: Lead['stage'] = 'NEW') => lead(leadId, { salesSlackId: 'UMAX', stage, phone: `6281990000${n}`, email: `max-${n}@example.com` });
    const mine = [own('M-1', 1), own('M-2', 2), own('M-3', 3, 'CONTACTED')];
    await store.commit({ ...emptyChangeSet(), newLeads: mine });
    expect((await store.load({ leadIds: [] })).leads.openByOwner?.get('UMAX')).toBe(before + 2);
    const read = await store.load({ leadIds: ['M-1'] });
    const m1 = read.leads.get('M-1') as Lead;
    await store.commit({ ...emptyChangeSet(), leadUpdates: [{ before: m1, after: { ...m1, stage: 'CONTACTED', contactedAt: T0 } }] });
    const after = await store.load({ leadIds: [] });
    expect(after.leads.has('M-2')).toBe(false);
    expect(after.leads.openByOwner?.get('UMAX')).toBe(before + 1);
  });

});
