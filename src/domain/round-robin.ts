import type { Rep, RoutingCursor } from './types.ts';

export interface Pick {
  rep: Rep;
  cursor: RoutingCursor;
  /** Why this rep, in words an admin reads in the audit log. */
  reason: string;
}

/** Where the last assigned rep stands now; a rep listed twice is told apart by `lastIndex`. */
function lastPositionOf(roster: readonly Rep[], active: readonly Rep[], cursor: RoutingCursor): number {
  if (!cursor.lastSlackId) return -1;
  const byIndex = active[cursor.lastIndex];
  if (byIndex && byIndex.slackId === cursor.lastSlackId) return roster.indexOf(byIndex);
  return roster.findIndex((rep) => rep.slackId === cursor.lastSlackId);
}

/**
 * The next active rep after the cursor, in sheet order.
 *
 * The rotation resumes after the last assigned person wherever they now stand in the roster
 * (even if switched off), so inserting, reordering or deactivating reps never makes it skip or
 * repeat someone. Only when that person was deleted does it fall back to `lastIndex`, where
 * their successor now stands.
 * `exclude` keeps a re-routed lead away from its current owner when anyone else is active.
 */
export function pickNext(roster: readonly Rep[], cursor: RoutingCursor, exclude?: string): Pick | undefined {
  const active = roster.filter((rep) => rep.active);
  if (active.length === 0) return undefined;

  const lastPosition = lastPositionOf(roster, active, cursor);
  let start: number;
  let anchor: string;
  if (lastPosition >= 0) {
    // First active rep strictly after the last one in current roster order, wrapping.
    const after = [...roster.slice(lastPosition + 1), ...roster.slice(0, lastPosition + 1)].find((rep) => rep.active);
    start = active.indexOf(after as Rep);
    anchor = `after ${cursor.lastSlackId}`;
  } else {
    const lastIndex = Number.isInteger(cursor.lastIndex) && cursor.lastIndex >= -1 ? cursor.lastIndex : -1;
    // The last rep was deleted: whoever stood after them has moved up into their place.
    start = (cursor.lastSlackId ? Math.max(lastIndex, 0) : lastIndex + 1) % active.length;
    anchor = cursor.lastSlackId ? `${cursor.lastSlackId} no longer in roster, last_index ${lastIndex}` : `last_index ${lastIndex}`;
  }

  let index = start;
  let skipped = '';
  if (exclude && active.length > 1 && active[index]?.slackId === exclude) {
    index = (index + 1) % active.length;
    skipped = `, skipped current owner ${exclude}`;
  }
  const rep = active[index] as Rep;
  return {
    rep,
    cursor: { lastIndex: index, lastSlackId: rep.slackId },
    reason: `round-robin: ${active.length} active, ${anchor} → ${index} (${rep.slackId})${skipped}`,
  };
}
