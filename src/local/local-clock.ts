import type { Clock } from '../core/ports.ts';

/** The system clock plus an offset a visitor can move forward; local mode only. */
export class SkippableClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  skipMinutes(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }

  get skippedMinutes(): number {
    return Math.round(this.offsetMs / 60_000);
  }
}
