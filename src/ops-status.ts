import type { JournalHealth } from './outbox/file-outbox.ts';
import { systemClock, type Clock } from './core/ports.ts';

/** The outbox may hold work this long (the sheet briefly away, a replay in progress) before Baton is not ready. */
export const OUTBOX_STALE_MS = 60_000;

const NO_JOURNAL: JournalHealth = { depth: 0, oldestAt: null, quarantined: 0, quarantineFiles: [] };

/** What /readyz reports: the last word from each dependency, the lock, the journals and the last sweep. */
export class OpsStatus {
  sheets: { ok: boolean; at: number | null; detail: string } = { ok: false, at: null, detail: 'no request yet' };
  slack: { ok: boolean; at: number | null; detail: string } = { ok: false, at: null, detail: 'auth.test not run yet' };
  lock: { ok: boolean; at: number | null; detail: string } = { ok: true, at: null, detail: 'no commit yet' };
  lastSweep: { at: number; trigger: string; ok: boolean; summary: string } | null = null;
  private journalProbe: () => JournalHealth = () => NO_JOURNAL;

  constructor(private readonly clock: Clock = systemClock) {}

  sheetsOutcome(ok: boolean, detail: string, at: number): void {
    this.sheets = { ok, at, detail };
  }

  slackOutcome(ok: boolean, detail: string, at: number): void {
    this.slack = { ok, at, detail };
  }

  /** The last attempt to take the sheet's commit lock: readiness fails while it is a failure. */
  lockOutcome(ok: boolean, detail: string, at: number): void {
    this.lock = { ok, at, detail };
  }

  sweepOutcome(trigger: string, ok: boolean, summary: string, at: number): void {
    this.lastSweep = { at, trigger, ok, summary };
  }

  /** Where the journals' state is read from (the outbox), asked on every readiness check. */
  watchJournal(probe: () => JournalHealth): void {
    this.journalProbe = probe;
  }

  journal(): JournalHealth {
    return this.journalProbe();
  }

  /** Why Baton is not ready, one line per reason with what to do; empty when it is ready. */
  problems(): string[] {
    const problems: string[] = [];
    if (!this.sheets.ok) problems.push(`sheets: ${this.sheets.detail}`);
    if (!this.slack.ok) problems.push(`slack: ${this.slack.detail}`);
    if (!this.lock.ok) problems.push(`lock: ${this.lock.detail}`);
    const journal = this.journal();
    const waitedMs = journal.oldestAt === null ? 0 : this.clock.now() - journal.oldestAt;
    if (journal.depth > 0 && waitedMs > OUTBOX_STALE_MS) {
      problems.push(`outbox: ${journal.depth} lead(s) or click(s) waiting for the sheet for ${Math.round(waitedMs / 1000)} s; they are safe on disk and written when the sheet takes writes again`);
    }
    if (journal.quarantined > 0) {
      problems.push(
        `journal: ${journal.quarantined} damaged line(s) quarantined in ${journal.quarantineFiles.join(', ')}; read them, re-submit any lead or click that is missing, then move the file(s) away`,
      );
    }
    return problems;
  }

  get ready(): boolean {
    return this.problems().length === 0;
  }
}
