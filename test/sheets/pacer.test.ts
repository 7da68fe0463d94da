import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/stores/sheets/pacer.ts';

/** A pacer on a fake clock whose sleep just moves time forward. */
function fakePacer(perMinute: number) {
  const clock = { at: 0 };
  const pacer = new Pacer(
    perMinute,
    () => clock.at,
    async (ms) => {
      clock.at += ms;
    },
  );
  return { pacer, clock };
}

describe('Pacer', () => {
  it('lets a small burst through at once, then spaces requests evenly', async () => {
    const { pacer, clock } = fakePacer(60);
    const times: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      await pacer.take();
      times.push(clock.at);
    }
    // Burst of 60/20 = 3, then one every 60/(60-3) s.
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    const gaps = times.slice(3).map((t, i) => t - (times[2 + i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(1_100);
  });

  it('never stalls a busy minute: under constant demand no gap is much longer than the even spacing', async () => {
    const { pacer, clock } = fakePacer(60);
    let previous = 0;
    let longest = 0;
    for (let i = 0; i < 200; i += 1) {
      await pacer.take();
      longest = Math.max(longest, clock.at - previous);
      previous = clock.at;
    }
    expect(longest).toBeLessThanOrEqual(1_100);
  });

  it.each([60, 30, 120])('never allows more than %i requests in any 60 s window', async (perMinute) => {
    const { pacer, clock } = fakePacer(perMinute);
    const times: number[] = [];
    for (let i = 0; i < perMinute * 3; i += 1) {
      await pacer.take();
      times.push(clock.at);
    }
    for (let i = 0; i < times.length; i += 1) {
      const inWindow = times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(perMinute);
    }
  });
});
