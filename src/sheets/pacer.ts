/**
 * A client-side budget per quota (Google: 60 read and 60 write requests per minute per user),
 * so bursts queue here instead of provoking 429 storms. Sliding one-minute window.
 */
export class Pacer {
  private readonly sent: number[] = [];
  private waiting: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Resolves when one more request fits the budget; callers take turns in arrival order. */
  take(): Promise<void> {
    const turn = this.waiting.then(() => this.waitForRoom());
    this.waiting = turn.catch(() => undefined);
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - 60_000) this.sent.shift();
      if (this.sent.length < this.perMinute) {
        this.sent.push(now);
        return;
      }
      await this.sleep((this.sent[0] as number) + 60_000 - now + 5);
    }
  }

  get usedInLastMinute(): number {
    const now = this.now();
    return this.sent.filter((at) => at > now - 60_000).length;
  }
}
