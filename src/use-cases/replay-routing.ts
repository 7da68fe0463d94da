import { replayLeadOf, replayLeads, type ReplayResult } from '../domain/policy/replay-leads.ts';
import { STAGES } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';
import { routingRoster } from './routing-of.ts';

/**
 * The last `last` leads replayed through the current roster and rules (the sandbox's "what would
 * the policy do"): decided against the ledger's view, so nothing is read twice and nothing is
 * written (the work changes nothing, so no commit follows).
 */
export function replayRecentLeads(ctx: UseCaseContext, last: number): Promise<ReplayResult> {
  return ctx.ledger.transact((book) => {
    const leads = STAGES.flatMap((stage) => book.leadsAtStage(stage)).map(replayLeadOf);
    leads.sort((a, b) => a.at - b.at || a.leadId.localeCompare(b.leadId));
    return replayLeads({
      leads: leads.slice(-last),
      roster: routingRoster(ctx, book),
      rules: book.rules,
      timeZone: ctx.settings.timeZone,
      offHoursWaitMinutes: ctx.settings.routing?.offHoursWaitMinutes ?? 720,
      overflowTeam: ctx.settings.routing?.overflowTeam,
    });
  });
}
