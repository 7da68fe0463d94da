/** Order statistics over minutes; null when there is nothing to measure (never a made-up 0). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the p90 of ten waits is the ninth, a wait someone really had.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** hits / (hits + misses), or null when nothing was decided yet. */
export function rate(hits: number, misses: number): number | null {
  return hits + misses === 0 ? null : hits / (hits + misses);
}
