import { normalizePhone } from '../domain/phone.ts';
import type { AuditEntry, LoadScope } from '../core/ports.ts';
import type { Lead } from '../domain/types.ts';
import type { VisibilityContext } from './visibility-context.ts';

export interface FoundLead {
  lead: Lead;
  history: AuditEntry[];
}

/**
 * A lead by id, phone (as typed, normalised like intake does) or email; open leads first, then
 * the newest. History is what the audit tail holds (the report window), oldest first.
 */
export async function findLead(vctx: VisibilityContext, query: string): Promise<FoundLead[]> {
  const { ctx } = vctx;
  const wanted = query.trim();
  const email = wanted.includes('@') ? wanted.toLowerCase() : '';
  const phone = !email && /\d{6,}/.test(wanted.replace(/\D/g, '')) ? normalizePhone(wanted, ctx.settings.defaultCountry) : undefined;
  const digits = phone?.value ?? '';
  // First what a store reading by scope can answer cheaply: the id, or an open lead with that phone or email.
  const scope: LoadScope = email ? { leadIds: [wanted], emails: [email] } : digits ? { leadIds: [wanted], phones: [digits] } : { leadIds: [wanted] };
  let found = await ctx.ledger.transact((book) => {
    const byId = book.lead(wanted);
    if (byId) return [byId];
    const open = email ? book.openByEmail(email) : digits ? book.openByPhone(digits) : undefined;
    return open ? [open] : [];
  }, { scope });
  // Closed leads with that phone or email need every lead (on PostgreSQL a full read; the Sheets store always reads all).
  if (found.length === 0 && (email || digits)) {
    found = await ctx.ledger.transact((book) => matchAll(book, (lead) => (email ? lead.email.toLowerCase() === email : lead.phone === digits || lead.phone.replace(/\D/g, '') === digits)));
  }
  if (found.length === 0) return [];
  const since = Math.min(...found.map((lead) => lead.createdAt ?? ctx.clock.now()));
  const events = await vctx.audit.recentAudit(since, { maxAgeMs: vctx.cacheMs });
  return found.slice(0, 3).map((lead) => ({ lead, history: events.filter((event) => event.leadId === lead.leadId) }));
}

function matchAll(book: { leadsAtStage(stage: Lead['stage']): Lead[] }, match: (lead: Lead) => boolean): Lead[] {
  const leads = (['NEW', 'CONTACTED', 'QUALIFIED', 'CLOSED LOST'] as const).flatMap((stage) => book.leadsAtStage(stage)).filter(match);
  return leads.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
}
