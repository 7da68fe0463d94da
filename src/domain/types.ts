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
