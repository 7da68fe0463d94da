/** `npm run migrate-from-sheet` (copy logic in-process) and doctor's database line (issue 11). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySheetToDatabase, describeCopy } from '../../src/cli/migrate/copy-sheet-to-db.ts';
import { runDoctor } from '../../src/cli/doctor/run-doctor.ts';
import { fixedRoster } from '../../src/core/roster-source.ts';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { leadToRecord } from '../../src/domain/lead-record.ts';
import type { Lead } from '../../src/domain/types.ts';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { createLogger } from '../../src/log.ts';
import { PgLeadStore } from '../../src/stores/postgres/pg-store.ts';
import type { SqlClient } from '../../src/stores/postgres/sql-client.ts';
import { createSheetsApi } from '../../src/stores/sheets/client.ts';
import { Requester } from '../../src/stores/sheets/requester.ts';
import { TABS } from '../../src/stores/sheets/schema.ts';
import { ROSTER } from '../support/harness.ts';
import { openTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { collect } from './helpers.ts';

const db = await openTestDatabase();
if ('skipped' in db) throw new Error(`BATON_REQUIRE_PG=1 but ${db.skipped}`);

const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);

function lead(id: string, overrides: Partial<Lead> = {}): Lead {
  return {
    leadId: id,
    name: `Name ${id}`,
    phone: `6281200000${id.slice(-3)}`,
    phoneValid: true,
    email: `${id.toLowerCase()}@example.com`,
    company: 'Toko',
    source: 'web',
    message: '',
    stage: 'NEW',
    assignedSales: 'Ayu',
    salesSlackId: 'UAYU',
    routeCount: 1,
    createdAt: T0,
    assignedAt: T0 + 60_000,
    lastRoutedAt: T0 + 60_000,
    contactedAt: null,
    idempotencyKey: `form-${id}`,
    slackChannel: 'D1',
    slackTs: '1.2',
    ownerHistory: ['UBIMA', 'UAYU'],
    ...overrides,
  };
}

const LEADS = [lead('M-001'), lead('M-002', { stage: 'CONTACTED', contactedAt: T0 + 120_000 }), lead('M-003', { stage: 'CLOSED LOST' })];

function leadRows(): CellValue[][] {
  const header = [...TABS.leads.headers];
  const rows = LEADS.map((one) => {
    const record = leadToRecord(one) as Record<string, CellValue>;
    return header.map((name) => record[name] ?? '');
  });
  // An admin's copy of M-001's row under another id (same key), and a row nobody can read.
  const copy = [...(rows[0] as CellValue[])];
  copy[header.indexOf('lead_id')] = 'M-004';
  const broken = [...(rows[0] as CellValue[])];
  broken[header.indexOf('idempotency_key')] = 'form-M-005';
  broken[header.indexOf('lead_id')] = 'M-005';
  broken[header.indexOf('route_count')] = 'lots';
  return [header, ...rows, copy, broken];
}

describe(`migrate-from-sheet into ${db.kind === 'server' ? 'a PostgreSQL server database' : 'PGlite (no server reachable)'}`, () => {
  let sheets: SheetsStandin;
  let sql: SqlClient;

  beforeAll(async () => {
    sheets = await startSheetsStandin({
      seed: {
        sales_sheet: ROSTER,
        lead_sheet: leadRows(),
        routing_state_sheet: [['key', 'value'], ['last_index', 1], ['last_slack_id', 'UBIMA'], ['escalated_M-001', '2026-11-20T10:00:00.000Z'], ['version', 7], ['last_commit', 'x']],
        audit_log: [
          ['at', 'event', 'lead_id', 'actor', 'detail'],
          ['2026-11-20T08:00:00.000Z', 'lead.assigned', 'M-001', 'webhook', 'new lead → UBIMA'],
          ['2026-11-20T09:00:00.000Z', 'lead.rerouted', 'M-001', 'sweep:cron', 'UBIMA → UAYU'],
        ],
      },
    });
    sql = await (db as TestDatabase).connect();
  }, 60_000);
  afterAll(async () => {
    await sheets?.stop();
    await (db as TestDatabase).drop();
  });

  const copy = () => {
    const log = createLogger('silent');
    const { api } = createSheetsApi({ spreadsheetId: sheets.spreadsheetId, emulatorHost: sheets.hostPort });
    const requester = new Requester({ spreadsheetId: sheets.spreadsheetId, readsPerMinute: 6000, writesPerMinute: 6000, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, log });
    return copySheetToDatabase({ api, requester, spreadsheetId: sheets.spreadsheetId, timeZone: 'UTC', sql, log });
  };

  it('copies leads, routing state and the audit log, says what it could not copy, and copies nothing twice', async () => {
    const first = await copy();
    const printed = describeCopy(first, 'the database');
    expect(printed.find((line) => line.startsWith('leads:'))).toMatch(/^leads: 4 read from lead_sheet, 4 copied, 0 already in the database, 1 unreadable rows NOT copied \(M-005: route_count "lots" is not a number\), 1 copies of another row's idempotency key copied without it \(M-004\)$/);
    expect(printed).toContain('routing state: 3 keys (cursor after UBIMA, 1 escalation marks)');
    expect(printed).toContain('audit_log: 2 rows read, 2 copied, 0 already copied');

    const second = await copy();
    expect(second.leads).toMatchObject({ read: 4, copied: 0, alreadyThere: 4 });
    expect(second.audit).toMatchObject({ read: 2, copied: 0, alreadyThere: 2 });
    expect(second.schema).toEqual([]);

    const store = new PgLeadStore({ sql, roster: fixedRoster([]), log: createLogger('silent') });
    const snapshot = await store.load();
    for (const one of LEADS) expect(snapshot.leads.get(one.leadId)).toEqual(one);
    expect(snapshot.leads.get('M-004')).toMatchObject({ idempotencyKey: '', name: 'Name M-001' });
    expect(snapshot.cursor).toEqual({ lastIndex: 1, lastSlackId: 'UBIMA' });
    expect(snapshot.escalated.get('M-001')).toBe('2026-11-20T10:00:00.000Z');
    expect(snapshot.extraState.has('version')).toBe(false);
    const audit = await sql.query<{ event: string; at: Date | string }>('SELECT event, at FROM audit_log ORDER BY id');
    expect(audit.rows.map((row) => row.event)).toEqual(['lead.assigned', 'lead.rerouted']);
  });

  it('doctor checks the database when DATABASE_URL is set', async () => {
    const out = collect();
    const url = db.url.kind === 'pg' ? db.url.url : 'pglite:memory';
    await runDoctor({ DATABASE_URL: url, LOG_LEVEL: 'silent' }, out);
    expect(out.text()).toMatch(/✓ database .* reachable \(PostgreSQL [\d.]+\)/);
    expect(out.text()).toMatch(db.kind === 'server' ? /✓ database schema up to date \(version 5, 4 leads\)/ : /✓ database schema: 5 migrations to apply at the next start \(1, 2, 3, 4, 5\)/);

    const bad = collect();
    expect(await runDoctor({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing', LOG_LEVEL: 'silent' }, bad)).toBe(1);
    expect(bad.text()).toMatch(/✗ database postgres:\/\/postgres@127\.0\.0\.1:1\/nothing unreachable: .* — fix: check DATABASE_URL/);
  });
});
