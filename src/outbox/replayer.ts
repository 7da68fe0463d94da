import type { Logger } from '../log.ts';

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 30_000;

/**
 * Runs the outbox replay soon after something was journaled, then again with growing pauses
 * while the sheet stays unavailable, until the journal is empty. Never two replays at once.
 */
export class OutboxReplayer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private delay = FIRST_DELAY_MS;
  private stopped = false;

  constructor(
    private readonly replay: () => Promise<{ left: number }>,
    private readonly pending: () => number,
    private readonly log: Logger,
  ) {}

  soon(): void {
    if (this.stopped || this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, this.delay);
    this.timer.unref();
  }

  /** Replays now (startup, tests); resolves when this attempt is over. */
  runNow(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const { left } = await this.replay();
        this.delay = FIRST_DELAY_MS;
        if (left > 0) this.soon();
      } catch (error) {
        this.delay = Math.min(MAX_DELAY_MS, this.delay * 2);
        this.log.warn({ err: error instanceof Error ? error.message : String(error), retryInMs: this.delay, queued: this.pending() }, 'outbox: sheet still unavailable');
      } finally {
        this.running = undefined;
      }
      if (this.pending() > 0) this.soon();
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
