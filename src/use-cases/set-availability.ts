import type { Millis } from '../domain/types.ts';
import type { VisibilityContext } from './visibility-context.ts';

export type AvailabilityOutcome = { kind: 'away'; lastDay: string; until: Millis } | { kind: 'back' } | { kind: 'not_on_roster' };

/**
 * Away through a day, or back: writes the rep's `ooo_until` in the roster through the store's
 * roster port, audits it, and re-reads so routing stops (or resumes) sending them leads at once.
 * A date alone is what an admin would type; the routing policy reads it as "the whole day, in
 * the rep's time zone".
 */
export async function setAvailability(vctx: VisibilityContext, userId: string, away: { lastDay: string; until: Millis } | null): Promise<AvailabilityOutcome> {
  const { ctx } = vctx;
  const written = await vctx.availability.setOooUntil(userId, away === null ? '' : away.lastDay);
  if (written.kind === 'not_on_roster') return written;
  const now = ctx.clock.now();
  const was = written.previous || 'blank';
  const until = away === null ? null : away.until;
  const detail = away === null ? `ooo_until cleared (was ${was})` : `ooo_until ${away.lastDay} (was ${was})`;
  // A fresh read (roster and state only: scope {}) so the next assignment sees the new roster; the audit row rides on that commit.
  await ctx.ledger.transact((book) => book.audit({ at: now, event: until === null ? 'rep.back' : 'rep.away', leadId: '', actor: userId, detail }), { fresh: true, scope: {} });
  ctx.log.info({ user: userId, lastDay: away?.lastDay ?? null }, until === null ? 'rep is back' : 'rep is away');
  return away === null ? { kind: 'back' } : { kind: 'away', ...away };
}
