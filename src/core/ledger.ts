import { Book } from './book.ts';
import type { Lead } from '../domain/types.ts';
import type { ChangeSet, Clock, KeyIndex, LeadStore, LoadScope } from './ports.ts';
import { isEmptyChangeSet, mergeScopes } from './ports.ts';

export interface LedgerOptions {
  /** How old the cached roster/state/leads may be for work that accepts a cached view. */
  maxAgeMs: number;
  /** The most works decided and written together in one commit. */
  maxBatch?: number;
  /** Told whether commits get through the store's lock (readiness): false with why after it gave up. */
  onLockOutcome?: (ok: boolean, detail: string) => void;
  /**
   * Conflicts tolerated in a row before giving up (default 5), and the longest random pause before
   * deciding again (default none). Instances busy on one database race for the cursor on every
   * batch: there losing is routine, and a short jittered pause lets the two lanes interleave.
   */
  conflictRetries?: number;
  conflictPauseMs?: number;
}

/** Another process winning the race this many times in a row means something is wrong. */
const MAX_CONFLICT_RETRIES = 5;

interface Pending {
  work: (book: Book) => unknown;
  fresh: boolean;
  /** What the work needs read (a store with readsByScope reads only that); absent = everything. */
  scope: LoadScope | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface LedgerStats {
  loads: number;
  commits: number;
  batches: number;
  conflicts: number;
}

/**
 * The single lane through which every read-decide-write of routing state and lead rows passes.
 *
 * Works queued while a commit is in flight are decided together, in arrival order, against one
 * view and written in one commit (group commit). A caller's promise settles only once its changes
 * are durable, so a webhook is never answered for a lead that is not in the sheet.
 */
export class Ledger {
  private book: Book | undefined;
  /** Idempotency key -> lead id, of what this process committed. */
  private readonly committedKeys = new Map<string, string>();
  /** The keys of the last successful read: kept when the view is dropped, without the rows. */
  private seenKeys: KeyIndex | undefined;
  private loadedAt = 0;
  private queue: Pending[] = [];
  private draining = false;
  readonly stats: LedgerStats = { loads: 0, commits: 0, batches: 0, conflicts: 0 };

  constructor(
    private readonly store: LeadStore,
    private readonly clock: Clock,
    private readonly options: LedgerOptions,
  ) {}

  /** Decides `work` against the book and commits what it changed. `fresh` forces a read first. */
  transact<T>(work: (book: Book) => T, options: { fresh?: boolean; scope?: LoadScope } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, fresh: options.fresh ?? false, scope: options.scope, resolve: resolve as (value: unknown) => void, reject });
      void this.drain();
    });
  }

  /** Re-reads the sheet now (admins' roster edits, other writers). */
  refresh(): Promise<void> {
    // Roster and routing state only: a store that reads by scope need not read any lead for this.
    return this.transact(() => undefined, { fresh: true, scope: {} });
  }

  /**
   * The id of the lead a given idempotency key was written as, from what this process has seen in the sheet
   * or committed itself. Unlike the cached view it survives a failed commit, so a provider's retry
   * during an outage still gets the id it was first given.
   */
  committedIdForKey(key: string): string | undefined {
    return this.committedKeys.get(key) ?? this.seenKeys?.idsWithKey(key)[0];
  }

  private rememberKeys(leads: Iterable<Lead>): void {
    for (const lead of leads) if (lead.idempotencyKey) this.committedKeys.set(lead.idempotencyKey, lead.leadId);
  }

  /** Drops the cached view; the next work reads the sheet again. */
  invalidate(): void {
    this.book = undefined;
  }

  get cacheAgeMs(): number {
    return this.book ? this.clock.now() - this.loadedAt : Number.POSITIVE_INFINITY;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
        await this.runBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    this.stats.batches += 1;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.tryBatch(batch, attempt > 1);
      if (outcome !== 'conflict') return;
      this.stats.conflicts += 1;
      if (attempt >= (this.options.conflictRetries ?? MAX_CONFLICT_RETRIES)) {
        const detail = `gave up after ${attempt} refused commits (last: ${this.lastConflict})`;
        this.options.onLockOutcome?.(false, detail);
        // Retryable: an intake is journaled (202) and a click saved, both applied once the lock is free again.
        const error = Object.assign(new Error(detail), { code: 'LEDGER_GAVE_UP', retryable: true });
        for (const item of batch) item.reject(error);
        return;
      }
      const pause = this.options.conflictPauseMs ?? 0;
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(pause, pause * attempt / 4)));
    }
  }

  private lastConflict = '';

  /** Decides every work in the batch against one view and commits; 'conflict' means decide again. */
  private async tryBatch(batch: Pending[], fresh: boolean): Promise<'done' | 'conflict'> {
    let book: Book;
    try {
      book = await this.currentBook(fresh || batch.some((item) => item.fresh), mergeScopes(batch.map((item) => item.scope)));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return 'done';
    }
    const decided: Array<{ item: Pending; value: unknown }> = [];
    const failed: Array<{ item: Pending; error: unknown }> = [];
    for (const item of batch) {
      try {
        decided.push({ item, value: book.attempt(item.work) });
      } catch (error) {
        failed.push({ item, error });
      }
    }
    const change: ChangeSet = book.takeChanges();
    if (!isEmptyChangeSet(change)) {
      try {
        await this.store.commit(change);
        this.stats.commits += 1;
        this.options.onLockOutcome?.(true, 'last commit took the lock');
        this.rememberKeys(change.newLeads);
      } catch (error) {
        // The view now holds changes the sheet may not have: read it again before deciding anything else.
        this.book = undefined;
        if ((error as { code?: string }).code === 'BATON_COMMIT_CONFLICT') {
          this.lastConflict = error instanceof Error ? error.message : String(error);
          return 'conflict';
        }
        for (const { item } of decided) item.reject(error);
        for (const { item, error: workError } of failed) item.reject(workError);
        return 'done';
      }
    }
    for (const { item, error } of failed) item.reject(error);
    for (const { item, value } of decided) item.resolve(value);
    return 'done';
  }

  private async currentBook(fresh: boolean, scope: LoadScope | undefined): Promise<Book> {
    // A view read by scope holds only what its batch named: the next batch reads its own.
    if (!fresh && !this.store.readsByScope && this.book && this.clock.now() - this.loadedAt <= this.options.maxAgeMs) return this.book;
    // The old view is not consulted while reading: let it go rather than keep it alive beside the new read.
    this.book = undefined;
    const snapshot = await this.store.load(scope);
    this.stats.loads += 1;
    this.seenKeys = snapshot.leads.keys;
    this.book = new Book(snapshot);
    this.loadedAt = this.clock.now();
    return this.book;
  }
}
