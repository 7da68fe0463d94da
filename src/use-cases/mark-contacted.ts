import type { Book } from '../core/book.ts';
import { decideContact, type ContactDecision } from '../domain/decide-contact.ts';
import { deadlineOf } from '../domain/plan-sweep.ts';
import { toIso } from '../domain/time.ts';
import type { Millis } from '../domain/types.ts';
import type { Logger } from '../log.ts';
import type { QueuedClick } from '../outbox/queued-lead.ts';
import type { UseCaseContext } from './context.ts';
import { AuditThrottle } from './throttle-audit.ts';
import { leadsScope } from './scope-of-work.ts';

export interface ContactClick {
  /** Set when the click was saved to the click journal before Slack was answered (saveClick). */
  clickId?: string;
  leadId: string;
  clickerId: string;
  /** Who the clicked DM was addressed to, from the button value. */
  addressedTo: string;
  /** Where the click happened, for the ephemeral reply and as a fallback for the in-place edit. */
  channel: string;
  messageTs: string;
  /** When Baton received the click (the listener's ack); the lead's contacted_at. Defaults to now. */
  clickedAt?: Millis;
}

/** A click the sheet could not take right now: saved to the click journal, the rep told so. */
export type ContactOutcome = ContactDecision | { kind: 'queued'; leadId: string; clickedAt: Millis };

/** The most journaled clicks applied in one commit. */
const REPLAY_CHUNK = 500;

const throttles = new WeakMap<UseCaseContext, AuditThrottle>();
/** Journaled clicks a live handler is applying right now, per process: the journal replay leaves them to it. */
const inFlight = new WeakMap<UseCaseContext, Map<string, number>>();
/** Leads with a click being decided right now, per process: a sweep must not move them meanwhile. */
const deciding = new WeakMap<UseCaseContext, Map<string, number>>();

function throttleOf(ctx: UseCaseContext): AuditThrottle {
  let throttle = throttles.get(ctx);
  if (!throttle) {
    throttle = new AuditThrottle(ctx.clock);
    throttles.set(ctx, throttle);
  }
  return throttle;
}

/** Counts `key` as held in `per`'s map for this process until the returned function is called. */
function holdIn(per: WeakMap<UseCaseContext, Map<string, number>>, ctx: UseCaseContext, key: string): () => void {
  let held = per.get(ctx);
  if (!held) {
    held = new Map();
    per.set(ctx, held);
  }
  const map = held;
  map.set(key, (map.get(key) ?? 0) + 1);
  return () => {
    const left = (map.get(key) ?? 1) - 1;
    if (left > 0) map.set(key, left);
    else map.delete(key);
  };
}

/** Marks the lead as having a click in progress until the returned function is called. */
function hold(ctx: UseCaseContext, leadId: string): () => void {
  return holdIn(deciding, ctx, leadId);
}

/**
 * Leads a sweep must leave alone: their owner's click waits in the journal (the sheet was down),
 * or is being decided right now (it may be about to be journaled). Re-routing them would take a
 * lead away from a rep who did call.
 */
export function leadsWithPendingClicks(ctx: UseCaseContext): ReadonlySet<string> {
  const ids = new Set(ctx.outbox.clicks().map((click) => click.leadId));
  for (const leadId of deciding.get(ctx)?.keys() ?? []) ids.add(leadId);
  return ids;
}

/** The leads a sweep may act on: those without a pending click. */
export function withoutPendingClicks<T extends { leadId: string }>(ctx: UseCaseContext, leads: T[]): T[] {
  const pending = leadsWithPendingClicks(ctx);
  return pending.size === 0 ? leads : leads.filter((lead) => !pending.has(lead.leadId));
}

/** A failure that means "the sheet cannot be written right now" (5xx, quota, network, lost answer). */
function isSheetUnavailable(error: unknown): boolean {
  return (error as { retryable?: unknown } | null)?.retryable === true;
}

/**
 * Decides one click against the book and records it: shared by live clicks and the journal replay.
 * A rejection is audited at most once per lead, clicker and reason a minute (`admitted` keeps the
 * throttle's word across the ledger's retries of the same work, and is handed back if it fails).
 */
