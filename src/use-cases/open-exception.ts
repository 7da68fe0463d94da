import type { Book } from '../core/book.ts';
import type { MessageRef } from '../core/ports.ts';
import { messageRefsOf, messageRefsText } from '../domain/exception-record.ts';
import { newException, shouldOpen, type ExceptionKind, type LeadException } from '../domain/exceptions.ts';
import type { Lead } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';

/** An exception to announce once its row is durable, with the lead it is about (as of opening). */
export interface OpenedException {
  exception: LeadException;
  lead: Lead | undefined;
}

const sequences = new WeakMap<UseCaseContext, number>();

/** Exception ids like `X-mf3k2a-1`: time-ordered, unique per process; tests may inject their own. */
function newExceptionId(ctx: UseCaseContext): string {
  if (ctx.exceptions) return ctx.exceptions.newExceptionId();
  const next = (sequences.get(ctx) ?? 0) + 1;
  sequences.set(ctx, next);
  return `X-${ctx.clock.now().toString(36)}-${next}`;
}

/**
 * Opens an exception inside a ledger work (the routing policy's `review` and `no_eligible_rep`
 * call this too): at most one open per lead and kind; audited. Its Slack message goes out after the
 * commit, through announceExceptions. Undefined when one of that kind is open already.
 */
export function openLeadException(ctx: UseCaseContext, book: Book, input: { kind: ExceptionKind; leadId: string; detail: string; actor: string }): OpenedException | undefined {
  if (!shouldOpen(input.kind, input.leadId, book.exceptions())) return undefined;
  const now = ctx.clock.now();
  const exception = newException({ exceptionId: newExceptionId(ctx), leadId: input.leadId, kind: input.kind, detail: input.detail, now });
  book.putException(exception);
  book.audit({ at: now, event: 'exception.opened', leadId: input.leadId, actor: input.actor, detail: `${input.kind} ${exception.exceptionId}: ${input.detail}` });
  return { exception, lead: input.leadId ? book.lead(input.leadId) : undefined };
}

/**
 * Posts each exception's message (channel or managers' DMs), then records where they landed, all
 * in one commit.
 */
export async function announceExceptions(ctx: UseCaseContext, opened: readonly OpenedException[]): Promise<void> {
  if (opened.length === 0) return;
  const setup = ctx.exceptions;
  // Without Slack wiring (use-case tests on memory ports) the rows are kept and the old plain notices stand in.
  if (!setup) return;
  // The ack reminder is due before the next SLA deadline may be: the deadline timer must wake for it.
  for (const { exception } of opened) ctx.deadlines.noteDeadline(exception.openedAt + setup.ackMinutes * 60_000);
  const posted: Array<{ exceptionId: string; refs: MessageRef[] }> = [];
  for (const { exception, lead } of opened) {
    try {
      const refs = await setup.notifier.postException(exception, lead);
      if (refs.length > 0) posted.push({ exceptionId: exception.exceptionId, refs });
    } catch (error) {
      ctx.log.error({ leadId: exception.leadId, exceptionId: exception.exceptionId, err: String(error) }, 'could not post the exception message');
    }
  }
  await recordExceptionMessages(ctx, posted);
}

async function recordExceptionMessages(ctx: UseCaseContext, posted: ReadonlyArray<{ exceptionId: string; refs: MessageRef[] }>): Promise<void> {
  if (posted.length === 0) return;
  try {
    await ctx.ledger.transact((book) => {
      for (const { exceptionId, refs } of posted) {
        const current = book.exception(exceptionId);
        if (!current) continue;
        const known = messageRefsOf(current.slackMessages);
        const all = [...known, ...refs.filter((ref) => !known.some((k) => k.channel === ref.channel && k.ts === ref.ts))];
        book.putException({ ...current, slackMessages: messageRefsText(all) });
      }
    });
  } catch (error) {
    ctx.log.error({ exceptions: posted.map((p) => p.exceptionId), err: String(error) }, 'could not record where exception messages landed');
  }
}

/** Edits an exception's messages in place after a change; a failure is logged, the change stands. */
export async function refreshExceptionMessage(ctx: UseCaseContext, exception: LeadException, lead: Lead | undefined): Promise<void> {
  const setup = ctx.exceptions;
  const refs = messageRefsOf(exception.slackMessages);
  if (!setup || refs.length === 0) return;
  await setup.notifier
    .updateException(refs, exception, lead)
    .catch((error: unknown) => ctx.log.warn({ exceptionId: exception.exceptionId, err: String(error) }, 'could not update the exception message'));
}
