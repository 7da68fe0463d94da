import type { Book } from '../core/book.ts';
import { decideIntake, type IntakeDecision } from '../domain/decide-intake.ts';
import type { LeadDraft } from '../domain/intake.ts';
import type { Lead, Rep } from '../domain/types.ts';
import type { QueuedLead } from '../outbox/queued-lead.ts';
import type { UseCaseContext } from './context.ts';
import { deliverLead, reportSlackFailure } from './record-slack-message.ts';
import { announcementsOf } from './track-announcements.ts';
import { replayJournaledClicks } from './mark-contacted.ts';
import { announceIntakeExceptions, openIntakeExceptions } from './intake-exceptions.ts';
import { noteOwnerReminder } from './sweep-exceptions.ts';
import { intakeScope } from './scope-of-work.ts';
import { routingOf, routingRoster } from './routing-of.ts';

export type IntakeOutcome =
  | { kind: 'created'; lead: Lead; assigned: boolean; reason: string }
  | { kind: 'duplicate'; leadId: string; matchedBy: string }
  | { kind: 'queued'; leadId: string };

/** Thrown inside the ledger to send a live intake to the back of the outbox instead of the sheet. */
class QueueBehind extends Error {}

type Recorded = IntakeDecision | { kind: 'already-written'; leadId: string; lead: Lead | undefined };

/** The routing policy's inputs, when one is configured (a spread, so a plain roster passes nothing new). */
function withRouting(ctx: UseCaseContext, book: Book, roster: readonly Rep[]): { routing?: NonNullable<ReturnType<typeof routingOf>> } {
  const routing = routingOf(ctx, book, roster);
  return routing ? { routing } : {};
}

/** Decides one intake against the book and records it there; shared by live intake and outbox replay. */
function recordIntake(ctx: UseCaseContext, book: Book, queued: QueuedLead): Recorded {
  // A replayed entry whose first write landed after all (answer lost, then a crash) is done.
  if (book.hasLead(queued.leadId)) return { kind: 'already-written', leadId: queued.leadId, lead: book.lead(queued.leadId) };
  const now = ctx.clock.now();
  const roster = routingRoster(ctx, book);
  const decided = decideIntake({
    draft: queued.draft,
    idempotencyKey: queued.idempotencyKey,
    leadId: queued.leadId,
    now,
    receivedAt: queued.receivedAt,
    defaultCountry: ctx.settings.defaultCountry,
    roster,
    cursor: book.cursor,
    lookup: book,
    ...withRouting(ctx, book, roster),
  });
  if (decided.kind === 'duplicate') {
    book.audit({ at: now, event: 'lead.duplicate', leadId: decided.existing.leadId, actor: 'webhook', detail: decided.reason });
    return decided;
  }
  book.addLead(decided.lead);
  // A policy decision leaves the cursor alone when the lead went to another team than the default one.
  if (decided.assignedTo && decided.cursor !== book.cursor) book.moveCursor(decided.cursor);
  for (const [key, value] of decided.routing?.stateEntries ?? []) book.setState(key, value);
  // Its DM is this process's to send: a recovery sweep in the same batch must not send it too.
  if (decided.assignedTo) announcementsOf(ctx).take(decided.lead.leadId);
  book.audit({
    at: now,
    event: decided.assignedTo ? 'lead.assigned' : 'lead.unassigned',
    leadId: decided.lead.leadId,
    actor: 'webhook',
    detail: decided.assignedTo ? `new lead → ${decided.assignedTo.slackId}; ${decided.reason}` : decided.reason,
  });
  openIntakeExceptions(ctx, book, decided.lead, queued.draft, decided.assignedTo, decided.routing);
  return decided;
}

