import type { LeadLookup } from '../domain/decide-intake.ts';
import type { LeadException } from '../domain/exceptions.ts';
import type { RoutingRule } from '../domain/policy/rules.ts';
import { OPEN_STAGES, type Lead, type Rep, type RoutingCursor, type Stage } from '../domain/types.ts';
import { addToIndex, idsOf, type LeadIndex } from './lead-index.ts';
import type { AuditEntry, ChangeSet, LeadTable, Snapshot } from './ports.ts';
import { emptyChangeSet, escalatedLeadOf } from './ports.ts';

/** A lead's latest version replaces an earlier one in a change set: a new row stays a new row, an update keeps its first `before`. */
function putUpdate(change: ChangeSet, before: Lead, after: Lead): void {
  const pending = change.newLeads.findIndex((lead) => lead.leadId === after.leadId);
  if (pending >= 0) {
    change.newLeads[pending] = after;
    return;
  }
  const earlier = change.leadUpdates.find((update) => update.after.leadId === after.leadId);
  if (earlier) earlier.after = after;
  else change.leadUpdates.push({ before, after });
}

/** An exception's latest version replaces an earlier one in a change set, keeping its first `before` (null: a new row). */
function putException(change: ChangeSet, before: LeadException | null, after: LeadException): void {
  change.exceptions ??= [];
  const earlier = change.exceptions.find((entry) => entry.after.exceptionId === after.exceptionId);
  if (earlier) earlier.after = after;
  else change.exceptions.push({ before, after });
}

/**
 * The working copy a batch of use cases decides against: the snapshot plus what earlier
 * decisions in the same batch changed, and the change set that will be committed.
 *
 * Each piece of work runs in a unit of its own (`attempt`): a Book layered on this one that sees
 * everything below it and records only its own changes. A unit that succeeds is merged into its
 * parent; one that throws is dropped, so a failed work leaves no trace without any undo log.
 */
export class Book implements LeadLookup {
  readonly roster: Rep[];
  /** routing_rules as read (issue 12); empty when there are none. */
  readonly rules: RoutingRule[];
  cursor: RoutingCursor;
  readonly unreadable: Snapshot['unreadable'];
  /** The leads as read; never changed here. */
  private readonly table: LeadTable;
  /** The book this unit of work runs on top of; none for the batch's own book. */
  private readonly parent: Book | undefined;
  /** Leads this book added or changed, in front of its parent (or the table). */
  private readonly changed = new Map<string, Lead>();
  private readonly changedKeys: LeadIndex = new Map();
  /** Built on the first duplicate check (a sweep never needs them): this book's changes only, for a unit. */
  private contacts: { byPhone: LeadIndex; byEmail: LeadIndex } | undefined;
  private change: ChangeSet = emptyChangeSet();
  /** Routing state as this book sees it; a unit copies its parent's on first use (most works never look). */
  private ownEscalated: Map<string, string> | undefined;
  private ownExtraState: Map<string, string> | undefined;
  /** The exceptions tab as this book sees it (issue 13), copied from the parent on first use. */
  private ownExceptions: Map<string, LeadException> | undefined;

  constructor(snapshot: Snapshot);
  constructor(snapshot: undefined, parent: Book);
  constructor(snapshot: Snapshot | undefined, parent?: Book) {
    this.parent = parent;
    if (parent) {
      this.roster = parent.roster;
      this.rules = parent.rules;
      this.cursor = parent.cursor;
      this.unreadable = parent.unreadable;
      this.table = parent.table;
      return;
    }
    const read = snapshot as Snapshot;
    this.roster = read.roster;
    this.rules = read.rules ?? [];
    this.cursor = read.cursor;
    this.ownEscalated = new Map(read.escalated);
    this.ownExtraState = new Map(read.extraState);
    this.ownExceptions = new Map((read.exceptions ?? []).map((exception) => [exception.exceptionId, exception]));
    this.unreadable = read.unreadable;
    this.table = read.leads;
  }

  get escalated(): Map<string, string> {
    this.ownEscalated ??= new Map(this.parent?.escalated);
    return this.ownEscalated;
  }

