import type { ContactRejection } from '../domain/decide-contact.ts';
import type { LeadException } from '../domain/exceptions.ts';
import type { RoutingRule } from '../domain/policy/rules.ts';
import type { Lead, Millis, Rep, RoutingCursor, Stage } from '../domain/types.ts';

/** routing_state key marking a lead's one escalation (the seed's `escalated_<lead_id>`). */
const ESCALATED_PREFIX = 'escalated_';

export function escalationKey(leadId: string): string {
  return `${ESCALATED_PREFIX}${leadId}`;
}

/** The lead an `escalated_<lead_id>` key names, or undefined for any other key. */
export function escalatedLeadOf(key: string): string | undefined {
  return key.startsWith(ESCALATED_PREFIX) ? key.slice(ESCALATED_PREFIX.length) : undefined;
}

/** routing_state entries -> escalation marks and the other keys, as a Snapshot holds them. */
export function splitState(entries: Iterable<[string, string]>): Pick<Snapshot, 'escalated' | 'extraState'> {
  const escalated = new Map<string, string>();
  const extraState = new Map<string, string>();
  for (const [key, value] of entries) {
    const leadId = escalatedLeadOf(key);
    if (leadId === undefined) extraState.set(key, value);
    else escalated.set(leadId, value);
  }
  return { escalated, extraState };
}

/** Which leads were written with an idempotency key. Apart from the table, so it can outlive it cheaply. */
export interface KeyIndex {
  /** The leads written with this key: one, unless an admin copied a row. */
  idsWithKey(key: string): readonly string[];
}

/**
 * A snapshot's leads, read-only. A store may decode a row only when it is asked for: in a big
 * sheet most leads are closed, a sweep looks at NEW ones only and an intake at a few more.
 */
export interface LeadTable {
  /** Leads whose row could be read. */
  readonly size: number;
  get(leadId: string): Lead | undefined;
  has(leadId: string): boolean;
  atStage(stage: Stage): Lead[];
  readonly keys: KeyIndex;
  /**
   * NEW leads per owner in the whole store, when the table holds only some leads (a scoped read):
   * max_open counts them all. Absent: the table holds every lead, count them.
   */
  readonly openByOwner?: ReadonlyMap<string, number>;
  /** Phone and email of each lead at an open stage, without decoding the rest of its row. */
  eachOpenContact(visit: (leadId: string, phone: string, email: string) => void): void;
}

/** Everything a decision may need, read in one request. */
export interface Snapshot {
  roster: Rep[];
  cursor: RoutingCursor;
  escalated: Map<string, string>;
  leads: LeadTable;
  /** Rows that could not be understood. Rows a store decodes lazily are checked when decoded. */
  unreadable: Array<{ leadId: string; problem: string }>;
  /** Other routing_state keys (leases, markers) Baton keeps but does not interpret here. */
  extraState: Map<string, string>;
  /** Rows of the `exceptions` tab (issue 13); a store without one leaves it out (read as none). */
  exceptions?: LeadException[];
  /** The usable rows of the `routing_rules` tab (issue 12), lowest priority first; absent = no rules. */
  rules?: RoutingRule[];
}

export interface AuditEntry {
  at: Millis;
  event: string;
  leadId: string;
  actor: string;
  detail: string;
}

/** What one commit writes. The store applies it atomically, in one request where it can. */
export interface ChangeSet {
  newLeads: Lead[];
  leadUpdates: Array<{ before: Lead; after: Lead }>;
  cursor?: RoutingCursor;
  stateEntries: Array<[key: string, value: string]>;
  audit: AuditEntry[];
  /** Exceptions opened (before null: a new row) or changed (write the cells that differ), issue 13. */
  exceptions?: Array<{ before: LeadException | null; after: LeadException }>;
}

export function emptyChangeSet(): ChangeSet {
  return { newLeads: [], leadUpdates: [], stateEntries: [], audit: [] };
}

export function isEmptyChangeSet(change: ChangeSet): boolean {
  return (
    change.newLeads.length === 0 &&
    change.leadUpdates.length === 0 &&
    change.cursor === undefined &&
    change.stateEntries.length === 0 &&
    change.audit.length === 0 &&
    (change.exceptions?.length ?? 0) === 0
  );
}

