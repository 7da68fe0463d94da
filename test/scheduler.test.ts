import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/log.ts';
import { Scheduler } from '../src/scheduler.ts';

function scheduler(sweep: (trigger: string) => Promise<number | null>) {
  return new Scheduler({
    cronExpression: '0 * * * *',
    timeZone: 'UTC',
    clock: { now: () => Date.now() },
    log: createLogger('silent'),
    sweep,
    cacheMaxAgeMs: 60_000,
    cacheAgeMs: () => 0,
    refresh: async () => undefined,
    retryDelayMs: { first: 5_000, max: 20_000 },
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Scheduler', () => {
  it('re-arms the deadline timer with growing pauses after a failed sweep, until one succeeds', async () => {
    const triggers: string[] = [];
    let failuresLeft = 3;
    const s = scheduler(async (trigger) => {
      triggers.push(trigger);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('Sheets unavailable');
      }
      return null;
    });
    await s.trigger('deadline');
    expect(triggers).toEqual(['deadline']);

    await vi.advanceTimersByTimeAsync(6_000);
    expect(triggers).toHaveLength(2);
    // The second retry waits twice as long.
    await vi.advanceTimersByTimeAsync(6_000);
    expect(triggers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(triggers).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(21_000);
    expect(triggers).toHaveLength(4);
    // It succeeded: no more retries.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(triggers).toHaveLength(4);
    await s.stop();
  });

  it('keeps the earlier deadline a successful sweep reports after a retry', async () => {
    const triggers: string[] = [];
    let fail = true;
    const s = scheduler(async (trigger) => {
      triggers.push(trigger);
      if (fail) {
        fail = false;
        throw new Error('Sheets unavailable');
      }
      return triggers.length === 2 ? Date.now() + 30_000 : null;
    });
    await s.trigger('startup');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(triggers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(triggers).toHaveLength(3);
    await s.stop();
  });
});
