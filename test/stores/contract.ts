/**
 * The LeadStore contract: what every store (memory, Sheets, PostgreSQL) must do, one suite for all.
 * Each store's test file calls `storeContract` with a factory; stores shared by several processes
 * (Sheets, PostgreSQL) also pass the conflict cases: a second handle on the same storage is another
 * Baton instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyChangeSet, escalationKey, type ChangeSet, type LeadStore, type Snapshot } from '../../src/core/ports.ts';
import type { Lead } from '../../src/domain/types.ts';
import { assignedLead } from '../support/assigned-lead.ts';

export interface StoreFixture {
  store: LeadStore;
  /** Another handle on the same storage, as a second process has (only for shared stores). */
  second?: () => Promise<LeadStore>;
  /** The audit log as stored, oldest first. */
  audit(): Promise<Array<{ event: string; leadId: string; actor: string; detail: string }>>;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** Stores several processes share must refuse a commit decided against a stale read. */
  shared: boolean;
}

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
let seq = 0;

function newLead(overrides: Partial<Lead> = {}): Lead {
  seq += 1;
  const id = `C-${String(seq).padStart(4, '0')}`;
  return assignedLead(T0, {
    leadId: id,
    name: `Lead ${seq}`,
    phone: `62812555${String(seq).padStart(5, '0')}`,
    email: `lead${seq}@example.com`,
    company: 'Toko Maju',
    source: 'contract',
    message: 'hello, = not a formula',
    idempotencyKey: `key-${id}`,
    ...overrides,
  });
}

function change(parts: Partial<ChangeSet>): ChangeSet {
  return { ...emptyChangeSet(), ...parts };
}

function audit(event: string, leadId: string): ChangeSet['audit'][number] {
  return { at: T0, event, leadId, actor: 'contract', detail: `${event} of ${leadId}` };
}

async function conflictOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

