import type { LoadScope } from '../core/ports.ts';
import { normalizePhone } from '../domain/phone.ts';
import type { QueuedLead } from '../outbox/queued-lead.ts';

/**
 * What deciding these intakes reads: each lead's own id (a replay finds it written), its
 * idempotency key, and the open leads with its phone or email (the duplicate checks). A store
 * that reads by scope (PostgreSQL) reads just that, however many leads it holds.
 */
export function intakeScope(entries: readonly QueuedLead[], defaultCountry: string): LoadScope {
  const phones: string[] = [];
  const emails: string[] = [];
  for (const { draft } of entries) {
    // As decideIntake reads them: the normalised number, the email as sent.
    if (draft.phoneRaw) phones.push(normalizePhone(draft.phoneRaw, defaultCountry).value);
    if (draft.email) emails.push(draft.email);
  }
  return {
    leadIds: entries.map((entry) => entry.leadId),
    idempotencyKeys: entries.map((entry) => entry.idempotencyKey || entry.draft.submissionId).filter(Boolean),
    phones,
    emails,
  };
}

/** The leads a work looks at by id (a click, a DM record, a Slack failure). */
export function leadsScope(leadIds: readonly string[]): LoadScope {
  return { leadIds };
}

/** How far past now a sweep reads, so leads falling due while it decides are seen too and arm the timer. */
const SWEEP_LOOKAHEAD_MS = 60_000;

/**
 * A sweep reads the NEW leads due by a minute from now (plus unassigned ones and the next to fall
 * due), never the whole table; the startup recovery sweep also reads owned NEW leads without a DM.
 */
export function sweepScope(now: number, slaMinutes: number, recovery: boolean): LoadScope {
  return { dueStartedBy: now + SWEEP_LOOKAHEAD_MS - slaMinutes * 60_000, ...(recovery ? { unannounced: true } : {}) };
}
