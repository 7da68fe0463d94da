import type { InjectedFailure, StandinFaults } from './types.ts';

interface Planned {
  method: string;
  remaining: number;
  failure: InjectedFailure;
}

/** Failures scripted by tests; consumed in the order they were planned. */
export class Faults implements StandinFaults {
  latencyMs: number;
  private planned: Planned[] = [];
  private revoked = false;

  constructor(latencyMs = 0) {
    this.latencyMs = latencyMs;
  }

  failNext(method: string, n: number, failure: InjectedFailure): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`failNext count must be a whole number, got ${n}`);
    if (n > 0) this.planned.push({ method, remaining: n, failure });
  }

  revokeToken(on: boolean): void {
    this.revoked = on;
  }

  isRevoked(): boolean {
    return this.revoked;
  }

  clear(): void {
    this.planned = [];
    this.revoked = false;
    this.latencyMs = 0;
  }

  /** The failure this call must suffer, if any; each call uses up one planned failure. */
  take(method: string): InjectedFailure | undefined {
    const entry = this.planned.find((p) => p.method === method || p.method === '*');
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.planned = this.planned.filter((p) => p !== entry);
    return entry.failure;
  }
}
