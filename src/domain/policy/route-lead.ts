import { normalizePhone } from '../phone.ts';
import type { Millis, Rep, RoutingCursor } from '../types.ts';
import { availableAt, describeUnavailable, Moment, unavailability, type Unavailable } from './eligibility.ts';
import { foldText } from './fold-text.ts';
import { DEFAULT_TEAM } from './read-rep-policy.ts';
import { chooseTeam, FactReader, type LeadFacts, type RoutingRule } from './rules.ts';
import { nextInRotation, nextWeighted, readTeamState, teamStateKey, writeTeamState, type TeamState } from './team-rotation.ts';
import { describeLocal } from './zoned-time.ts';

/** Everything the policy decides against; the caller reads it, the policy never does I/O. */
export interface PolicyInput {
  roster: readonly Rep[];
  rules: readonly RoutingRule[];
  now: Millis;
  /** TIMEZONE. */
  timeZone: string;
  offHoursWaitMinutes: number;
  overflowTeam?: string | undefined;
  /** NEW leads each rep owns now, for `max_open`. */
  openCount: (slackId: string) => number;
  /** routing_state values (`rr_<team>` keys). */
  state: (key: string) => string | undefined;
  /** The default team's rotation: routing_state `last_index` / `last_slack_id`, as before policies. */
  cursor: RoutingCursor;
}

export type RoutingOutcomeKind = 'assigned' | 'waiting_for_shift' | 'overflow' | 'no_eligible_rep';

/** What a routing decision adds to the plain one, for the use cases and the exceptions issue. */
export interface RoutingOutcome {
  /** The team whose rep got the lead (the overflow team after overflow), or the rules' team when nobody did. */
  team: string;
  outcome: RoutingOutcomeKind;
  /** The matched rule asked a manager to review the lead (it is still assigned). */
  review?: { rule: string; note: string };
  /** When the owner starts work: the lead's SLA starts then (assigned_at is set to it). */
  startsAt?: Millis;
  /** routing_state entries to write: the `rr_<team>` rotations this decision moved. */
  stateEntries: Array<[string, string]>;
}

export interface RouteResult extends RoutingOutcome {
  rep: Rep | undefined;
  /** Set when the default team's rotation moved: the new `last_index` / `last_slack_id`. */
  cursor?: RoutingCursor;
  reason: string;
}

export interface RouteRequest {
  facts: LeadFacts;
  /** A re-route: the current owner, who gets it back only when nobody else can. */
  currentOwner?: Rep | undefined;
}

/** True when any rule exists or any rep has a policy cell: otherwise the plain round-robin runs unchanged. */
export function policyInUse(roster: readonly Rep[], rules: readonly RoutingRule[] | undefined): boolean {
  if (rules && rules.length > 0) return true;
  return roster.some(
    (rep) =>
      rep.teams !== undefined ||
      (rep.weight !== undefined && rep.weight !== 1) ||
      rep.maxOpen !== undefined ||
      rep.workingHours !== undefined ||
      rep.oooUntil !== undefined,
  );
}

/**
 * A team's reps in roster order. Reps with a blank `team` are the default team; when every rep has
 * a team (a sheet that had its own `team` column before routing rules existed), the default team
 * is everyone, so leads no rule claims keep reaching people rather than nobody.
 */
export function membersOf(roster: readonly Rep[], team: string): Rep[] {
  const members = roster.filter((rep) => (rep.teams ? rep.teams.includes(team) : team === DEFAULT_TEAM));
  return members.length === 0 && team === DEFAULT_TEAM ? [...roster] : members;
}

const MAX_LISTED = 12;

function countryOf(digits: string): string | undefined {
  return normalizePhone(`+${digits}`, 'ZZ').country;
}

/** The rotations a series of decisions moves, so the next decision in the same batch sees them. */
export class Rotations {
  private readonly moved = new Map<string, TeamState>();
  cursor: RoutingCursor;

  constructor(private readonly input: Pick<PolicyInput, 'state' | 'cursor'>) {
    this.cursor = input.cursor;
  }

