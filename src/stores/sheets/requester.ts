import type { Logger } from '../../log.ts';
import { classify, retryAfterMs, SheetsError } from './errors.ts';
import { Pacer } from './pacer.ts';

export interface RequesterOptions {
  spreadsheetId: string;
  serviceAccount?: string;
  readsPerMinute: number;
  writesPerMinute: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  log: Logger;
  /** Told of every request's outcome (metrics, readiness). */
  onOutcome?: (kind: 'read' | 'write', outcome: 'ok' | 'error', status?: number) => void;
}

export interface RequestStats {
  reads: number;
  writes: number;
  retries: number;
  failures: number;
}

/**
 * Every Sheets request goes through here: paced to the quota, retried with capped exponential
 * backoff and full jitter. The googleapis client retries only GETs and never POSTs, so writes are
 * retried here, and only after `verify` says the earlier attempt did not land.
 */
export class Requester {
  readonly stats: RequestStats = { reads: 0, writes: 0, retries: 0, failures: 0 };
  private readonly readPacer: Pacer;
  private readonly writePacer: Pacer;
  private closing = false;
  private readonly wakeUps = new Set<() => void>();

  constructor(private readonly options: RequesterOptions) {
    this.readPacer = new Pacer(options.readsPerMinute);
    this.writePacer = new Pacer(options.writesPerMinute);
  }

  read<T>(what: string, call: () => Promise<T>): Promise<T> {
    return this.run('read', what, call);
  }

  /** One attempt, no retries: for the check after a lost answer, whose caller retries anyway. */
  readOnce<T>(what: string, call: () => Promise<T>): Promise<T> {
    return this.run('read', what, call, undefined, 1);
  }

  /** Shutting down: stop retrying, so callers fail fast and journal what they hold. */
  close(): void {
    this.closing = true;
    for (const wake of this.wakeUps) wake();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUps.add(done);
    });
  }

  /** `verify` runs after an answer was lost or a server error: true means the write landed. */
  write<T>(what: string, call: () => Promise<T>, verify?: () => Promise<boolean>): Promise<T | undefined> {
    return this.run('write', what, call, verify);
  }

  private async run<T>(kind: 'read' | 'write', what: string, call: () => Promise<T>, verify?: () => Promise<boolean>, attempts?: number): Promise<T> {
    const { baseDelayMs, maxDelayMs } = this.options;
    const maxAttempts = attempts ?? this.options.maxAttempts;
    let lastError: SheetsError | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1 && lastError && kind === 'write' && verify && lastError.status !== 429) {
        // 429 means "not done"; anything else may have been applied before the answer was lost.
        const landed = await verify().catch(() => false);
        if (landed) {
          this.options.log.info({ what, attempt }, 'sheets: earlier attempt had landed; not repeating the write');
          return undefined as T;
        }
      }
      await (kind === 'read' ? this.readPacer : this.writePacer).take();
      this.stats[kind === 'read' ? 'reads' : 'writes'] += 1;
      try {
        const result = await call();
        this.options.onOutcome?.(kind, 'ok');
        return result;
      } catch (error) {
        lastError = classify(error, this.options.spreadsheetId, this.options.serviceAccount);
        this.options.onOutcome?.(kind, 'error', lastError.status);
        if (!lastError.retryable || attempt === maxAttempts || this.closing) break;
        this.stats.retries += 1;
        const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.max(retryAfterMs(error) ?? 0, Math.random() * backoff);
        this.options.log.warn({ what, attempt, status: lastError.status, delayMs: Math.round(delay) }, `sheets: ${lastError.message}; retrying`);
        await this.pause(delay);
      }
    }
    this.stats.failures += 1;
    throw lastError ?? new SheetsError('SHEETS_UNAVAILABLE', `Sheets ${what} failed`, undefined, true);
  }
}