function recordClick(ctx: UseCaseContext, book: Book, click: ContactClick & { clickedAt: Millis }, admitted: Set<string>, replayed: boolean): ContactDecision {
  const now = ctx.clock.now();
  const decided = decideContact({ leadId: click.leadId, lead: book.lead(click.leadId), clickerId: click.clickerId, addressedTo: click.addressedTo, now: click.clickedAt, clickedMessage: { channel: click.channel, ts: click.messageTs } });
  const saved = replayed ? `; clicked at ${toIso(click.clickedAt)} while the sheet was unreachable, applied at ${toIso(now)}` : '';
  if (decided.kind === 'accept') {
    book.updateLead(decided.after);
    book.audit({ at: click.clickedAt, event: 'lead.contacted', leadId: click.leadId, actor: click.clickerId, detail: `${decided.reason}${saved}` });
    return decided;
  }
  const key = `${click.leadId}\u0000${click.clickerId}\u0000${decided.code}`;
  if (admitted.has(key) || throttleOf(ctx).admit(key)) {
    admitted.add(key);
    book.audit({ at: now, event: 'action.rejected', leadId: click.leadId, actor: click.clickerId, detail: `${decided.code}: ${decided.reason}${saved}` });
  }
  return decided;
}

function releaseAll(ctx: UseCaseContext, admitted: Set<string>): void {
  for (const key of admitted) throttleOf(ctx).release(key);
}

/** A click as the click journal keeps it: one entry per lead, clicker and click time. */
function queuedClickOf(click: ContactClick & { clickedAt: Millis }): QueuedClick {
  return {
    clickId: `${click.leadId}:${click.clickerId}:${click.clickedAt}`,
    leadId: click.leadId,
    clickerId: click.clickerId,
    addressedTo: click.addressedTo,
    channel: click.channel,
    messageTs: click.messageTs,
    clickedAt: click.clickedAt,
  };
}

/**
 * Saves a click to the click journal (fsync) before Slack is answered, so a crash between the ack
 * and the commit cannot lose an acknowledged click: the journal replay applies it after a restart.
 * A second click by the same person on the same lead reuses the saved one, with its time. If the
 * journal cannot be written the click goes on unsaved (logged): the rep's click still counts now.
 */
export async function saveClick(ctx: UseCaseContext, click: ContactClick & { clickedAt: Millis }): Promise<ContactClick & { clickedAt: Millis }> {
  const earlier = ctx.outbox.clicks().find((queued) => queued.leadId === click.leadId && queued.clickerId === click.clickerId);
  if (earlier) return { ...click, clickId: earlier.clickId, clickedAt: earlier.clickedAt };
  const queued = queuedClickOf(click);
  try {
    await ctx.outbox.appendClick(queued);
    return { ...click, clickId: queued.clickId };
  } catch (error) {
    ctx.log.error({ leadId: click.leadId, user: click.clickerId, err: error instanceof Error ? error.message : String(error) }, 'click: could not save it to the click journal; applying it unsaved');
    return click;
  }
}

/**
 * Owner-only, NEW-only, idempotent: concurrent clicks are serialized by the ledger, so one wins.
 * When the sheet cannot be written, the click is journaled (fsync), the rep is told privately that
 * it is saved, and the journal replay applies it later with this click's time.
 */
export async function markContacted(ctx: UseCaseContext, click: ContactClick): Promise<ContactOutcome> {
  const at = click.clickedAt ?? ctx.clock.now();
  const log = ctx.log.child({ leadId: click.leadId, user: click.clickerId });
  const release = hold(ctx, click.leadId);
  const releaseSaved = click.clickId ? holdIn(inFlight, ctx, click.clickId) : () => undefined;
  try {
    const admitted = new Set<string>();
    let decision: ContactDecision;
    try {
      decision = await ctx.ledger.transact((book) => recordClick(ctx, book, { ...click, clickedAt: at }, admitted, false), {
        // A click must see admins' and other processes' latest edits to the lead.
        fresh: true,
        scope: leadsScope([click.leadId]),
      });
    } catch (error) {
      releaseAll(ctx, admitted);
      if (!isSheetUnavailable(error)) throw error;
      return await journalClick(ctx, { ...click, clickedAt: at }, error, log);
    }
    if (click.clickId) await ctx.outbox.removeClicks([click.clickId]);
    await answerClick(ctx, click, decision, log, { replayed: false, audited: admitted.size > 0 });
    return decision;
  } finally {
    releaseSaved();
    release();
    // Saved but not applied (the sheet is down): the replay takes it from here.
    if (click.clickId && ctx.outbox.clicks().some((queued) => queued.clickId === click.clickId)) ctx.outboxReplay.soon();
  }
}

