import type { Book } from '../core/book.ts';
import type { LeadStageUpdate } from '../core/exception-ports.ts';
import { pickNext } from '../domain/round-robin.ts';
import { pickPassTarget } from '../domain/pick-pass-target.ts';
import { routingOf, routingRoster } from './routing-of.ts';
import { decideStage, type StageAction, type StageDecision } from '../domain/stages.ts';
import type { Lead, Rep } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';
import { noteOwnerReminder } from './sweep-exceptions.ts';
import { recordSentDms, reportSlackFailure, sendLeadDm } from './record-slack-message.ts';
import { leadsScope } from './scope-of-work.ts';

export interface StageRequest {
  leadId: string;
  actorId: string;
  /** Where the button was clicked: the DM edited in place when the row has no recorded one. */
  channel: string;
  messageTs: string;
  action: { kind: 'qualify'; notes: string } | { kind: 'lose'; reason: string; note: string } | { kind: 'pass'; reason: string };
}

/** routing_state key of the handoff team's rotation: the Slack id of the last rep handed a lead. */
export function handoffCursorKey(team: string): string {
  return `handoff_last_${team.toLowerCase()}`;
}

/** Active reps of the handoff team; routing's `teams` (issue 12) when the roster carries them. */
export function handoffPool(roster: readonly Rep[], team: string | undefined, now: number): Rep[] {
  if (!team) return [];
  const wanted = team.trim().toLowerCase();
  // Someone out of office (issue 12's ooo_until) is skipped: the notes would wait unread.
  return roster.filter((rep) => rep.active && (rep.oooUntil ?? 0) <= now && (rep.teams ?? []).some((name) => name.toLowerCase() === wanted));
}

function handoffPick(ctx: UseCaseContext, book: Book, owner: string): { rep: Rep; key: string } | undefined {
  const team = ctx.exceptions?.handoffTeam;
  const pool = handoffPool(routingRoster(ctx, book), team, ctx.clock.now());
  if (!team || pool.length === 0) return undefined;
  const key = handoffCursorKey(team);
  const pick = pickNext(pool, { lastIndex: -1, lastSlackId: book.extraState.get(key) ?? '' }, owner);
  return pick ? { rep: pick.rep, key } : undefined;
}

/**
 * Qualified / Closed lost / Can't take it, from the lead's DM (issue 13): owner-only, from the one
 * stage each belongs to, once; audited; the DM edited in place. Passing a lead hands it to the
 * next active rep at once (a route); qualifying hands it round-robin to HANDOFF_TEAM with the notes.
 */
export async function changeStage(ctx: UseCaseContext, request: StageRequest): Promise<StageDecision> {
  const decision = await ctx.ledger.transact(
    (book) => {
      const now = ctx.clock.now();
      const lead = book.lead(request.leadId);
      let action: StageAction;
      let commit = () => undefined as void;
      if (request.action.kind === 'pass') {
        const roster = routingRoster(ctx, book);
        const target = lead ? pickPassTarget({ lead, roster, cursor: book.cursor, now, routing: routingOf(ctx, book, roster) }) : undefined;
        action = { kind: 'pass', reason: request.action.reason, to: target?.to, ...(target ? { pickReason: target.reason } : {}), ...(target?.startsAt !== undefined ? { startsAt: target.startsAt } : {}) };
        if (target?.to) {
          commit = () => {
            if (target.cursor) book.moveCursor(target.cursor);
            for (const [key, value] of target.stateEntries) book.setState(key, value);
          };
        }
      } else if (request.action.kind === 'qualify') {
        const handoff = lead ? handoffPick(ctx, book, lead.salesSlackId) : undefined;
        action = { kind: 'qualify', notes: request.action.notes, handoffTo: handoff?.rep };
        if (handoff) commit = () => book.setState(handoff.key, handoff.rep.slackId);
      } else {
        action = { kind: 'lose', reason: request.action.reason, note: request.action.note };
      }
      const decided = decideStage({ leadId: request.leadId, lead, actorId: request.actorId, action, now });
      if (decided.kind === 'reject') {
        book.audit({ at: now, event: 'action.rejected', leadId: request.leadId, actor: request.actorId, detail: `${request.action.kind}: ${decided.code}: ${decided.reason}` });
        return decided;
      }
      commit();
      book.updateLead(decided.after);
      const team = ctx.exceptions?.handoffTeam;
      const note = request.action.kind === 'qualify' && !decided.after.handoffTo && team ? `; HANDOFF_TEAM ${team} has no active member, the lead stays with its owner` : '';
      book.audit({ at: now, event: decided.event, leadId: request.leadId, actor: request.actorId, detail: `${decided.reason}${note}` });
      return decided;
    },
    { fresh: true, scope: leadsScope([request.leadId]) },
  );
  if (decision.kind === 'accept') await followUp(ctx, request, decision);
  return decision;
}

async function followUp(ctx: UseCaseContext, request: StageRequest, decision: Extract<StageDecision, { kind: 'accept' }>): Promise<void> {
  const { before, after } = decision;
  const setup = ctx.exceptions;
  const ref = before.slackChannel && before.slackTs ? { channel: before.slackChannel, ts: before.slackTs } : { channel: request.channel, ts: request.messageTs };
  let update: LeadStageUpdate;
  if (decision.event === 'lead.passed') update = { kind: 'passed', lead: after, to: after.salesSlackId, reason: request.action.kind === 'pass' ? request.action.reason : '' };
  else if (decision.event === 'lead.qualified') update = { kind: 'qualified', lead: after };
  else update = { kind: 'lost', lead: after };
  if (setup && ref.channel && ref.ts) {
    await setup.notifier.updateLeadMessage(ref, update).catch((error: unknown) => reportSlackFailure(ctx, after.leadId, `update of ${before.salesSlackId}'s DM`, error));
  }
  if (decision.event === 'lead.passed') {
    const sent = await sendLeadDm(ctx, after, () => ctx.notifier.sendLead({ kind: 'rerouted', lead: after, from: { name: before.assignedSales, slackId: before.salesSlackId }, slaMinutes: ctx.settings.slaMinutes }));
    if (sent) await recordSentDms(ctx, [sent]);
    if (after.assignedAt !== null) ctx.deadlines.noteDeadline(after.assignedAt + ctx.settings.slaMinutes * 60_000);
    noteOwnerReminder(ctx, after);
  }
  if (decision.event === 'lead.qualified' && after.handoffTo && after.salesSlackId !== before.salesSlackId && setup) {
    const handed: Lead = after;
    const sent = await sendLeadDm(ctx, handed, () => setup.notifier.sendHandoff(handed, before.salesSlackId));
    if (sent) await recordSentDms(ctx, [sent]);
  }
}
