/** Epoch milliseconds. The domain never reads the clock; callers pass `now` in. */
export type Millis = number;

export const STAGES = ['NEW', 'CONTACTED', 'QUALIFIED', 'CLOSED LOST'] as const;
export type Stage = (typeof STAGES)[number];

/** Leads in these stages still count as "open" for duplicate detection. */
export const OPEN_STAGES: readonly Stage[] = ['NEW', 'CONTACTED'];

export interface Rep {
  name: string;
  email: string;
  slackId: string;
  active: boolean;
  /*
   * Routing policy (src/domain/policy): each is absent when its sales_sheet cell is blank (or the
   * column is missing), which keeps the plain round-robin.
   */
  /** Lower-cased team names (`team` cell, comma-separated); absent = the default team. */
  teams?: string[];
  /** Share of leads relative to teammates; absent = 1. */
  weight?: number;
  /** Most NEW leads the rep may own at once. */
  maxOpen?: number;
  /** IANA zone their working hours and out-of-office dates are in; absent = TIMEZONE. */
  timeZone?: string;
  /** When they work; absent = always. */
  workingHours?: WorkingHours;
  /** Out of office until this instant (exclusive). */
  oooUntil?: Millis;
}

/** A `working_hours` cell, parsed: per weekday (0 = Sunday) the [start, end) minutes of local time. */
export interface WorkingHours {
  text: string;
  days: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
}

export interface Lead {
  leadId: string;
  name: string;
  phone: string;
  phoneValid: boolean;
  email: string;
  company: string;
  source: string;
  message: string;
  stage: Stage;
  assignedSales: string;
  salesSlackId: string;
  routeCount: number;
  createdAt: Millis | null;
  assignedAt: Millis | null;
  lastRoutedAt: Millis | null;
  contactedAt: Millis | null;
  idempotencyKey: string;
  slackChannel: string;
  slackTs: string;
  /** Slack ids of every owner so far, oldest first: the routing history managers see on escalation. */
  ownerHistory: string[];
  /**
   * After CONTACTED (issue 13). Optional so every store and builder that predates them still
   * compiles; absent reads as null / ''.
   */
  qualifiedAt?: Millis | null;
  closedAt?: Millis | null;
  /** Why a lead was closed lost: a LOST_REASONS code, then the note ("not_interested: went with X"). */
  lostReason?: string;
  handoffNotes?: string;
  /** Slack id of the rep the lead was handed to when it was qualified. */
  handoffTo?: string;
  /** When the owner was reminded before the SLA deadline; a reminder at or after assignedAt is this assignment's. */
  remindedAt?: Millis | null;
}

/**
 * Where the rotation stands. `lastSlackId` lets the rotation resume after the right
 * person when admins insert, reorder or switch off reps between assignments;
 * `lastIndex` is the seed's number and the fallback when that rep was deleted.
 */
export interface RoutingCursor {
  lastIndex: number;
  lastSlackId: string;
}

export interface SlaPolicy {
  slaMinutes: number;
  escalationThreshold: number;
}
