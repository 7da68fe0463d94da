import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './log.ts';
import type { Clock } from './core/ports.ts';
import type { Millis } from './domain/types.ts';

export interface SchedulerOptions {
  cronExpression: string;
  timeZone: string;
  clock: Clock;
  log: Logger;
  /** Runs one sweep and returns the earliest future deadline it saw. */
  sweep: (trigger: string) => Promise<Millis | null>;
  /** Re-reads the sheet when the cache is older than this, so idle Baton costs one read a minute. */
  cacheMaxAgeMs: number;
  cacheAgeMs: () => number;
  refresh: () => Promise<void>;
  /** Pause before the deadline timer retries a failed sweep, doubling per failure up to `max`. */
  retryDelayMs?: { first: number; max: number };
}

/** A failed sweep is retried this soon, then less and less often, so due leads never wait for the hourly cron. */
const RETRY_DELAY_MS = { first: 5_000, max: 60_000 };

/** Longest setTimeout Node accepts. */
const MAX_TIMER_MS = 2_147_483_647;
/** Deadlines this close together share one sweep. */
const DEADLINE_GRACE_MS = 1_000;

/**
 * Three sweep triggers: the SWEEP_CRON safety net, a timer armed at the earliest SLA deadline
 * (re-routes within seconds of it, not at the next hourly bucket), and the caller's startup sweep.
 * Sweeps never overlap: a trigger that fires while one runs is folded into one follow-up run.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt: Millis | null = null;
  private refreshTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun: string | undefined;
  private stopped = false;
  /** Sweeps failed in a row: the retry pause grows with it. */
  private failures = 0;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    const { cronExpression, timeZone } = this.options;
    this.task = cron.schedule(cronExpression, () => this.trigger('cron'), { timezone: timeZone, noOverlap: true, name: 'baton-sweep' });
    this.refreshTimer = setInterval(() => this.refreshIfStale(), Math.min(5_000, this.options.cacheMaxAgeMs / 4));
    this.refreshTimer.unref();
  }

  /** A new SLA deadline exists (a lead was assigned): make sure a sweep runs right after it. */
  noteDeadline(at: Millis | null): void {
    if (at === null || this.stopped) return;
    if (this.timerAt !== null && this.timerAt <= at) return;
    this.arm(at);
  }

  /** The clock jumped (local mode's skip-ahead): re-aim the deadline timer. */
  rearm(): void {
    if (this.timerAt !== null) this.arm(this.timerAt);
  }

  private arm(at: Millis): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.options.clock.now() + DEADLINE_GRACE_MS));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = null;
      this.trigger('deadline');
    }, delay);
    this.timer.unref();
  }

  /** Runs a sweep now, or once more right after the running one. */
  trigger(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.rerun = reason;
      return this.running;
    }
    this.running = (async () => {
      let next: string | undefined = reason;
      while (next && !this.stopped) {
        this.rerun = undefined;
        try {
          this.noteDeadline(await this.options.sweep(next));
          this.failures = 0;
        } catch (error) {
          // Leads may be due and the sheet is back any moment: retry on the deadline timer, not at the next cron tick.
          this.failures += 1;
          const { first, max } = this.options.retryDelayMs ?? RETRY_DELAY_MS;
          const retryInMs = Math.min(max, first * 2 ** Math.min(this.failures - 1, 30));
          this.options.log.error({ trigger: next, err: error instanceof Error ? error.message : String(error), retryInMs }, 'sweep failed; retrying on the deadline timer');
          this.noteDeadline(this.options.clock.now() + retryInMs);
        }
        next = this.rerun;
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private refreshIfStale(): void {
    if (this.stopped || this.running || this.options.cacheAgeMs() < this.options.cacheMaxAgeMs) return;
    this.options.refresh().catch((error: unknown) => this.options.log.warn({ err: String(error) }, 'cache refresh failed; will retry'));
  }

  /** Stops every trigger and waits for a running sweep to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    if (this.timer) clearTimeout(this.timer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    await this.running;
  }
}