/** After the row is durable: DM the owner (or the managers), and arm the SLA timer. */
function followUp(ctx: UseCaseContext, decision: IntakeDecision): IntakeOutcome {
  const log = ctx.log.child({ leadId: decision.kind === 'create' ? decision.lead.leadId : decision.existing.leadId });
  if (decision.kind === 'duplicate') {
    log.info({ matchedBy: decision.matchedBy }, 'intake: duplicate, no new row');
    // A provider retrying its own delivery is not news to the rep; a person submitting again is.
    if (decision.matchedBy !== 'idempotency_key' && decision.existing.salesSlackId) {
      const existing = decision.existing;
      const at = ctx.clock.now();
      ctx.background.run(() =>
        ctx.notifier.notifyDuplicate(existing, at).catch((error: unknown) => reportSlackFailure(ctx, existing.leadId, 'duplicate notice', error)),
      );
    }
    return { kind: 'duplicate', leadId: decision.existing.leadId, matchedBy: decision.matchedBy };
  }
  const lead = decision.lead;
  log.info({ assignedTo: lead.salesSlackId || null, phone: lead.phone, email: lead.email }, 'intake: lead written');
  if (lead.assignedAt !== null) ctx.deadlines.noteDeadline(decision.dueAt ?? lead.assignedAt + ctx.settings.slaMinutes * 60_000);
  ctx.background.run(() => announceNewLead(ctx, lead));
  ctx.background.run(() => announceIntakeExceptions(ctx, lead.leadId));
  noteOwnerReminder(ctx, lead);
  return { kind: 'created', lead, assigned: Boolean(decision.assignedTo), reason: decision.reason };
}

/**
 * A validated form submission becomes a lead row, assigned round-robin, in one commit with the
 * routing cursor and its audit row. Resolves once that is durable. When the sheet cannot be
 * written, the lead is journaled to the outbox (fsync) and resolves as queued: nothing is lost.
 */
export async function intakeLead(ctx: UseCaseContext, draft: LeadDraft, idempotencyKey: string): Promise<IntakeOutcome> {
  const queued: QueuedLead = { leadId: ctx.newLeadId(), draft, idempotencyKey: idempotencyKey || draft.submissionId, receivedAt: ctx.clock.now() };
  if (queued.idempotencyKey) {
    // A provider retrying while the sheet is down must get the id it was first given.
    const earlier = ctx.outbox.entries().find((entry) => entry.idempotencyKey === queued.idempotencyKey);
    if (earlier) return { kind: 'queued', leadId: earlier.leadId };
  }
  // Leads already waiting go first, so round-robin and sheet order follow arrival order.
  if (ctx.outbox.entries().length > 0) return queueUnlessWritten(ctx, queued);

  let decision: Recorded;
  try {
    decision = await ctx.ledger.transact((book) => {
      // The outbox filled while this lead waited for its turn (an earlier write failed): queue behind it.
      if (ctx.outbox.entries().length > 0) throw new QueueBehind();
      return recordIntake(ctx, book, queued);
    }, { scope: intakeScope([queued], ctx.settings.defaultCountry) });
  } catch (error) {
    if (!(error instanceof QueueBehind)) {
      ctx.log.warn({ leadId: queued.leadId, err: error instanceof Error ? error.message : String(error) }, 'intake: sheet unavailable; journaling the lead');
      // The write may have landed with its answer lost: then the replay finds it written, and announces it.
      unannounced(ctx).add(queued.leadId);
    }
    return queueUnlessWritten(ctx, queued);
  }
  if (decision.kind === 'already-written') return { kind: 'queued', leadId: decision.leadId };
  return followUp(ctx, decision);
}

/** Journals the lead, unless its idempotency key is one this process already saw written. */
async function queueUnlessWritten(ctx: UseCaseContext, queued: QueuedLead): Promise<IntakeOutcome> {
  const written = queued.idempotencyKey ? ctx.ledger.committedIdForKey(queued.idempotencyKey) : undefined;
  if (written) {
    ctx.log.info({ leadId: written }, 'intake: repeat of a written lead while the sheet is unavailable; answered from memory');
    return { kind: 'duplicate', leadId: written, matchedBy: 'idempotency_key' };
  }
  return queue(ctx, queued);
}

async function queue(ctx: UseCaseContext, queued: QueuedLead): Promise<IntakeOutcome> {
  await ctx.outbox.append(queued);
  ctx.log.info({ leadId: queued.leadId, queued: ctx.outbox.entries().length }, 'intake: lead journaled to the outbox');
  ctx.outboxReplay.soon();
  return { kind: 'queued', leadId: queued.leadId };
}

/** The most journaled leads written in one commit: the ledger's batch limit. */
const REPLAY_CHUNK = 500;

