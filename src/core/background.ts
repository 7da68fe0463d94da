/**
 * Follow-up work that must not hold up an HTTP answer (DMs after a lead is durable) but must
 * not be lost either: shutdown and tests wait for it with `idle()`.
 */
export class Background {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  run(task: () => Promise<unknown>): void {
    const promise = task().catch(this.onError);
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  get size(): number {
    return this.running.size;
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
