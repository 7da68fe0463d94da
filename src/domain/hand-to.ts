import type { Lead, Rep } from './types.ts';

/** The lead with a new owner, who joins its routing history (as the sweep's re-route does). */
export function handTo(lead: Lead, rep: Pick<Rep, 'name' | 'slackId'>): Lead {
  return { ...lead, assignedSales: rep.name, salesSlackId: rep.slackId, ownerHistory: [...lead.ownerHistory, rep.slackId] };
}
