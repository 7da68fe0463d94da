import { deadlineOf } from './plan-sweep.ts';
import type { Lead, Millis, Rep, SlaPolicy } from './types.ts';

export interface OwnerReminder {
  before: Lead;
  after: Lead;
  deadline: Millis;
  reason: string;
}

/** Whether this assignment's owner was reminded already (a reminder before assigned_at was for an earlier owner). */
function remindedThisAssignment(lead: Lead): boolean {
  const at = lead.remindedAt ?? null;
  if (at === null) return false;
  const start = lead.assignedAt ?? lead.createdAt;
  return start === null || at >= start;
}

/** When the owner of a freshly assigned lead is due their reminder (plain minutes), for the deadline timer. */
export function reminderAt(lead: Lead, policy: SlaPolicy, remindBeforeMinutes: number): Millis | null {
  if (remindBeforeMinutes <= 0 || lead.stage !== 'NEW' || !lead.salesSlackId) return null;
  const deadline = deadlineOf(lead, policy);
  return deadline === null ? null : deadline - remindBeforeMinutes * 60_000;
}

/**
 * One reminder to the owner `remindBeforeMinutes` before their SLA deadline, once per assignment
 * (issue 13). Past the deadline the sweep re-routes instead; 0 minutes switches reminders off.
 */
export function planOwnerReminders(input: {
  leads: readonly Lead[];
  now: Millis;
  policy: SlaPolicy;
  remindBeforeMinutes: number;
  skip?: ReadonlySet<string>;
  /** The roster, so an owner's working hours (routing policy) move their deadline as the sweep's does. */
  roster?: readonly Rep[];
  timeZone?: string;
}): {
  reminders: OwnerReminder[];
  nextDueAt: Millis | null;
} {
  const { now, policy, remindBeforeMinutes } = input;
  const reminders: OwnerReminder[] = [];
  let nextDueAt: Millis | null = null;
  if (remindBeforeMinutes <= 0) return { reminders, nextDueAt };
  for (const lead of input.leads) {
    if (lead.stage !== 'NEW' || !lead.salesSlackId || input.skip?.has(lead.leadId) || remindedThisAssignment(lead)) continue;
    const deadline = deadlineOf(lead, policy, input.roster?.find((rep) => rep.slackId === lead.salesSlackId), input.timeZone);
    if (deadline === null || deadline <= now) continue;
    const remindAt = deadline - remindBeforeMinutes * 60_000;
    if (remindAt > now) {
      if (nextDueAt === null || remindAt < nextDueAt) nextDueAt = remindAt;
      continue;
    }
    reminders.push({
      before: lead,
      after: { ...lead, remindedAt: now },
      deadline,
      reason: `${Math.ceil((deadline - now) / 60_000)} min left of the ${policy.slaMinutes} min SLA; reminded ${lead.salesSlackId} once for this assignment`,
    });
  }
  return { reminders, nextDueAt };
}
