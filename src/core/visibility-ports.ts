import type { Millis } from '../domain/types.ts';
import type { AuditEntry } from './ports.ts';

/**
 * Reads back recent audit rows for reports. Kept apart from LeadStore.load() on purpose: the
 * audit tab only grows, and a sweep must not pay for reading it. Implementations cache, so any
 * number of App Home opens cost at most one read per `maxAgeMs`.
 */
export interface AuditSource {
  /** Audit entries at or after `since`, oldest first, no older than `maxAgeMs` unless forced. */
  recentAudit(since: Millis, options?: { maxAgeMs?: number }): Promise<AuditEntry[]>;
}

export type AvailabilityWrite = { kind: 'updated'; previous: string } | { kind: 'not_on_roster' };

/** Writes one rep's out-of-office cell in the roster (sales_sheet `ooo_until`); '' clears it. */
export interface RosterAvailability {
  setOooUntil(slackId: string, value: string): Promise<AvailabilityWrite>;
}
