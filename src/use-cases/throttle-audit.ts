import type { Clock } from '../core/ports.ts';

/** Entries older than the window are forgotten once this many are held, so memory stays bounded. */
const PRUNE_AT = 1_000;

/**
 * At most one audit row per key per window. A rejected click is answered every time, but five
 * replays of the same refused click must not cost five sheet writes: the first in a window is
 * audited, the rest only logged. The clock is injected, so tests move time by hand.
 */
export class AuditThrottle {
  private readonly firstAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
  ) {}

  /** True when `key` gets an audit row now; from then on false until the window has passed. */
  admit(key: string): boolean {
    const now = this.clock.now();
    const since = this.firstAt.get(key);
    if (since !== undefined && now - since < this.windowMs) return false;
    if (this.firstAt.size >= PRUNE_AT) this.prune(now);
    this.firstAt.set(key, now);
    return true;
  }

  /** The admitted row was never written (the commit failed): let the next one through. */
  release(key: string): void {
    this.firstAt.delete(key);
  }

  private prune(now: number): void {
    for (const [key, at] of this.firstAt) if (now - at >= this.windowMs) this.firstAt.delete(key);
  }
}
