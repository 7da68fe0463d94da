import { internal, quotaExceeded, unavailable, type ApiError } from './errors.ts';
import type { InjectedStatus, QuotaBudget, RequestKind, StandinFaults } from './types.ts';

export interface Rejection {
  error: ApiError;
  retryAfterSeconds?: number;
}

/** mulberry32: tiny, seedable, and good enough to make failure sequences reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function errorFor(status: InjectedStatus, kind: RequestKind): ApiError {
  if (status === 429) return quotaExceeded(kind);
  if (status === 503) return unavailable();
  return internal();
}

/**
 * Fault injection and quota accounting. Order of precedence per request: outage, queued
 * failNext, random failures, then the per-minute quota (only requests that get this far use it).
 */
export class Faults implements StandinFaults {
  latencyMs: number;
  private queue: Array<{ status: InjectedStatus; retryAfterSeconds?: number }> = [];
  private random: { r429: number; r500: number; next: () => number } | undefined;
  private outage = false;
  private lost = 0;
  private quota: QuotaBudget | undefined;
  private windows: Record<RequestKind, number[]> = { read: [], write: [] };

  constructor(latencyMs: number, quota: QuotaBudget | undefined) {
    this.latencyMs = latencyMs;
    this.quota = quota;
  }

  failNext(n: number, status: InjectedStatus, opts?: { retryAfterSeconds?: number }): void {
    for (let i = 0; i < n; i += 1) {
      const entry: { status: InjectedStatus; retryAfterSeconds?: number } = { status };
      if (opts?.retryAfterSeconds !== undefined) entry.retryAfterSeconds = opts.retryAfterSeconds;
      this.queue.push(entry);
    }
  }

  setRandomFailures(rates: { 429?: number; 500?: number }, seed: number): void {
    this.random = { r429: rates[429] ?? 0, r500: rates[500] ?? 0, next: mulberry32(seed) };
  }

  setOutage(on: boolean): void {
    this.outage = on;
  }

  loseNextWriteResponses(n: number): void {
    this.lost += n;
  }

  setQuota(quota: QuotaBudget | undefined): void {
    this.quota = quota;
    this.windows = { read: [], write: [] };
  }

  /** Drops every injected fault and the latency; quota budgets stay (they are configuration). */
  clear(): void {
    this.latencyMs = 0;
    this.queue = [];
    this.random = undefined;
    this.outage = false;
    this.lost = 0;
    this.windows = { read: [], write: [] };
  }

  /** Decides whether this request is refused before it reaches the workbook. */
  admit(kind: RequestKind, now: number): Rejection | undefined {
    if (this.outage) return { error: unavailable() };
    const queued = this.queue.shift();
    if (queued) {
      const rejection: Rejection = { error: errorFor(queued.status, kind) };
      if (queued.retryAfterSeconds !== undefined) rejection.retryAfterSeconds = queued.retryAfterSeconds;
      return rejection;
    }
    if (this.random) {
      const roll = this.random.next();
      if (roll < this.random.r429) return { error: quotaExceeded(kind) };
      if (roll < this.random.r429 + this.random.r500) return { error: internal() };
    }
    const budget = this.quota?.[kind];
    if (budget !== undefined) {
      const window = this.windows[kind].filter((t) => t > now - 60_000);
      this.windows[kind] = window;
      if (window.length >= budget) return { error: quotaExceeded(kind) };
      window.push(now);
    }
    return undefined;
  }

  /** True when this mutating request's answer should be lost after it is applied. */
  takeLostResponse(): boolean {
    if (this.lost <= 0) return false;
    this.lost -= 1;
    return true;
  }
}