/**
 * Lead ids whose write may have landed without this process announcing them: a commit that failed
 * (its answer may have been lost after it landed), or a journal that could not be trimmed after
 * one that succeeded. When the replay then finds such a lead already in the sheet, it announces it.
 * A lead a previous process left unannounced is the startup recovery sweep's (track-announcements.ts).
 */
const unannouncedByContext = new WeakMap<UseCaseContext, Set<string>>();

function unannounced(ctx: UseCaseContext): Set<string> {
  let ids = unannouncedByContext.get(ctx);
  if (!ids) {
    ids = new Set();
    unannouncedByContext.set(ctx, ids);
  }
  return ids;
}

/**
 * Writes journaled leads in arrival order, each exactly once (a lead id already in the sheet is
 * not written again), in chunks: each chunk is one commit, then leaves the journal, then its DMs go
 * out, before the next is tried. Stops at the first failure; the next run resumes there. Then the
 * journaled clicks are applied.
 */
export async function replayOutbox(ctx: UseCaseContext): Promise<{ written: number; left: number }> {
  let written = 0;
  let replayed = 0;
  for (;;) {
    const chunk = ctx.outbox.entries().slice(0, REPLAY_CHUNK);
    if (chunk.length === 0) break;
    const ids = chunk.map((entry) => entry.leadId);
    let decisions: Recorded[];
    try {
      decisions = await ctx.ledger.transact((book) => chunk.map((entry) => recordIntake(ctx, book, entry)), { scope: intakeScope(chunk, ctx.settings.defaultCountry) });
    } catch (error) {
      for (const id of ids) unannounced(ctx).add(id);
      throw error;
    }
    try {
      await ctx.outbox.remove(ids);
    } catch (error) {
      for (const id of ids) unannounced(ctx).add(id);
      throw error;
    }
    for (const decision of decisions) {
      if (decision.kind === 'create') written += 1;
      if (decision.kind === 'create') unannounced(ctx).delete(decision.lead.leadId);
      if (decision.kind === 'already-written') announceIfUnannounced(ctx, decision);
      else followUp(ctx, decision);
    }
    replayed += chunk.length;
    if (ctx.outbox.entries()[0]?.leadId === ids[0]) throw new Error(`outbox: ${ids[0]} was written but stays in the journal; not replaying it again`);
    ctx.log.info({ written, replayed, left: ctx.outbox.entries().length }, 'outbox: journaled leads written to the sheet');
  }
  await replayJournaledClicks(ctx);
  return { written, left: ctx.outbox.entries().length + ctx.outbox.clicks().length };
}

/** A journaled lead found in the sheet already: announce it if this process may have written it unannounced. */
function announceIfUnannounced(ctx: UseCaseContext, found: Extract<Recorded, { kind: 'already-written' }>): void {
  const log = ctx.log.child({ leadId: found.leadId });
  if (!unannounced(ctx).delete(found.leadId)) {
    log.info('outbox: lead already in the sheet, written by an earlier process; the startup sweep finishes its DM if it was never sent');
    return;
  }
  const lead = found.lead;
  // A recorded DM, or a re-route since (whose DM the sweep sent), means it was announced.
  if (!lead || lead.stage !== 'NEW' || lead.slackTs || lead.routeCount > 0) {
    log.info({ stage: lead?.stage ?? null }, 'outbox: lead already in the sheet and past needing its first DM');
    return;
  }
  log.info({ assignedTo: lead.salesSlackId || null }, 'outbox: lead already in the sheet (its write landed, the answer was lost); announcing it now');
  if (lead.assignedAt !== null) ctx.deadlines.noteDeadline(lead.assignedAt + ctx.settings.slaMinutes * 60_000);
  ctx.background.run(() => announceNewLead(ctx, lead));
}

async function announceNewLead(ctx: UseCaseContext, lead: Lead): Promise<void> {
  if (!lead.salesSlackId) {
    // With the exception queue wired, its no_eligible_rep message is the managers' one notice.
    if (ctx.exceptions) return;
    await ctx.notifier
      .notifyManagers({ kind: 'no-active-rep', leads: [lead] })
      .catch((error: unknown) => ctx.log.error({ leadId: lead.leadId, err: String(error) }, 'could not tell managers about an unassigned lead'));
    return;
  }
  await deliverLead(ctx, lead, () => ctx.notifier.sendLead({ kind: 'new', lead }));
}
