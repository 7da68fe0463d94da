import type { LeadLookup } from './domain/decide-intake.ts';
import { OPEN_STAGES, type Lead, type Rep, type RoutingCursor } from './domain/types.ts';
import type { AuditEntry, ChangeSet, Snapshot } from './ports.ts';
import { emptyChangeSet, escalatedLeadOf } from './ports.ts';

/** Most keys belong to one lead: store a plain id then, and an array only for the few repeats (less garbage at 50 000 leads). */
type Index = Map<string, string | string[]>;

function addToIndex(index: Index, key: string, leadId: string): void {
  if (!key) return;
  const ids = index.get(key);
  if (ids === undefined) index.set(key, leadId);
  else if (typeof ids === 'string') {
    if (ids !== leadId) index.set(key, [ids, leadId]);
  } else if (!ids.includes(leadId)) ids.push(leadId);
}

function idsOf(index: Index, key: string): readonly string[] {
  const ids = index.get(key);
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
}

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
  private readonly leads: Map<string, Lead>;
  private readonly byKey: Index = new Map();
  private readonly byPhone: Index = new Map();
  private readonly byEmail: Index = new Map();
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
    // The book owns the snapshot from here on (the store built it for this book): no copy.
    this.leads = snapshot.leads;
    for (const lead of this.leads.values()) this.index(lead);
  }

  private index(lead: Lead): void {
    addToIndex(this.byKey, lead.idempotencyKey, lead.leadId);
    // Phone and email only ever match open leads; closed ones (most of a big sheet) need no entry.
    if (!OPEN_STAGES.includes(lead.stage)) return;
    addToIndex(this.byPhone, lead.phone, lead.leadId);
    addToIndex(this.byEmail, lead.email, lead.leadId);
  }

  private find(index: Index, key: string, match: (lead: Lead) => boolean): Lead | undefined {
    for (const id of idsOf(index, key)) {
      const lead = this.leads.get(id);
      if (lead && match(lead)) return lead;
    }
    return undefined;
  }

  byIdempotencyKey(key: string): Lead | undefined {
    return this.find(this.byKey, key, (lead) => lead.idempotencyKey === key);
  }

  openByPhone(digits: string): Lead | undefined {
    return this.find(this.byPhone, digits, (lead) => lead.phone === digits && OPEN_STAGES.includes(lead.stage));
  }

  openByEmail(email: string): Lead | undefined {
    return this.find(this.byEmail, email, (lead) => lead.email === email && OPEN_STAGES.includes(lead.stage));
  }

  lead(leadId: string): Lead | undefined {
    return this.leads.get(leadId);
  }

  allLeads(): Lead[] {
    return [...this.leads.values()];
  }

  hasLead(leadId: string): boolean {
    return this.leads.has(leadId);
  }

  addLead(lead: Lead): void {
    this.rememberMap(this.leads, lead.leadId);
    const count = this.change.newLeads.length;
    this.remember(() => this.change.newLeads.splice(count));
    this.leads.set(lead.leadId, lead);
    this.index(lead);
    this.change.newLeads.push(lead);
  }

  updateLead(after: Lead): void {
    const before = this.leads.get(after.leadId);
    if (!before) throw new Error(`updateLead: no lead ${after.leadId}`);
    this.rememberMap(this.leads, after.leadId);
    this.leads.set(after.leadId, after);
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