async function journalClick(ctx: UseCaseContext, click: ContactClick & { clickedAt: Millis }, error: unknown, log: Logger): Promise<ContactOutcome> {
  const err = error instanceof Error ? error.message : String(error);
  // A second click on the same lead while the sheet is down changes nothing: the first is kept, with its time.
  const earlier = ctx.outbox.clicks().find((queued) => queued.leadId === click.leadId && queued.clickerId === click.clickerId);
  if (earlier) {
    // markContacted asks for a replay once this click is no longer in flight.
    log.warn({ err, queued: ctx.outbox.clicks().length }, 'click: sheet unavailable; saved to the click journal, applied when the sheet is back');
  } else {
    await ctx.outbox.appendClick(queuedClickOf(click));
    log.warn({ err, queued: ctx.outbox.clicks().length }, 'click: sheet unavailable; saved to the click journal, applied when the sheet is back');
    ctx.outboxReplay.soon();
  }
  const clickedAt = earlier?.clickedAt ?? click.clickedAt;
  await ctx.notifier
    .confirmQueuedClick({ channel: click.channel, user: click.clickerId }, { leadId: click.leadId, clickedAt })
    .catch((failure: unknown) => log.warn({ err: String(failure) }, 'could not tell the rep their click is saved'));
  return { kind: 'queued', leadId: click.leadId, clickedAt };
}

/** After the decision is durable: update the DM in place, or tell the clicker why nothing changed. */
async function answerClick(ctx: UseCaseContext, click: ContactClick, decision: ContactDecision, log: Logger, how: { replayed: boolean; audited: boolean }): Promise<void> {
  if (decision.kind === 'accept') {
    log.info({ minutes: decision.minutesAfterAssignment, replayed: how.replayed }, 'contacted');
    const lead = decision.after;
    const ref = lead.slackChannel && lead.slackTs ? { channel: lead.slackChannel, ts: lead.slackTs } : { channel: click.channel, ts: click.messageTs };
    await ctx.notifier
      .updateOwnerMessage(ref, { kind: 'contacted', lead, minutesAfterAssignment: decision.minutesAfterAssignment })
      .catch((error: unknown) => log.warn({ err: String(error) }, 'could not update the DM in place'));
    // The clicked message may be an older reminder; make it show the outcome too.
    if (click.messageTs && click.messageTs !== ref.ts) {
      await ctx.notifier
        .updateOwnerMessage({ channel: click.channel, ts: click.messageTs }, { kind: 'contacted', lead, minutesAfterAssignment: decision.minutesAfterAssignment })
        .catch((error: unknown) => log.warn({ err: String(error) }, 'could not update the clicked message'));
    }
    return;
  }
  // A sweep left this lead alone while the click was pending: make sure one looks at it again.
  if (decision.code !== 'unknown_lead' && decision.lead.stage === 'NEW') {
    ctx.deadlines.noteDeadline(deadlineOf(decision.lead, { slaMinutes: ctx.settings.slaMinutes, escalationThreshold: ctx.settings.escalationThreshold }));
  }
  // A saved click that finds the lead contacted already (the rep clicked again once the sheet was back) needs no reply.
  if (how.replayed && decision.code === 'already_contacted') {
    log.debug({ code: decision.code }, 'saved click: lead already contacted');
    return;
  }
  if (how.audited) log.info({ code: decision.code, replayed: how.replayed }, 'click rejected');
  else log.debug({ code: decision.code }, 'click rejected again within a minute; answered, not audited');
  await ctx.notifier
    .explainRejection({ channel: click.channel, user: click.clickerId }, decision)
    .catch((error: unknown) => log.warn({ err: String(error) }, 'could not send the ephemeral reply'));
}

/**
 * Applies journaled clicks in the order they were made, each with its own click time, in chunks:
 * each chunk is one commit, then leaves the journal, then the DMs are updated (or the rep told why
 * it could not apply). Stops at the first failure; the next run resumes.
 */
export async function replayJournaledClicks(ctx: UseCaseContext): Promise<number> {
  let applied = 0;
  for (;;) {
    const live = inFlight.get(ctx);
    const chunk = ctx.outbox
      .clicks()
      .filter((click) => !live?.has(click.clickId))
      .slice(0, REPLAY_CHUNK);
    if (chunk.length === 0) return applied;
    const admitted = new Set<string>();
    let decisions: ContactDecision[];
    try {
      decisions = await ctx.ledger.transact((book) => chunk.map((click) => recordClick(ctx, book, click, admitted, true)), { fresh: true, scope: leadsScope(chunk.map((click) => click.leadId)) });
    } catch (error) {
      releaseAll(ctx, admitted);
      throw error;
    }
    await ctx.outbox.removeClicks(chunk.map((click) => click.clickId));
    chunk.forEach((click, i) => {
      const decision = decisions[i] as ContactDecision;
      const log = ctx.log.child({ leadId: click.leadId, user: click.clickerId });
      ctx.background.run(() => answerClick(ctx, click, decision, log, { replayed: true, audited: true }));
    });
    applied += chunk.length;
    ctx.log.info({ applied, left: ctx.outbox.clicks().length }, 'outbox: saved clicks applied to the sheet');
    if (ctx.outbox.clicks().some((click) => click.clickId === chunk[0]?.clickId)) throw new Error(`outbox: click ${chunk[0]?.clickId} was applied but stays in the journal`);
  }
}