  get extraState(): Map<string, string> {
    this.ownExtraState ??= new Map(this.parent?.extraState);
    return this.ownExtraState;
  }

  private get exceptionMap(): Map<string, LeadException> {
    this.ownExceptions ??= new Map(this.parent?.exceptionMap);
    return this.ownExceptions;
  }

  /** Every exception, opened or changed in this batch included. */
  exceptions(): LeadException[] {
    return [...this.exceptionMap.values()];
  }

  exception(exceptionId: string): LeadException | undefined {
    return this.exceptionMap.get(exceptionId);
  }

  /** Unresolved exceptions of one lead. */
  openExceptionsOf(leadId: string): LeadException[] {
    return this.exceptions().filter((exception) => exception.leadId === leadId && exception.resolvedAt === null);
  }

  /** Opens (a new id) or changes an exception; committed with the rest of the batch. */
  putException(after: LeadException): void {
    const before = this.exceptionMap.get(after.exceptionId) ?? null;
    this.exceptionMap.set(after.exceptionId, after);
    putException(this.change, before, after);
  }

  /** Index entries need no care on change: every lookup re-checks the lead it finds. */
  private index(lead: Lead): void {
    addToIndex(this.changedKeys, lead.idempotencyKey, lead.leadId);
    // Phone and email only ever match open leads; closed ones (most of a big sheet) need no entry.
    if (!this.contacts || !OPEN_STAGES.includes(lead.stage)) return;
    addToIndex(this.contacts.byPhone, lead.phone, lead.leadId);
    addToIndex(this.contacts.byEmail, lead.email, lead.leadId);
  }

  private contactIndexes(): { byPhone: LeadIndex; byEmail: LeadIndex } {
    if (!this.contacts) {
      const contacts = { byPhone: new Map(), byEmail: new Map() };
      // The batch's book indexes the table; a unit only what it changed itself.
      if (!this.parent) {
        this.table.eachOpenContact((leadId, phone, email) => {
          addToIndex(contacts.byPhone, phone, leadId);
          addToIndex(contacts.byEmail, email, leadId);
        });
      }
      this.contacts = contacts;
      for (const lead of this.changed.values()) this.index(lead);
    }
    return this.contacts;
  }

  /** Candidate ids for a lookup, this book's first, then each book below it. */
  private candidates(key: string, pick: (book: Book) => LeadIndex | undefined, fromTable: (key: string) => readonly string[]): string[] {
    const ids: string[] = [];
    for (let book: Book | undefined = this; book; book = book.parent) ids.push(...idsOf(pick(book) ?? new Map(), key));
    ids.push(...fromTable(key));
    return ids;
  }

  private find(ids: readonly string[], match: (lead: Lead) => boolean): Lead | undefined {
    for (const id of ids) {
      const lead = this.lead(id);
      if (lead && match(lead)) return lead;
    }
    return undefined;
  }

  byIdempotencyKey(key: string): Lead | undefined {
    const ids = this.candidates(key, (book) => book.changedKeys, (one) => this.table.keys.idsWithKey(one));
    return this.find(ids, (lead) => lead.idempotencyKey === key);
  }

  openByPhone(digits: string): Lead | undefined {
    const ids = this.candidates(digits, (book) => book.contactIndexes().byPhone, () => []);
    return this.find(ids, (lead) => lead.phoneValid && lead.phone === digits && OPEN_STAGES.includes(lead.stage));
  }

  openByEmail(email: string): Lead | undefined {
    const ids = this.candidates(email, (book) => book.contactIndexes().byEmail, () => []);
    return this.find(ids, (lead) => lead.email === email && OPEN_STAGES.includes(lead.stage));
  }

  lead(leadId: string): Lead | undefined {
    return this.changed.get(leadId) ?? (this.parent ? this.parent.lead(leadId) : this.table.get(leadId));
  }

