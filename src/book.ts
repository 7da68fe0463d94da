import type { LeadLookup } from './domain/decide-intake.ts';
import { OPEN_STAGES, type Lead, type Rep, type RoutingCursor, type Stage } from './domain/types.ts';
import { addToIndex, idsOf, type LeadIndex } from './lead-index.ts';
import type { AuditEntry, ChangeSet, LeadTable, Snapshot } from './ports.ts';
import { emptyChangeSet, escalatedLeadOf } from './ports.ts';

/**
 * The working copy a batch of use cases decides against: the snapshot plus what earlier
 * decisions in the same batch changed, and the change set that will be committed.
 * Each piece of work runs inside `attempt`, so a work that throws leaves no trace.
 */
export class Book implements LeadLookup {
  readonly roster: Rep[];
  cursor: RoutingCursor;
  readonly escalated: Map<string, string>;
  readonly extraState: Map<string, string>;
  readonly unreadable: Snapshot['unreadable'];
  /** The leads as read; never changed here. */
  private readonly table: LeadTable;
  /** Leads this book added or changed, in front of the table. */
  private readonly changed = new Map<string, Lead>();
  private readonly changedKeys: LeadIndex = new Map();
  /** Built on the first duplicate check: a sweep never needs them. */
  private contacts: { byPhone: LeadIndex; byEmail: LeadIndex } | undefined;
  private change: ChangeSet = emptyChangeSet();
  /** Undo steps of the work in progress; index entries need none, lookups re-check the lead. */
  private undo: Array<() => void> | undefined;

  private remember(step: () => void): void {
    this.undo?.push(step);
  }

  private rememberMap<K, V>(map: Map<K, V>, key: K): void {
    const had = map.has(key);
    const value = map.get(key);
    this.remember(() => (had ? map.set(key, value as V) : map.delete(key)));
  }

  constructor(snapshot: Snapshot) {
    this.roster = snapshot.roster;
    this.cursor = snapshot.cursor;
    this.escalated = new Map(snapshot.escalated);
    this.extraState = new Map(snapshot.extraState);
    this.unreadable = snapshot.unreadable;
    this.table = snapshot.leads;
  }

  /** Index entries need no undo: every lookup re-checks the lead it finds. */
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
      this.table.eachOpenContact((leadId, phone, email) => {
        addToIndex(contacts.byPhone, phone, leadId);
        addToIndex(contacts.byEmail, email, leadId);
      });
      this.contacts = contacts;
      for (const lead of this.changed.values()) this.index(lead);
    }
    return this.contacts;
  }

  private find(ids: readonly string[], match: (lead: Lead) => boolean): Lead | undefined {
    for (const id of ids) {
      const lead = this.lead(id);
      if (lead && match(lead)) return lead;
    }
    return undefined;
  }

  byIdempotencyKey(key: string): Lead | undefined {
    const match = (lead: Lead) => lead.idempotencyKey === key;
    return this.find(idsOf(this.changedKeys, key), match) ?? this.find(this.table.keys.idsWithKey(key), match);
  }

  openByPhone(digits: string): Lead | undefined {
    return this.find(idsOf(this.contactIndexes().byPhone, digits), (lead) => lead.phone === digits && OPEN_STAGES.includes(lead.stage));
  }

  openByEmail(email: string): Lead | undefined {
    return this.find(idsOf(this.contactIndexes().byEmail, email), (lead) => lead.email === email && OPEN_STAGES.includes(lead.stage));
  }

  lead(leadId: string): Lead | undefined {
    return this.changed.get(leadId) ?? this.table.get(leadId);
  }

  /** Leads at a stage as they stand in this book: the table's, with this book's changes on top. */
  leadsAtStage(stage: Stage): Lead[] {
    const leads = this.table.atStage(stage).filter((lead) => !this.changed.has(lead.leadId));
    for (const lead of this.changed.values()) if (lead.stage === stage) leads.push(lead);
    return leads;
  }

  /** How many leads the sheet holds with this book's additions. */
  get leadCount(): number {
    let added = 0;
    for (const leadId of this.changed.keys()) if (!this.table.has(leadId)) added += 1;
    return this.table.size + added;
  }

  hasLead(leadId: string): boolean {
    return this.changed.has(leadId) || this.table.has(leadId);
  }

  addLead(lead: Lead): void {
    this.rememberMap(this.changed, lead.leadId);
    const count = this.change.newLeads.length;
    this.remember(() => this.change.newLeads.splice(count));
    this.changed.set(lead.leadId, lead);
    this.index(lead);
    this.change.newLeads.push(lead);
  }

  updateLead(after: Lead): void {
    const before = this.lead(after.leadId);
    if (!before) throw new Error(`updateLead: no lead ${after.leadId}`);
    this.rememberMap(this.changed, after.leadId);
    this.changed.set(after.leadId, after);
    this.index(after);
    // A lead created in this batch is still a new row: rewrite it rather than patch it.
    const pending = this.change.newLeads.findIndex((lead) => lead.leadId === after.leadId);
    if (pending >= 0) {
      const previous = this.change.newLeads[pending] as Lead;
      this.remember(() => (this.change.newLeads[pending] = previous));
      this.change.newLeads[pending] = after;
      return;
    }
    const earlier = this.change.leadUpdates.find((update) => update.after.leadId === after.leadId);
    if (earlier) {
      const previous = earlier.after;
      this.remember(() => (earlier.after = previous));
      earlier.after = after;
    } else {
      const count = this.change.leadUpdates.length;
      this.remember(() => this.change.leadUpdates.splice(count));
      this.change.leadUpdates.push({ before, after });
    }
  }

  moveCursor(cursor: RoutingCursor): void {
    const previous = { cursor: this.cursor, pending: this.change.cursor };
    this.remember(() => {
      this.cursor = previous.cursor;
      this.change.cursor = previous.pending;
    });
    this.cursor = cursor;
    this.change.cursor = cursor;
  }

  setState(key: string, value: string): void {
    const escalatedLead = escalatedLeadOf(key);
    const [map, mapKey] = escalatedLead === undefined ? [this.extraState, key] : [this.escalated, escalatedLead];
    this.rememberMap(map, mapKey);
    const count = this.change.stateEntries.length;
    this.remember(() => this.change.stateEntries.splice(count));
    map.set(mapKey, value);
    this.change.stateEntries.push([key, value]);
  }

  audit(entry: AuditEntry): void {
    const count = this.change.audit.length;
    this.remember(() => this.change.audit.splice(count));
    this.change.audit.push(entry);
  }

  /** Runs one piece of work; if it throws, everything it did to the book is undone. */
  attempt<T>(work: (book: Book) => T): T {
    const undo: Array<() => void> = [];
    this.undo = undo;
    try {
      return work(this);
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    } finally {
      this.undo = undefined;
    }
  }

  takeChanges(): ChangeSet {
    const change = this.change;
    this.change = emptyChangeSet();
    return change;
  }
}
