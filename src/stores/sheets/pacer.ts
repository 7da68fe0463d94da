/**
 * A client-side budget per quota (Google: 60 read and 60 write requests per minute per user),
 * so bursts queue here instead of provoking 429 storms. A token bucket spreads requests out: a
 * small burst, then a refill rate of (perMinute - burst) a minute, so no 60 s window can exceed
 * perMinute and the window check below never has to stall a busy minute. The window check stays
 * as the hard guarantee.
 */
export class Pacer {
  private readonly sent: number[] = [];
  private waiting: Promise<void> = Promise.resolve();
  private tokens: number;
  private refilledAt: number;
  private readonly burst: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.burst = Math.max(1, Math.floor(perMinute / 20));
    this.tokens = this.burst;
    this.refilledAt = now();
  }

  /** Resolves when one more request fits the budget; callers take turns in arrival order. */
  take(): Promise<void> {
    const turn = this.waiting.then(() => this.waitForRoom());
    this.waiting = turn.catch(() => undefined);
    return turn;
  }

  private get refillPerMinute(): number {
    return Math.max(1, this.perMinute - this.burst);
  }

  private refill(now: number): void {
    const perMs = this.refillPerMinute / 60_000;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * perMs);
    this.refilledAt = now;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - 60_000) this.sent.shift();
      this.refill(now);
      const windowWait = this.sent.length < this.perMinute ? 0 : (this.sent[0] as number) + 60_000 - now + 1;
      const bucketWait = this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / (this.refillPerMinute / 60_000));
      if (windowWait === 0 && bucketWait === 0) {
        this.tokens -= 1;
        this.sent.push(now);
        return;
      }
      await this.sleep(Math.max(windowWait, bucketWait));
    }
  }
}
