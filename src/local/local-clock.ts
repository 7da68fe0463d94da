import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../core/ports.ts';

/** When each skip-ahead happened (wall clock), so the page can show Slack messages on Baton's clock. */
export type ClockSkip = { at: number; minutes: number };

/**
 * The system clock plus an offset a visitor can move forward; local mode only. Given a file
 * (DATA_DIR/local-clock.json) the offset and its history survive restarts, like the sheet does:
 * otherwise a restart would put leads assigned "after" a skip in the future.
 */
export class SkippableClock implements Clock {
  private offsetMs = 0;
  readonly skips: ClockSkip[] = [];

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown; skips?: unknown };
      if (typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs)) this.offsetMs = saved.offsetMs;
      if (Array.isArray(saved.skips)) this.skips.push(...(saved.skips as ClockSkip[]).filter((s) => typeof s?.at === 'number' && typeof s?.minutes === 'number'));
    }
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  skipMinutes(minutes: number): void {
    this.offsetMs += minutes * 60_000;
    this.skips.push({ at: Date.now(), minutes });
    if (this.file) {
      writeFileSync(`${this.file}.tmp`, JSON.stringify({ offsetMs: this.offsetMs, skips: this.skips }));
      renameSync(`${this.file}.tmp`, this.file);
    }
  }

  get skippedMinutes(): number {
    return Math.round(this.offsetMs / 60_000);
  }
}
