import type { Book } from '../core/book.ts';
import type { IntakeRouting } from '../domain/decide-intake.ts';
import { policyInUse } from '../domain/policy/route-lead.ts';
import type { Rep } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';

/** Something that knows more about who is away than the sheet does (SLACK_STATUS_OOO). */
export interface RosterOverlay {
  apply(roster: readonly Rep[]): readonly Rep[];
}

/** The roster routing decides on: the sheet's, with reps away by their Slack status marked out of office. */
export function routingRoster(ctx: UseCaseContext, book: Book): Rep[] {
  const overlay = ctx.settings.routing?.statusOverlay;
  return overlay ? [...overlay.apply(book.roster)] : book.roster;
}

/**
 * The routing policy's inputs as a book holds them, or undefined when no rule and no policy cell
 * exist (then intake and sweep route exactly as before). Open NEW leads per rep are counted only
 * when someone has a `max_open`, and then once per decision, including the batch's own changes.
 */
export function routingOf(ctx: UseCaseContext, book: Book, roster: readonly Rep[] = book.roster): IntakeRouting | undefined {
  if (!policyInUse(roster, book.rules)) return undefined;
  let counts: Map<string, number> | undefined;
  const openCount = (slackId: string): number => {
    counts ??= book.openNewByOwner();
    return counts.get(slackId) ?? 0;
  };
  const settings = ctx.settings;
  return {
    rules: book.rules,
    timeZone: settings.timeZone,
    offHoursWaitMinutes: settings.routing?.offHoursWaitMinutes ?? 720,
    overflowTeam: settings.routing?.overflowTeam,
    slaMinutes: settings.slaMinutes,
    openCount,
    state: (key) => book.extraState.get(key),
  };
}