  /** Leads at a stage as they stand in this book: what is below it, with this book's changes on top. */
  leadsAtStage(stage: Stage): Lead[] {
    const below = this.parent ? this.parent.leadsAtStage(stage) : this.table.atStage(stage);
    const leads = below.filter((lead) => !this.changed.has(lead.leadId));
    for (const lead of this.changed.values()) if (lead.stage === stage) leads.push(lead);
    return leads;
  }

  /**
   * NEW leads per owner as this book sees them (max_open). From the store's whole-table counts
   * when the read was scoped, with the leads changed in this batch moved from their old owner or
   * stage to their new one; else counted from the leads themselves.
   */
  openNewByOwner(): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (lead: Lead | undefined, by: number) => {
      if (lead?.stage === 'NEW' && lead.salesSlackId) counts.set(lead.salesSlackId, (counts.get(lead.salesSlackId) ?? 0) + by);
    };
    const whole = this.table.openByOwner;
    if (!whole) {
      for (const lead of this.leadsAtStage('NEW')) add(lead, 1);
      return counts;
    }
    for (const [owner, n] of whole) counts.set(owner, n);
    for (const [leadId, lead] of this.changedAll()) {
      add(this.table.get(leadId), -1);
      add(lead, 1);
    }
    return counts;
  }

  /** Every lead this book and the books below it changed or added, as it stands now. */
  private changedAll(): Map<string, Lead> {
    const all = this.parent ? this.parent.changedAll() : new Map<string, Lead>();
    for (const [leadId, lead] of this.changed) all.set(leadId, lead);
    return all;
  }

  /** How many leads the sheet holds with this book's additions. */
  get leadCount(): number {
    let added = 0;
    for (const leadId of this.changed.keys()) if (!this.hasBelow(leadId)) added += 1;
    return (this.parent ? this.parent.leadCount : this.table.size) + added;
  }

  private hasBelow(leadId: string): boolean {
    return this.parent ? this.parent.hasLead(leadId) : this.table.has(leadId);
  }

  hasLead(leadId: string): boolean {
    return this.changed.has(leadId) || this.hasBelow(leadId);
  }

  addLead(lead: Lead): void {
    this.changed.set(lead.leadId, lead);
    this.index(lead);
    this.change.newLeads.push(lead);
  }

  updateLead(after: Lead): void {
    const before = this.lead(after.leadId);
    if (!before) throw new Error(`updateLead: no lead ${after.leadId}`);
    this.changed.set(after.leadId, after);
    this.index(after);
    putUpdate(this.change, before, after);
  }

  moveCursor(cursor: RoutingCursor): void {
    this.cursor = cursor;
    this.change.cursor = cursor;
  }

  setState(key: string, value: string): void {
    const escalatedLead = escalatedLeadOf(key);
    if (escalatedLead === undefined) this.extraState.set(key, value);
    else this.escalated.set(escalatedLead, value);
    this.change.stateEntries.push([key, value]);
  }

  audit(entry: AuditEntry): void {
    this.change.audit.push(entry);
  }

  /** Runs one piece of work in a unit of its own; its changes join this book only if it returns. */
  attempt<T>(work: (book: Book) => T): T {
    const unit = new Book(undefined, this);
    const value = work(unit);
    this.absorb(unit);
    return value;
  }

  /** A successful unit's changes, now this book's: its leads, cursor, state and change set. */
  private absorb(unit: Book): void {
    for (const lead of unit.changed.values()) {
      this.changed.set(lead.leadId, lead);
      this.index(lead);
    }
    const { newLeads, leadUpdates, cursor, stateEntries, audit, exceptions } = unit.change;
    for (const { before, after } of exceptions ?? []) {
      this.exceptionMap.set(after.exceptionId, after);
      putException(this.change, before, after);
    }
    if (cursor) this.moveCursor(cursor);
    for (const [key, value] of stateEntries) this.setState(key, value);
    this.change.newLeads.push(...newLeads);
    for (const { before, after } of leadUpdates) putUpdate(this.change, before, after);
    this.change.audit.push(...audit);
  }

  takeChanges(): ChangeSet {
    const change = this.change;
    this.change = emptyChangeSet();
    return change;
  }
}
