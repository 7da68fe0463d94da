import type { Book } from '../core/book.ts';
import type { AuditEntry } from '../core/ports.ts';
import type { ExceptionFacts } from '../domain/report/compute-digest.ts';
import { dayStartBefore } from '../domain/report/periods.ts';
import { STAGES, type Lead, type Millis, type Rep } from '../domain/types.ts';
import type { VisibilityContext } from './visibility-context.ts';

/** Days of history reports look at: the 7-day window plus the digest's 7-day baseline before yesterday. */
export const REPORT_DAYS = 15;

export interface ReportView {
  now: Millis;
  roster: Rep[];
  /** Leads that arrived within REPORT_DAYS, or are open, or were assigned within it. */
  leads: Lead[];
  events: AuditEntry[];
  exceptions: ExceptionFacts[];
}

type WithExceptions = { exceptions?: () => ExceptionFacts[] };

/** The leads a report can need, from the book as it stands (the ledger's cache, plus its own commits). */
function collect(book: Book, from: Millis): { roster: Rep[]; leads: Lead[]; exceptions: ExceptionFacts[] } {
  const leads: Lead[] = [];
  for (const stage of STAGES) {
    for (const lead of book.leadsAtStage(stage)) {
      const open = stage === 'NEW' || stage === 'CONTACTED';
      if (open || (lead.createdAt ?? 0) >= from || (lead.assignedAt ?? 0) >= from || (lead.contactedAt ?? 0) >= from) leads.push(lead);
    }
  }
  // Exceptions arrive with the exceptions issue (Book.exceptions()); without it there are none.
  const exceptions = (book as Book & WithExceptions).exceptions?.() ?? [];
  return { roster: [...book.roster], leads, exceptions: [...exceptions] };
}

/**
 * Everything a report, App Home or the digest shows, from data Baton already holds: the ledger's
 * cached view (re-read at most once per CACHE_SECONDS, and kept fresh by the scheduler anyway)
 * and the audit tail (one small read per CACHE_SECONDS however many people look).
 */
export async function loadReportView(vctx: VisibilityContext): Promise<ReportView> {
  const { ctx } = vctx;
  const now = ctx.clock.now();
  const from = dayStartBefore(now, REPORT_DAYS, ctx.settings.timeZone);
  const [held, events] = await Promise.all([
    ctx.ledger.transact((book) => collect(book, from)),
    vctx.audit.recentAudit(from, { maxAgeMs: vctx.cacheMs }),
  ]);
  return { now, ...held, events };
}
