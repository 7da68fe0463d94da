import { MIGRATIONS } from '../../../stores/postgres/migrations.ts';
import { connectSql, describeDatabaseUrl, parseDatabaseUrl } from '../../../stores/postgres/sql-client.ts';
import { fail, pass, type CheckResult } from '../types.ts';

/**
 * DATABASE_URL: the database answers, and its schema is one this Baton can use (missing steps are
 * applied at startup; a newer schema means an older Baton). Reads only; never migrates.
 */
export async function checkDatabase(databaseUrl: string): Promise<CheckResult[]> {
  const parsed = parseDatabaseUrl(databaseUrl);
  if ('error' in parsed) return [fail(`DATABASE_URL ${parsed.error}`, 'set DATABASE_URL=postgres://user:password@host:5432/db or pglite:<folder>')];
  const where = describeDatabaseUrl(parsed);
  let sql;
  try {
    sql = await connectSql(parsed, { maxConnections: 1 });
  } catch (error) {
    return [fail(`database ${where} cannot be opened: ${error instanceof Error ? error.message : String(error)}`, 'check DATABASE_URL and that the folder is writable')];
  }
  try {
    const { rows } = await sql.query<{ version: string }>('SELECT version() AS version');
    const version = /PostgreSQL [\d.]+/.exec(rows[0]?.version ?? '')?.[0] ?? 'PostgreSQL';
    const results: CheckResult[] = [pass(`database ${where} reachable (${version})`)];
    const { rows: table } = await sql.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
    const applied = table[0]?.present ? (await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version)) : [];
    const known = MIGRATIONS.map((step) => step.version);
    const newest = Math.max(0, ...applied);
    const pending = known.filter((version) => !applied.includes(version));
    if (newest > Math.max(...known)) {
      results.push(fail(`database schema is at version ${newest}, newer than this Baton knows (${Math.max(...known)})`, 'run the Baton version that migrated it'));
    } else if (pending.length > 0) {
      const { rows: grant } = await sql.query<{ ok: boolean }>(`SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS ok`);
      results.push(
        grant[0]?.ok
          ? pass(`database schema: ${pending.length} migration${pending.length === 1 ? '' : 's'} to apply at the next start (${pending.join(', ')})`)
          : fail(`database schema needs ${pending.length} migration${pending.length === 1 ? '' : 's'}, and this user may not create tables`, 'GRANT CREATE ON DATABASE to Baton’s user, or run the first start as the owner'),
      );
    } else {
      const { rows: count } = await sql.query<{ n: string }>('SELECT n FROM lead_count');
      results.push(pass(`database schema up to date (version ${newest}, ${Number(count[0]?.n ?? 0)} leads)`));
    }
    return results;
  } catch (error) {
    return [fail(`database ${where} unreachable: ${error instanceof Error ? error.message : String(error)}`, 'check DATABASE_URL (host, port, user, password, database) and that the server accepts connections from this host')];
  } finally {
    await sql.close().catch(() => undefined);
  }
}
