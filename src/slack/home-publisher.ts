import type { WebClient } from '@slack/web-api';
import type { View } from '@slack/types';
import type { Logger } from '../log.ts';

export interface HomePublisherOptions {
  client: WebClient;
  log: Logger;
  /** Builds the person's view as of now. */
  build: (userId: string) => Promise<View>;
  /**
   * Least time between two views.publish calls. views.publish is Tier 4 (100+ a minute per
   * workspace); 700 ms keeps Baton under 86 a minute however many homes need a refresh.
   */
  spacingMs?: number;
  /** Least time between two refreshes of one person's Home caused by changes (an open always publishes). */
  perUserMs?: number;
  onCall?: (method: string, outcome: 'ok' | 'error') => void;
}

/**
 * Publishes App Home views one at a time, spaced, coalescing repeated requests for the same person:
 * a burst of 200 leads refreshes each concerned Home once, not 200 times. Only people who opened
 * their Home since Baton started are refreshed on changes (their view is what Slack shows).
 */
export class HomePublisher {
  private readonly queue = new Map<string, 'open' | 'change'>();
  private readonly lastPublished = new Map<string, number>();
  private readonly seen = new Set<string>();
  private pumping: Promise<void> | undefined;
  private stopped = false;
  private lastCallAt = 0;
  private publishing = false;
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Ends the wait for a throttled refresh early: someone opened their Home meanwhile. */
  private wake: (() => void) | undefined;
  readonly stats = { published: 0, failed: 0 };

  constructor(private readonly options: HomePublisherOptions) {}

  /** The person opened their Home tab: publish now (after other opens). Resolves once their view is published (or failed). */
  opened(userId: string): Promise<void> {
    this.seen.add(userId);
    this.queue.set(userId, 'open');
    const done = new Promise<void>((resolve) => {
      const waiting = this.waiters.get(userId) ?? [];
      waiting.push(resolve);
      this.waiters.set(userId, waiting);
    });
    this.wake?.();
    void this.pump();
    return done;
  }

  /** Something concerning these people changed: refresh the Homes they have seen, throttled. */
  changed(userIds: Iterable<string>): void {
    for (const userId of userIds) {
      if (!this.seen.has(userId) || this.queue.has(userId)) continue;
      this.queue.set(userId, 'change');
    }
    if (this.queue.size > 0) void this.pump();
  }

  get watching(): ReadonlySet<string> {
    return this.seen;
  }

  /** Resolves once no Home open is waiting or being published (throttled background refreshes may remain). */
  async idle(): Promise<void> {
    while (this.publishing || [...this.queue.values()].includes('open')) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
    this.wake?.();
    for (const waiting of this.waiters.values()) for (const resolve of waiting) resolve();
    this.waiters.clear();
  }

  private pump(): Promise<void> {
    this.pumping ??= this.drain().finally(() => {
      this.pumping = undefined;
      // Work queued while the drain was finishing would otherwise wait for the next request.
      if (!this.stopped && this.queue.size > 0) void this.pump();
    });
    return this.pumping;
  }

  private async drain(): Promise<void> {
    const spacing = this.options.spacingMs ?? 700;
    const perUser = this.options.perUserMs ?? 10_000;
    while (!this.stopped && this.queue.size > 0) {
      // Opens first: a person looking at their Home waits for nobody's background refresh.
      const next = [...this.queue.entries()].find(([, why]) => why === 'open') ?? [...this.queue.entries()].find(([userId]) => Date.now() - (this.lastPublished.get(userId) ?? 0) >= perUser);
      if (!next) {
        // Everyone queued was refreshed moments ago: wait for the earliest to become due.
        const soonest = Math.min(...[...this.queue.keys()].map((userId) => (this.lastPublished.get(userId) ?? 0) + perUser));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.max(50, soonest - Date.now()));
          timer.unref();
          function done() {
            clearTimeout(timer);
            resolve();
          }
          this.wake = done;
        });
        this.wake = undefined;
        continue;
      }
      const [userId] = next;
      this.queue.delete(userId);
      this.publishing = true;
      const wait = this.lastCallAt + spacing - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
      this.lastCallAt = Date.now();
      this.lastPublished.set(userId, Date.now());
      try {
        const view = await this.options.build(userId);
        await this.options.client.views.publish({ user_id: userId, view });
        this.options.onCall?.('views.publish', 'ok');
        this.stats.published += 1;
      } catch (error) {
        this.options.onCall?.('views.publish', 'error');
        this.stats.failed += 1;
        this.options.log.warn({ user: userId, err: error instanceof Error ? error.message : String(error) }, 'app home: could not publish the view');
      } finally {
        this.publishing = false;
        for (const resolve of this.waiters.get(userId) ?? []) resolve();
        this.waiters.delete(userId);
      }
    }
  }
}
