import { fixedRoster } from '../../src/core/roster-source.ts';
import { createLogger } from '../../src/log.ts';
import { PgLeadStore } from '../../src/stores/postgres/pg-store.ts';
import { ADMIN_URL, openTestDatabase } from '../support/postgres.ts';
import { storeContract } from './contract.ts';
import { exceptionsContract } from './exceptions-contract.ts';

const REPS = [
  { name: 'Ayu', email: 'ayu@example.com', slackId: 'UAYU', active: true },
  { name: 'Bima', email: 'bima@example.com', slackId: 'UBIMA', active: true },
  { name: 'Citra', email: 'citra@example.com', slackId: 'UCITRA', active: true },
];

// Which database runs this suite is decided before the tests are named, so the name says it.
const db = await openTestDatabase();
if ('skipped' in db) throw new Error(`BATON_REQUIRE_PG=1 but ${db.skipped}`);
const where = db.kind === 'server' ? `PostgreSQL server (${db.url.kind === 'pg' ? new URL(db.url.url).host : ''})` : `PGlite in memory: no server at ${new URL(ADMIN_URL).host}`;
console.log(`postgres contract suite runs on ${where}`);

storeContract(
  `PostgreSQL store on ${where}`,
  async () => {
    const log = createLogger('silent');
    const open = async () => {
      const store = new PgLeadStore({ sql: await db.connect(), roster: fixedRoster(REPS), log });
      await store.init();
      return store;
    };
    const store = await open();
    return {
      store,
      second: open,
      audit: async () => {
        const { rows } = await store.sql.query<{ event: string; lead_id: string; actor: string; detail: string }>('SELECT event, lead_id, actor, detail FROM audit_log ORDER BY id');
        return rows.map((row) => ({ event: row.event, leadId: row.lead_id, actor: row.actor, detail: row.detail }));
      },
      close: () => db.drop(),
    };
  },
  { shared: true },
);

// Issue 13's exceptions and stage fields, on a database of its own.
exceptionsContract(`PostgreSQL store on ${where}`, async () => {
  const own = await openTestDatabase();
  if ('skipped' in own) throw new Error(`BATON_REQUIRE_PG=1 but ${own.skipped}`);
  const store = new PgLeadStore({ sql: await own.connect(), roster: fixedRoster(REPS), log: createLogger('silent') });
  await store.init();
  return { store, close: () => own.drop() };
});