/**
 * What one piece of work needs read. A store may read more than asked (the Sheets and memory stores
 * read everything, always); a store with `readsByScope` reads only this, so a big table costs what
 * the work touches. Absent = everything.
 */
export interface LoadScope {
  leadIds?: readonly string[];
  idempotencyKeys?: readonly string[];
  /** Normalised phones and emails whose open leads a duplicate check must see. */
  phones?: readonly string[];
  emails?: readonly string[];
  /**
   * A sweep: NEW leads whose SLA window started at or before this moment (or has no start),
   * unassigned NEW leads, and the next NEW lead to fall due after it (for the deadline timer).
   */
  dueStartedBy?: Millis;
  /** With a sweep: also owned NEW leads with no recorded DM (the startup recovery sweep). */
  unannounced?: boolean;
}

/** The scope of a batch of works: everything if any work wants everything. */
export function mergeScopes(scopes: ReadonlyArray<LoadScope | undefined>): LoadScope | undefined {
  const leadIds: string[] = [];
  const idempotencyKeys: string[] = [];
  const phones: string[] = [];
  const emails: string[] = [];
  let dueStartedBy: Millis | undefined;
  let unannounced = false;
  for (const scope of scopes) {
    if (!scope) return undefined;
    leadIds.push(...(scope.leadIds ?? []));
    idempotencyKeys.push(...(scope.idempotencyKeys ?? []));
    phones.push(...(scope.phones ?? []));
    emails.push(...(scope.emails ?? []));
    if (scope.dueStartedBy !== undefined) dueStartedBy = Math.max(dueStartedBy ?? scope.dueStartedBy, scope.dueStartedBy);
    unannounced ||= scope.unannounced === true;
  }
  return { leadIds, idempotencyKeys, phones, emails, ...(dueStartedBy !== undefined ? { dueStartedBy } : {}), ...(unannounced ? { unannounced } : {}) };
}

export interface LeadStore {
  load(scope?: LoadScope): Promise<Snapshot>;
  commit(change: ChangeSet): Promise<void>;
  /**
   * True when load() reads only what its scope names (PostgreSQL): a view read for one batch then
   * cannot serve the next, so the ledger reads for every batch. Absent: the store reads everything.
   */
  readonly readsByScope?: boolean;
}

export interface Clock {
  now(): Millis;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Where a DM landed, so it can be edited in place later. */
export interface MessageRef {
  channel: string;
  ts: string;
}

export type LeadNotice =
  | { kind: 'new'; lead: Lead }
  | { kind: 'rerouted'; lead: Lead; from: { name: string; slackId: string }; slaMinutes: number }
  | { kind: 'reminder'; lead: Lead; slaMinutes: number };

export type OwnerUpdate =
  | { kind: 'contacted'; lead: Lead; minutesAfterAssignment: number | null }
  | { kind: 'moved'; lead: Lead; to: { name: string; slackId: string }; slaMinutes: number };

export type ManagerNotice =
  | { kind: 'escalation'; lead: Lead; threshold: number }
  | { kind: 'no-active-rep'; leads: Lead[] }
  | { kind: 'dm-failed'; lead: Lead; error: string }
  /** Damaged journal lines were moved to a quarantine file: an acknowledged lead or click may be among them. */
  | { kind: 'journal-quarantined'; count: number; path: string };

/** Slack, seen from the use cases. Every method rejects when Slack refuses (the use case decides what that means). */
export interface Notifier {
  sendLead(notice: LeadNotice): Promise<MessageRef>;
  updateOwnerMessage(ref: MessageRef, update: OwnerUpdate): Promise<void>;
  notifyDuplicate(lead: Lead, submittedAt: Millis): Promise<void>;
  notifyManagers(notice: ManagerNotice): Promise<string[]>;
  /** Tells a clicker, privately, why their click changed nothing. */
  explainRejection(target: { channel: string; user: string }, rejection: ContactRejection): Promise<void>;
  /** Tells a clicker, privately, that their click is saved and will be applied (with its own time) once the sheet is back. */
  confirmQueuedClick(target: { channel: string; user: string }, click: { leadId: string; clickedAt: Millis }): Promise<void>;
}
