import type { Book } from '../core/book.ts';
import type { LeadDraft } from '../domain/intake.ts';
import { unreachable } from '../domain/exceptions.ts';
import type { Lead, Rep } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';
import { announceExceptions, openLeadException, type OpenedException } from './open-exception.ts';

/** Exceptions an intake opened, announced once its commit is durable (per process, by lead id). */
const pending = new WeakMap<UseCaseContext, Map<string, OpenedException[]>>();

function pendingOf(ctx: UseCaseContext): Map<string, OpenedException[]> {
  let map = pending.get(ctx);
  if (!map) {
    map = new Map();
    pending.set(ctx, map);
  }
  return map;
}

/** What a missing_fields exception says: field names and labels only, never a value. */
export function missingFieldsDetail(lead: Lead, draft: LeadDraft): string | undefined {
  const missing = [...(draft.gaps ?? [])];
  if (lead.phone && !lead.phoneValid && !missing.some((gap) => gap.startsWith('phone'))) missing.push('phone: not a valid number');
  if (unreachable(lead) && !missing.includes('no valid phone and no email')) missing.push('no valid phone and no email');
  if (missing.length === 0) return undefined;
  const seen = draft.seen && draft.seen.length > 0 ? `; form fields sent: ${draft.seen.join(', ')} (values not shown)` : '';
  return `missing or unreadable: ${missing.join('; ')}${seen}`;
}

/**
 * Inside the intake's work, once its lead is added: a lead Baton could not fully read opens
 * missing_fields; one nobody could take opens no_eligible_rep; a routing rule's review flag opens
 * review. Announced after the commit.
 */
export function openIntakeExceptions(
  ctx: UseCaseContext,
  book: Book,
  lead: Lead,
  draft: LeadDraft,
  assignedTo: Rep | undefined,
  routing?: { team?: string; review?: { rule: string; note: string } },
): void {
  const opened: OpenedException[] = [];
  const detail = missingFieldsDetail(lead, draft);
  if (detail) {
    const one = openLeadException(ctx, book, { kind: 'missing_fields', leadId: lead.leadId, detail, actor: 'webhook' });
    if (one) opened.push(one);
  }
  if (!assignedTo) {
    const team = routing?.team && routing.team !== 'default' ? ` in team ${routing.team}` : '';
    const one = openLeadException(ctx, book, { kind: 'no_eligible_rep', leadId: lead.leadId, detail: `no eligible rep could take it${team} (${book.roster.length} listed)`, actor: 'webhook' });
    if (one) opened.push(one);
  }
  // A routing rule with review TRUE (issue 12): the lead is assigned as usual and a manager looks at it too.
  if (routing?.review) {
    const { rule, note } = routing.review;
    const one = openLeadException(ctx, book, { kind: 'review', leadId: lead.leadId, detail: `routing rule ${rule} asks for a review${note ? `: ${note}` : ''}`, actor: 'webhook' });
    if (one) opened.push(one);
  }
  // A retried work (commit conflict) opens them again under new ids: only the last attempt's count.
  if (opened.length > 0) pendingOf(ctx).set(lead.leadId, opened);
  else pendingOf(ctx).delete(lead.leadId);
}

/** After the intake's commit: post the messages of the exceptions it opened. */
export async function announceIntakeExceptions(ctx: UseCaseContext, leadId: string): Promise<void> {
  const map = pendingOf(ctx);
  const opened = map.get(leadId);
  if (!opened) return;
  map.delete(leadId);
  await announceExceptions(ctx, opened);
}
