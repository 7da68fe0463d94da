import { randomBytes } from 'node:crypto';
import { connectSql, parseDatabaseUrl, type DatabaseUrl, type SqlClient } from '../../src/stores/postgres/sql-client.ts';

/** The machine's server (trust auth); BATON_TEST_PG_ADMIN_URL points elsewhere. */
export const ADMIN_URL = process.env.BATON_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Set by .ci/run: there the server must be reachable, and the multi-instance test must run. */
export const PG_REQUIRED = process.env.BATON_REQUIRE_PG === '1';

let reachable: Promise<string | undefined> | undefined;

/** undefined when the server answers; otherwise why not (the PGlite fallback then says so). */
export function serverProblem(): Promise<string | undefined> {
  reachable ??= (async () => {
    const parsed = parseDatabaseUrl(ADMIN_URL) as DatabaseUrl;
    try {
      const sql = await connectSql(parsed, { maxConnections: 1 });
      try {
        await sql.query('SELECT 1');
        return undefined;
      } finally {
        await sql.close();
      }
    } catch (error) {
      return `no PostgreSQL server at ${ADMIN_URL} (${error instanceof Error ? error.message : String(error)})`;
    }
  })();
  return reachable;
}

export interface TestDatabase {
  kind: 'server' | 'pglite';
  url: DatabaseUrl;
  /** A new connection to it (a second Baton instance); PGlite in memory has one, shared. */
  connect(): Promise<SqlClient>;
  drop(): Promise<void>;
}

/** A database of this test's own: created on the server when it answers (and dropped after), else PGlite in memory. */
export async function openTestDatabase(options: { serverOnly?: boolean } = {}): Promise<TestDatabase | { skipped: string }> {
  const problem = await serverProblem();
  if (problem === undefined) {
    const name = `baton_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = await connectSql(parseDatabaseUrl(ADMIN_URL) as DatabaseUrl, { maxConnections: 1 });
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const parsed: DatabaseUrl = { kind: 'pg', url: url.toString() };
    const opened: SqlClient[] = [];
    return {
      kind: 'server',
      url: parsed,
      async connect() {
        const sql = await connectSql(parsed, { maxConnections: 20 });
        opened.push(sql);
        return sql;
      },
      async drop() {
        await Promise.all(opened.map((sql) => sql.close().catch(() => undefined)));
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  if (options.serverOnly || PG_REQUIRED) return { skipped: problem };
  const shared = await connectSql({ kind: 'pglite', dir: 'memory' });
  return {
    kind: 'pglite',
    url: { kind: 'pglite', dir: 'memory' },
    connect: async () => ({ ...shared, close: async () => undefined }),
    drop: () => shared.close(),
  };
}

/**
 * A server database for a test that cannot run on PGlite (cross-connection locking): undefined,
 * said plainly, where no server answers; an error under BATON_REQUIRE_PG=1 (CI), which must run it.
 */
export async function openServerDatabaseFor(what: string): Promise<{ db: TestDatabase | undefined; databaseUrl: string; skipped: string | undefined }> {
  const opened = await openTestDatabase({ serverOnly: true });
  const skipped = 'skipped' in opened ? opened.skipped : undefined;
  if (skipped) {
    if (PG_REQUIRED) throw new Error(`BATON_REQUIRE_PG=1 (CI) but the ${what} test cannot run: ${skipped}`);
    console.log(`NOT RUN: the PostgreSQL ${what} test needs a server; ${skipped}. CI (.ci/run) runs it.`);
  }
  const db = skipped ? undefined : (opened as TestDatabase);
  return { db, databaseUrl: db?.url.kind === 'pg' ? db.url.url : '', skipped };
}
