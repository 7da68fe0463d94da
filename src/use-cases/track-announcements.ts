import type { Ledger } from '../core/ledger.ts';
import type { UseCaseContext } from './context.ts';

/**
 * Which owner DMs this process has taken on, until its recovery sweep has finished the ones a
 * stopped process left half-done (lead written, DM not sent or not recorded).
 *
 * Why the recovery happens once per process, at its startup sweep, and not in every sweep: a
 * lead whose DM is still on its way has no slack_ts either. Within this process every such DM is
 * known (taken here when the lead is decided, before its commit, so even a lead written in the
 * same batch as the sweep is seen); another process's (`npm run sweep`, or a second server) is
 * not, and a sweep that resent every unrecorded DM would double those, or resend a DM whose
 * record keeps failing on every sweep. Once per process bounds it: at most one extra DM per lead.
 * A startup sweep that fails leaves the recovery to this process's next sweep.
 */
export class Announcements {
  private readonly taken = new Set<string>();
  private recovery: 'not-asked' | 'pending' | 'done' = 'not-asked';

  /** This process will DM (or is DMing, or tried to DM) this lead's owner: the recovery leaves it alone. */
  take(leadId: string): void {
    if (this.recovery !== 'done') this.taken.add(leadId);
  }

  /** What a sweep with this trigger must finish, or undefined when it is not the recovery sweep. */
  recoveryFor(trigger: string): { except: ReadonlySet<string> } | undefined {
    if (trigger === 'startup' && this.recovery === 'not-asked') this.recovery = 'pending';
    return this.recovery === 'pending' ? { except: this.taken } : undefined;
  }

  /** The recovery sweep committed: nothing half-done is left to find, so nothing more is tracked. */
  recovered(): void {
    this.recovery = 'done';
    this.taken.clear();
  }
}

/**
 * One per ledger, i.e. per Baton instance: the state belongs to the process's view of the sheet,
 * and several Batons in one test process stay apart. Kept beside the context rather than in it so
 * every place that builds a context (composition root, CLIs, tests) needs nothing new.
 */
const byLedger = new WeakMap<Ledger, Announcements>();

export function announcementsOf(ctx: Pick<UseCaseContext, 'ledger'>): Announcements {
  let announcements = byLedger.get(ctx.ledger);
  if (!announcements) {
    announcements = new Announcements();
    byLedger.set(ctx.ledger, announcements);
  }
  return announcements;
}
