import { mkdirSync } from 'node:fs';

/** What the store needs of a connection: parameterised queries answering rows and a row count. */
export interface SqlRunner {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** Several statements in one string, no parameters (migrations). */
  exec(script: string): Promise<void>;
}

/**
 * The two drivers behind one tiny interface: `pg` (a pool, many connections) and PGlite
 * (PostgreSQL in this process, one connection). The store's SQL is the same for both.
 */
export interface SqlClient extends SqlRunner {
  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** `pg` for a server, `pglite` for the embedded one; PGlite has a single connection, so no cross-connection locking. */
  readonly driver: 'pg' | 'pglite';
  /** Where it points, without a password: for logs and doctor. */
  readonly target: string;
  close(): Promise<void>;
}

export type DatabaseUrl = { kind: 'pg'; url: string } | { kind: 'pglite'; dir: string | 'memory' };

/** postgres://… or postgresql://… -> a server; pglite:<dir> -> PGlite in that folder; pglite:memory -> PGlite in memory (tests). */
export function parseDatabaseUrl(text: string): DatabaseUrl | { error: string } {
  const value = text.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (!url.hostname && !url.searchParams.get('host')) return { error: 'names no host (e.g. postgres://baton@db.internal:5432/baton)' };
      return { kind: 'pg', url: value };
    } catch {
      return { error: 'is not a valid URL (e.g. postgres://baton:secret@127.0.0.1:5432/baton)' };
    }
  }
  if (/^pglite:/i.test(value)) {
    const dir = value.slice('pglite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!dir) return { error: 'needs a folder after pglite: (e.g. pglite:.data/pglite), or pglite:memory for a throwaway database' };
    return { kind: 'pglite', dir: dir === 'memory' ? 'memory' : dir };
  }
  return { error: 'must start with postgres:// (a PostgreSQL server) or pglite: (e.g. pglite:.data/pglite, PostgreSQL inside Baton)' };
}

/** The URL with its password masked. */
export function describeDatabaseUrl(parsed: DatabaseUrl): string {
  if (parsed.kind === 'pglite') return `pglite:${parsed.dir}`;
  try {
    const url = new URL(parsed.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

export interface ConnectOptions {
  /** Most connections the pool opens (pg only). */
  maxConnections?: number;
  /** Called with errors of idle pooled connections (a server restart): they must not crash Baton. */
  onIdleError?: (error: Error) => void;
}

export async function connectSql(parsed: DatabaseUrl, options: ConnectOptions = {}): Promise<SqlClient> {
  return parsed.kind === 'pg' ? connectPg(parsed.url, options) : connectPglite(parsed.dir);
}

async function connectPg(url: string, options: ConnectOptions): Promise<SqlClient> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // A dead server must fail a request quickly (the intake is then journaled), not hang it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'baton',
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  const asRunner = (client: { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }> }): SqlRunner => ({
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await client.query(text, params ? [...params] : undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(script: string) {
      // No parameters: pg sends it with the simple protocol, which allows several statements.
      await client.query(script);
    },
  });
  const poolRunner = asRunner(pool);
  return {
    driver: 'pg',
    target: describeDatabaseUrl({ kind: 'pg', url }),
    query: poolRunner.query,
    exec: poolRunner.exec,
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await work(asRunner(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          // The connection itself failed: the pool must not hand it out again.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

async function connectPglite(dir: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dir !== 'memory') mkdirSync(dir, { recursive: true });
  const db = dir === 'memory' ? new PGlite() : new PGlite(dir);
  await db.waitReady;
  type PgliteLike = { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>; exec: (script: string) => Promise<unknown> };
  const asRunner = (conn: PgliteLike): SqlRunner => ({
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await conn.query(text, params ? [...params] : undefined);
      // PGlite counts only changed rows; a SELECT's count is its rows, as with pg.
      return { rows: result.rows as R[], rowCount: result.affectedRows || result.rows.length };
    },
    async exec(script: string) {
      await conn.exec(script);
    },
  });
  const dbRunner = asRunner(db as unknown as PgliteLike);
  return {
    driver: 'pglite',
    target: `pglite:${dir}`,
    query: dbRunner.query,
    exec: dbRunner.exec,
    transaction: (work) => db.transaction((tx) => work(asRunner(tx as unknown as PgliteLike))),
    close: () => db.close(),
  };
}

/**
 * A client that connects on first use: Baton is wired synchronously, and a database that is down
 * at startup must not stop it (intakes go to the outbox until it answers). A failed connect is
 * tried again by the next call.
 */
export function lazySqlClient(parsed: DatabaseUrl, options: ConnectOptions = {}): SqlClient {
  let connecting: Promise<SqlClient> | undefined;
  let closed = false;
  const client = (): Promise<SqlClient> => {
    if (closed) return Promise.reject(new Error('Client was closed'));
    connecting ??= connectSql(parsed, options).catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  return {
    driver: parsed.kind,
    target: describeDatabaseUrl(parsed),
    query: async (text, params) => (await client()).query(text, params),
    exec: async (script) => (await client()).exec(script),
    transaction: async (work) => (await client()).transaction(work),
    async close() {
      closed = true;
      const open = connecting;
      connecting = undefined;
      if (open) await (await open.catch(() => undefined))?.close();
    },
  };
}
