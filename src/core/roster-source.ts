import type { RoutingRule } from '../domain/policy/rules.ts';
import type { Rep } from '../domain/types.ts';

/** What the admins keep in the spreadsheet, read by a store that holds leads elsewhere (PostgreSQL). */
export interface RosterView {
  roster: Rep[];
  /** routing_rules (issue 12); absent = no rules. */
  rules?: RoutingRule[];
}

export interface RosterSource {
  read(): Promise<RosterView>;
}

/** A fixed roster (tests, benchmarks). */
export function fixedRoster(reps: Rep[], rules?: RoutingRule[]): RosterSource & { reps: Rep[] } {
  const source = {
    reps,
    read: async (): Promise<RosterView> => ({ roster: source.reps.map((rep) => ({ ...rep })), ...(rules ? { rules } : {}) }),
  };
  return source;
}
