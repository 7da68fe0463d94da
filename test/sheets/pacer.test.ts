import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/sheets/pacer.ts';

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
    expect(times.slice(0, 10)).toEqual(new Array(10).fill(0));
    const gaps = times.slice(10).map((t, i) => t - (times[9 + i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(999);
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
