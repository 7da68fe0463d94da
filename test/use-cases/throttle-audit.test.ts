import { describe, expect, it } from 'vitest';
import { AuditThrottle } from '../../src/use-cases/throttle-audit.ts';

describe('AuditThrottle', () => {
  it('admits a key once per window, per key, on the injected clock', () => {
    const clock = { at: 0, now() { return this.at; } };
    const throttle = new AuditThrottle(clock, 60_000);
    expect(throttle.admit('a')).toBe(true);
    expect(throttle.admit('a')).toBe(false);
    expect(throttle.admit('b')).toBe(true);
    clock.at = 59_999;
    expect(throttle.admit('a')).toBe(false);
    clock.at = 60_000;
    expect(throttle.admit('a')).toBe(true);
  });

  it('lets a released key through again', () => {
    const clock = { now: () => 0 };
    const throttle = new AuditThrottle(clock);
    expect(throttle.admit('a')).toBe(true);
    throttle.release('a');
    expect(throttle.admit('a')).toBe(true);
  });

  it('forgets expired keys once many are held', () => {
    const clock = { at: 0, now() { return this.at; } };
    const throttle = new AuditThrottle(clock, 10);
    for (let i = 0; i < 2_000; i += 1) {
      clock.at = i * 10;
      expect(throttle.admit(`k${i}`)).toBe(true);
    }
    expect((throttle as unknown as { firstAt: Map<string, number> }).firstAt.size).toBeLessThanOrEqual(1_000);
  });
});
