import { CommitConflict } from '../../core/commit-conflict.ts';

/** A PostgreSQL failure that says whether trying again later can help (the outbox keys on `retryable`). */
export class PgStoreError extends Error {
  constructor(
    readonly code: 'PG_UNAVAILABLE' | 'PG_ERROR',
    message: string,
    readonly retryable: boolean,
    readonly sqlState?: string,
  ) {
    super(message);
    this.name = 'PgStoreError';
  }
}

/** SQLSTATEs meaning "another transaction got there first": read again and decide again. */
const CONFLICT_STATES = new Set(['40001', '40P01', '23505']);
/** Socket-level failures: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Any error from a query -> a CommitConflict (a race another instance won), a retryable
 * PgStoreError (connection lost, server starting or shutting down, too many connections) or a
 * permanent one (a bug or a schema problem: retrying changes nothing).
 */
export function classifyPgError(error: unknown): Error {
  if (error instanceof CommitConflict || error instanceof PgStoreError) return error;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  // BC001: baton_commit() found the read out of date (its message says how).
  if (code === 'BC001') return new CommitConflict(message);
  if (CONFLICT_STATES.has(code)) return new CommitConflict(`PostgreSQL refused the commit (${code}): ${message}`);
  const unavailable =
    NETWORK_CODES.has(code) ||
    code.startsWith('08') || // connection exception
    code.startsWith('53') || // insufficient resources (too many connections, disk full)
    ['57P01', '57P02', '57P03'].includes(code) || // shutting down, crashed, not accepting yet
    /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i.test(message);
  if (unavailable) return new PgStoreError('PG_UNAVAILABLE', `PostgreSQL unavailable: ${message}`, true, code || undefined);
  return new PgStoreError('PG_ERROR', `PostgreSQL: ${message}`, false, code || undefined);
}