export function storeContract(name: string, open: () => Promise<StoreFixture>, options: ContractOptions): void {
  describe(`LeadStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: LeadStore;
    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    }, 60_000);
    afterAll(async () => {
      await fixture?.close();
    });

    it('reads the roster from the spreadsheet and a fresh cursor', async () => {
      const snapshot = await store.load();
      expect(snapshot.roster.map((rep) => [rep.slackId, rep.active])).toEqual([
        ['UAYU', true],
        ['UBIMA', true],
        ['UCITRA', true],
      ]);
      expect(snapshot.cursor).toEqual({ lastIndex: -1, lastSlackId: '' });
    });

    it('commits a new lead, the cursor and its audit row together, and reads them back as written', async () => {
      await store.load();
      const lead = newLead({ phone: '+62 812 (typed)', phoneValid: false, ownerHistory: ['UAYU'] });
      await store.commit(change({ newLeads: [lead], cursor: { lastIndex: 0, lastSlackId: 'UAYU' }, audit: [audit('lead.assigned', lead.leadId)] }));
      const snapshot = await store.load();
      expect(snapshot.leads.get(lead.leadId)).toEqual(lead);
      expect(snapshot.cursor).toEqual({ lastIndex: 0, lastSlackId: 'UAYU' });
      expect(snapshot.leads.keys.idsWithKey(lead.idempotencyKey)).toEqual([lead.leadId]);
      expect((await fixture.audit()).filter((row) => row.leadId === lead.leadId).map((row) => [row.event, row.actor, row.detail])).toEqual([
        ['lead.assigned', 'contract', `lead.assigned of ${lead.leadId}`],
      ]);
    });

    it('updates a lead in place and keeps every other lead as it was', async () => {
      await store.load();
      const [a, b] = [newLead(), newLead()] as [Lead, Lead];
      await store.commit(change({ newLeads: [a, b] }));
      await store.load();
      const contacted: Lead = { ...a, stage: 'CONTACTED', contactedAt: T0 + 60_000, slackChannel: 'D1', slackTs: '111.222' };
      await store.commit(change({ leadUpdates: [{ before: a, after: contacted }], audit: [audit('lead.contacted', a.leadId)] }));
      const snapshot = await store.load();
      expect(snapshot.leads.get(a.leadId)).toEqual(contacted);
      expect(snapshot.leads.get(b.leadId)).toEqual(b);
      expect(snapshot.leads.atStage('CONTACTED').map((lead) => lead.leadId)).toContain(a.leadId);
    });

    it('keeps an escalation mark and other routing state', async () => {
      await store.load();
      const lead = newLead();
      await store.commit(change({ newLeads: [lead] }));
      await store.load();
      await store.commit(change({ stateEntries: [[escalationKey(lead.leadId), '2026-12-01T10:00:00.000Z'], ['reported_rows', 'x']], audit: [audit('lead.escalated', lead.leadId)] }));
      const snapshot = await store.load();
      expect(snapshot.escalated.get(lead.leadId)).toBe('2026-12-01T10:00:00.000Z');
      expect(snapshot.extraState.get('reported_rows')).toBe('x');
    });

    it('finds open leads by phone and email for the duplicate check, closed ones not', async () => {
      await store.load();
      const open = newLead();
      const closed = newLead({ stage: 'CLOSED LOST' });
      await store.commit(change({ newLeads: [open, closed] }));
      const contacts = new Map<string, [string, string]>();
      const snapshot = await store.load({ phones: [open.phone, closed.phone], emails: [open.email] });
      snapshot.leads.eachOpenContact((leadId, phone, email) => contacts.set(leadId, [phone, email]));
      expect(contacts.get(open.leadId)).toEqual([open.phone, open.email]);
      expect(contacts.has(closed.leadId)).toBe(false);
    });

    it('a scoped load sees at least what its scope names: ids, keys and the due NEW leads', async () => {
      await store.load();
      const due = newLead({ assignedAt: T0 - 3 * 3_600_000 });
      const later = newLead({ assignedAt: T0 + 3_600_000 });
      const keyed = newLead({ idempotencyKey: 'provider-123' });
      await store.commit(change({ newLeads: [due, later, keyed] }));
      const byId = await store.load({ leadIds: [due.leadId] });
      expect(byId.leads.get(due.leadId)).toEqual(due);
      const byKey = await store.load({ idempotencyKeys: ['provider-123'] });
      expect(byKey.leads.keys.idsWithKey('provider-123')).toEqual([keyed.leadId]);
      const sweep = await store.load({ dueStartedBy: T0 - 3_600_000 });
      const ids = sweep.leads.atStage('NEW').map((lead) => lead.leadId);
      expect(ids).toContain(due.leadId);
      expect(sweep.leads.size).toBeGreaterThanOrEqual(3);
    });

    it('a sweep load sees an escalated lead a manager gave to someone after its escalation, not one still waiting on managers', async () => {
      await store.load();
      const reassigned = newLead({ assignedAt: T0 - 2 * 3_600_000 });
      const waiting = newLead({ assignedAt: T0 - 5 * 3_600_000 });
      await store.commit(change({ newLeads: [reassigned, waiting] }));
      const escalatedAt = new Date(T0 - 4 * 3_600_000).toISOString();
      await store.load();
      await store.commit(change({ stateEntries: [[escalationKey(reassigned.leadId), escalatedAt], [escalationKey(waiting.leadId), escalatedAt]] }));
      const sweep = await store.load({ dueStartedBy: T0 - 3_600_000 });
      expect(sweep.leads.get(reassigned.leadId)).toEqual(reassigned);
      expect(sweep.escalated.get(reassigned.leadId)).toBe(escalatedAt);
    });

    if (!options.shared) return;

    it('refuses a cursor move decided before another instance moved it (CommitConflict), and writes nothing of it', async () => {
      const other = await fixture.second!();
      await store.load();
      await other.load();
      const mine = newLead();
      const theirs = newLead();
      await other.commit(change({ newLeads: [theirs], cursor: { lastIndex: 1, lastSlackId: 'UBIMA' }, audit: [audit('lead.assigned', theirs.leadId)] }));
      expect(await conflictOf(store.commit(change({ newLeads: [mine], cursor: { lastIndex: 1, lastSlackId: 'UBIMA' }, audit: [audit('lead.assigned', mine.leadId)] })))).toBe(
        'BATON_COMMIT_CONFLICT',
      );
      const snapshot = await store.load();
      expect(snapshot.leads.has(mine.leadId)).toBe(false);
      expect(snapshot.leads.has(theirs.leadId)).toBe(true);
      expect((await fixture.audit()).some((row) => row.leadId === mine.leadId)).toBe(false);
      // Read again, decided again: it goes through.
      await store.commit(change({ newLeads: [mine], cursor: { lastIndex: 2, lastSlackId: 'UCITRA' } }));
      expect((await store.load()).leads.has(mine.leadId)).toBe(true);
    });

    it('escalates a lead once when two instances decide it together', async () => {
      await store.load();
      const lead = newLead({ routeCount: 3 });
      await store.commit(change({ newLeads: [lead] }));
      const other = await fixture.second!();
      await store.load();
      await other.load();
      const mark = change({ stateEntries: [[escalationKey(lead.leadId), 'now']], audit: [audit('lead.escalated', lead.leadId)] });
      const outcomes = await Promise.all([conflictOf(store.commit(mark)), conflictOf(other.commit(structuredClone(mark)))]);
      expect(outcomes.filter((code) => code === undefined)).toHaveLength(1);
      expect(outcomes.filter((code) => code === 'BATON_COMMIT_CONFLICT')).toHaveLength(1);
      expect((await fixture.audit()).filter((row) => row.leadId === lead.leadId && row.event === 'lead.escalated')).toHaveLength(1);
    });

    it('refuses an update of a lead another instance changed since the read', async () => {
      await store.load();
      const lead = newLead();
      await store.commit(change({ newLeads: [lead] }));
      const other = await fixture.second!();
      const read = await store.load();
      await other.load();
      const before = read.leads.get(lead.leadId) as Lead;
      await other.commit(change({ leadUpdates: [{ before, after: { ...before, stage: 'CONTACTED', contactedAt: T0 + 1_000 } }] }));
      const rerouted: Lead = { ...before, salesSlackId: 'UBIMA', assignedSales: 'Bima', routeCount: 1, ownerHistory: ['UAYU', 'UBIMA'] };
      expect(await conflictOf(store.commit(change({ leadUpdates: [{ before, after: rerouted }] })))).toBe('BATON_COMMIT_CONFLICT');
      expect(((await store.load()).leads.get(lead.leadId) as Lead).stage).toBe('CONTACTED');
    });

    it('writes a lead with a given idempotency key once, whichever instance commits it first', async () => {
      const other = await fixture.second!();
      await store.load();
      await other.load();
      const first = newLead({ idempotencyKey: 'form-777' });
      const second = newLead({ idempotencyKey: 'form-777', phone: '62812999000111', email: 'other@example.com' });
      await other.commit(change({ newLeads: [first] }));
      expect(await conflictOf(store.commit(change({ newLeads: [second] })))).toBe('BATON_COMMIT_CONFLICT');
      const snapshot: Snapshot = await store.load({ idempotencyKeys: ['form-777'] });
      expect(snapshot.leads.keys.idsWithKey('form-777')).toEqual([first.leadId]);
    });
  });
}
