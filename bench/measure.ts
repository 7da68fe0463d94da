import type { LedgerStats } from '../src/core/ledger.ts';
import type { RequestLogEntry } from '../src/local/sheets-standin/index.ts';
import type { RequestStats } from '../src/stores/sheets/requester.ts';

/** The most timestamps that fall in any window of `windowMs` (half-open: [t, t + windowMs)). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export function windowPeaks(log: RequestLogEntry[], windowMs = 60_000): { reads: number; writes: number; total: number } {
  return {
    reads: maxInWindow(log.filter((e) => e.kind === 'read').map((e) => e.at), windowMs),
    writes: maxInWindow(log.filter((e) => e.kind === 'write').map((e) => e.at), windowMs),
    total: maxInWindow(log.map((e) => e.at), windowMs),
  };
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function ledgerDelta(before: LedgerStats, after: LedgerStats): string {
  return `loads ${after.loads - before.loads}, commits ${after.commits - before.commits}, batches ${after.batches - before.batches}, conflicts ${after.conflicts - before.conflicts}`;
}

export function requesterDelta(before: RequestStats, after: RequestStats): string {
  return `reads ${after.reads - before.reads}, writes ${after.writes - before.writes}, retries ${after.retries - before.retries}, failures ${after.failures - before.failures}`;
}

/** Fixed decimals without trailing fractional zeros: 0.040 -> "0.04", 1600 -> "1600". */
export const fmt = (value: number, digits = 2) => {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
};

/** How many leads each rep got; fair round-robin means max - min <= 1. */
export function spread(owners: string[]): { perRep: Record<string, number>; spread: number } {
  const perRep: Record<string, number> = {};
  for (const owner of owners) perRep[owner] = (perRep[owner] ?? 0) + 1;
  const counts = Object.values(perRep);
  return { perRep, spread: counts.length ? Math.max(...counts) - Math.min(...counts) : 0 };
}