  get(team: string): TeamState {
    const moved = this.moved.get(team);
    if (moved) return moved;
    const stored = readTeamState(this.input.state(teamStateKey(team)));
    if (team !== DEFAULT_TEAM) return stored;
    // The default team's last assignee lives in last_slack_id; credits from a different last are stale.
    const last = this.cursor.lastSlackId;
    return stored.last === last ? stored : { last, credits: new Map() };
  }

  set(team: string, state: TeamState): void {
    this.moved.set(team, state);
  }
}

interface TeamTurn {
  rep: Rep;
  state: TeamState;
  listing: string;
}

/**
 * One team's turn among the reps `can` allows: weighted when any member has a weight other than
 * 1, else the plain rotation. `listing` is what the audit shows: who was in line, who was skipped and why.
 */
function takeTurn(members: readonly Rep[], can: (rep: Rep) => boolean, state: TeamState, skipped: ReadonlyMap<Rep, string>): TeamTurn | undefined {
  const weighted = members.some((rep) => (rep.weight ?? 1) !== 1);
  const turn = weighted ? nextWeighted(members, can, state) : nextInRotation(members, can, state);
  if (!turn) return undefined;
  const shown = members.slice(0, MAX_LISTED).map((rep) => {
    const why = skipped.get(rep);
    if (why) return `${rep.name} skipped (${why})`;
    if (!can(rep)) return `${rep.name} (later)`;
    return weighted ? `${rep.name} ${rep.weight ?? 1}` : rep.name;
  });
  const more = members.length > MAX_LISTED ? `, +${members.length - MAX_LISTED} more` : '';
  const listing = `${weighted ? 'weighted' : 'round-robin'}: ${shown.join(', ')}${more} → ${turn.rep.name}`;
  return { rep: turn.rep, state: turn.state, listing };
}

/** Index of the rep among the roster's active reps: what `last_index` has always meant. */
function legacyIndex(roster: readonly Rep[], rep: Rep): number {
  return roster.filter((one) => one.active).indexOf(rep);
}

/**
 * Routes one lead: the rules pick a team; the team's next eligible rep gets it; if nobody in the
 * team can take it now, whoever starts first within OFF_HOURS_WAIT_MINUTES (its SLA starts then);
 * then OVERFLOW_TEAM the same way; else nobody (`no_eligible_rep`). A re-route never returns
 * the lead to its current owner while anyone else can take it.
 */
