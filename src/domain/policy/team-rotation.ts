import type { Rep } from '../types.ts';

/**
 * Where one team's rotation stands: who got the last lead, and for a weighted team each member's
 * credit in the smooth weighted round-robin. Kept in routing_state as `rr_<team>`, e.g.
 * `last=UAYU; UAYU:-1, UBIMA:1, UCITRA:0`, so a restart resumes exactly where it was.
 */
export interface TeamState {
  last: string;
  credits: Map<string, number>;
}

export function teamStateKey(team: string): string {
  return `rr_${team}`;
}

/** An admin-mangled value reads as no state: the rotation starts over rather than stops. */
export function readTeamState(value: string | undefined): TeamState {
  const state: TeamState = { last: '', credits: new Map() };
  if (!value) return state;
  for (const part of value.split(/[;,]/)) {
    const item = part.trim();
    const last = /^last=(\S*)$/.exec(item);
    if (last) {
      state.last = last[1] as string;
      continue;
    }
    const credit = /^(\S+):(-?\d+(\.\d+)?(e-?\d+)?)$/.exec(item);
    if (credit && Number.isFinite(Number(credit[2]))) state.credits.set(credit[1] as string, Number(credit[2]));
  }
  return state;
}

export function writeTeamState(state: TeamState): string {
  const credits = [...state.credits].map(([id, credit]) => `${id}:${credit}`).join(', ');
  return credits ? `last=${state.last}; ${credits}` : `last=${state.last}`;
}

/** Credits are kept to six decimals in memory too, so a restart (which reads the stored text) continues the same sequence. */
function tidy(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export interface TurnResult {
  rep: Rep;
  state: TeamState;
}

/** Members in roster order, each slack id once (a rep listed twice is one rep to a weighted rotation). */
export function distinctMembers(members: readonly Rep[]): Rep[] {
  const seen = new Set<string>();
  return members.filter((rep) => (seen.has(rep.slackId) ? false : (seen.add(rep.slackId), true)));
}

/**
 * Plain rotation: the first eligible member after the one who got the last lead, in current
 * roster order. Inserting, reordering or switching people off never makes it skip or repeat
 * anyone, and someone back from leave simply takes their turn when it comes (no catch-up).
 */
export function nextInRotation(members: readonly Rep[], eligible: (rep: Rep) => boolean, state: TeamState): TurnResult | undefined {
  const from = members.findIndex((rep) => rep.slackId === state.last);
  for (let step = 1; step <= members.length; step += 1) {
    const rep = members[(from + step + members.length) % members.length] as Rep;
    if (eligible(rep)) return { rep, state: { last: rep.slackId, credits: state.credits } };
  }
  return undefined;
}

/**
 * Smooth weighted round-robin (the nginx algorithm): every eligible member earns its weight, the
 * richest takes the lead and pays the total. Weights 2:1:1 give A B A C A B A C…, spread out rather
 * than in runs. Only eligible members earn, so time away earns nothing: no flood of catch-up
 * leads on return. Credits are re-centred on the eligible members and clamped to ± the total,
 * which bounds how far a member returning, joining or re-weighted can be ahead or behind.
 * A team without credits yet starts so that the rotation continues after `state.last`.
 */
export function nextWeighted(members: readonly Rep[], eligible: (rep: Rep) => boolean, state: TeamState): TurnResult | undefined {
  const distinct = distinctMembers(members);
  const players = distinct.filter(eligible);
  if (players.length === 0) return undefined;
  const weight = (rep: Rep) => rep.weight ?? 1;
  const total = players.reduce((sum, rep) => sum + weight(rep), 0);

  const credit = new Map<string, number>();
  const known = players.filter((rep) => state.credits.has(rep.slackId));
  if (known.length === 0) {
    // Fresh start: the rotation order after the last assignee breaks ties, so the next in line goes first.
    const from = distinct.findIndex((rep) => rep.slackId === state.last);
    const order = [...distinct.slice(from + 1), ...distinct.slice(0, from + 1)].filter(eligible);
    order.forEach((rep, position) => credit.set(rep.slackId, -position * 0.001));
  } else {
    const mean = known.reduce((sum, rep) => sum + (state.credits.get(rep.slackId) as number), 0) / known.length;
    for (const rep of players) credit.set(rep.slackId, state.credits.get(rep.slackId) ?? mean);
  }
  const centre = players.reduce((sum, rep) => sum + (credit.get(rep.slackId) as number), 0) / players.length;
  let best: Rep | undefined;
  let bestCredit = Number.NEGATIVE_INFINITY;
  for (const rep of players) {
    const earned = Math.min(total, Math.max(-total, (credit.get(rep.slackId) as number) - centre)) + weight(rep);
    credit.set(rep.slackId, earned);
    // Ties go to the earlier row: deterministic, and the fresh-start spacing already put them in turn.
    if (earned > bestCredit + 1e-9) {
      best = rep;
      bestCredit = earned;
    }
  }
  const chosen = best as Rep;
  credit.set(chosen.slackId, bestCredit - total);

  // Members away now keep their credit; people no longer in the team are forgotten.
  const credits = new Map<string, number>();
  for (const rep of distinct) {
    const value = credit.get(rep.slackId) ?? state.credits.get(rep.slackId);
    if (value !== undefined) credits.set(rep.slackId, tidy(value));
  }
  return { rep: chosen, state: { last: chosen.slackId, credits } };
}