export function routeLead(input: PolicyInput, rotations: Rotations, request: RouteRequest): RouteResult {
  const moment = new Moment(input.now, input.timeZone, input.openCount);
  const owner = request.currentOwner;
  const facts = new FactReader(request.facts, countryOf);
  const choice = chooseTeam(input.rules, facts, owner?.teams ?? (owner ? [DEFAULT_TEAM] : undefined));
  const review = choice.rule?.review ? { rule: choice.text, note: choice.rule.note } : undefined;
  const prefix = input.rules.length > 0 || choice.team !== DEFAULT_TEAM ? `${choice.text}; ` : '';
  const waitMs = input.offHoursWaitMinutes * 60_000;

  const teams = [choice.team];
  const overflow = input.overflowTeam ? foldText(input.overflowTeam) || undefined : undefined;
  if (overflow && overflow !== choice.team) teams.push(overflow);
  const notes: string[] = [];

  const finish = (team: string, turn: TeamTurn, outcome: RoutingOutcomeKind, text: string, startsAt?: Millis): RouteResult => {
    rotations.set(team, turn.state);
    const weighted = turn.state.credits.size > 0;
    const stateEntries: Array<[string, string]> = team !== DEFAULT_TEAM || weighted ? [[teamStateKey(team), writeTeamState(turn.state)]] : [];
    let cursor: RoutingCursor | undefined;
    if (team === DEFAULT_TEAM) {
      cursor = { lastIndex: legacyIndex(input.roster, turn.rep), lastSlackId: turn.rep.slackId };
      rotations.cursor = cursor;
    }
    return {
      rep: turn.rep,
      team,
      outcome,
      ...(review ? { review } : {}),
      ...(startsAt !== undefined ? { startsAt } : {}),
      stateEntries,
      ...(cursor ? { cursor } : {}),
      reason: `${prefix}${[...notes, text].join('; ')}`,
    };
  };

  interface Analysis {
    team: string;
    members: Rep[];
    why: Map<Rep, Unavailable>;
    skipped: Map<Rep, string>;
  }
  const analyse = (team: string): Analysis => {
    const members = membersOf(input.roster, team);
    const why = new Map<Rep, Unavailable>();
    const skipped = new Map<Rep, string>();
    members.forEach((rep, index) => {
      const reason = owner && rep.slackId === owner.slackId ? ({ kind: 'current_owner' } as const) : unavailability(rep, moment);
      if (!reason) return;
      why.set(rep, reason);
      // Describing "off shift until …" costs a look ahead: only for the reps the audit shows.
      if (index < MAX_LISTED) skipped.set(rep, describeUnavailable(reason, moment));
    });
    return { team, members, why, skipped };
  };
  const analyses = teams.map(analyse);
  const labelOf = (team: string) => (team === choice.team ? '' : `overflow team ${team}; `);
  const failed = (analysis: Analysis) => {
    if (analysis.members.length === 0) return `team ${analysis.team} has no reps`;
    const listed = [...analysis.skipped].map(([rep, reason]) => `${rep.name} ${reason}`).join(', ');
    return `nobody in team ${analysis.team} can take it (${listed}${analysis.members.length > MAX_LISTED ? ', …' : ''})`;
  };

  const now = (analysis: Analysis): RouteResult | undefined => {
    const turn = takeTurn(analysis.members, (rep) => !analysis.why.has(rep), rotations.get(analysis.team), analysis.skipped);
    if (!turn) return undefined;
    return finish(analysis.team, turn, analysis.team === choice.team ? 'assigned' : 'overflow', `${labelOf(analysis.team)}${turn.listing}`);
  };
  // Whoever starts first within the wait, ties in rotation order.
  const later = (analysis: Analysis): RouteResult | undefined => {
    let first: Millis | undefined;
    const starts = new Map<Rep, Millis>();
    for (const [rep, reason] of analysis.why) {
      const at = availableAt(rep, reason, moment, waitMs);
      if (at === undefined) continue;
      starts.set(rep, at);
      if (first === undefined || at < first) first = at;
    }
    if (first === undefined) return undefined;
    const at = first;
    const turn = takeTurn(analysis.members, (rep) => starts.get(rep) === at, rotations.get(analysis.team), analysis.skipped);
    if (!turn) return undefined;
    const zone = moment.zoneOf(turn.rep);
    const text = `${labelOf(analysis.team)}nobody in team ${analysis.team} at work now; ${turn.rep.name} starts first (${describeLocal(at, zone, input.now)} ${zone}), SLA starts then; ${turn.listing}`;
    return finish(analysis.team, turn, analysis.team === choice.team ? 'waiting_for_shift' : 'overflow', text, at);
  };

  // A new lead: the team now, the team later, then the overflow team the same way. A re-route
  // prefers anyone at work now (the overflow team, or else the current owner) to waiting for a shift.
  const steps: Array<() => RouteResult | undefined> = [];
  const note = (analysis: Analysis) => () => {
    notes.push(failed(analysis));
    return undefined;
  };
  if (owner) {
    for (const analysis of analyses) steps.push(() => now(analysis), note(analysis));
    steps.push(() => {
      if (unavailability(owner, moment)) return undefined;
      return {
        rep: owner,
        team: choice.team,
        outcome: 'assigned',
        ...(review ? { review } : {}),
        stateEntries: [],
        reason: `${prefix}${[...notes, `only the current owner ${owner.name} can take it now`].join('; ')}`,
      };
    });
    for (const analysis of analyses) steps.push(() => later(analysis));
  } else {
    for (const analysis of analyses) steps.push(() => now(analysis), () => later(analysis), note(analysis));
  }
  for (const step of steps) {
    const result = step();
    if (result) return result;
  }
  notes.push(`nobody starts within OFF_HOURS_WAIT_MINUTES (${input.offHoursWaitMinutes} min)`);
  return {
    rep: undefined,
    team: choice.team,
    outcome: 'no_eligible_rep',
    ...(review ? { review } : {}),
    stateEntries: [],
    reason: `${prefix}${notes.join('; ')}${overflow ? '' : ' (no OVERFLOW_TEAM set)'}: no eligible rep, left unassigned`,
  };
}
