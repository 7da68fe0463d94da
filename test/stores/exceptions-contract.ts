/**
 * Issue 13's part of the LeadStore contract: the exceptions tab/table and the lead fields after
 * CONTACTED. Every store runs it (memory and Sheets here; PostgreSQL: call `exceptionsContract`
 * with its factory). Plain data in, the same data out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyChangeSet, type ChangeSet, type LeadStore } from '../../src/core/ports.ts';
import { newException, type LeadException } from '../../src/domain/exceptions.ts';
import type { Lead } from '../../src/domain/types.ts';
import { assignedLead } from '../support/assigned-lead.ts';

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
let seq = 0;

function newLead(overrides: Partial<Lead> = {}): Lead {
  seq += 1;
  const id = `XC-${String(seq).padStart(4, '0')}`;
  return assignedLead(T0, {
    leadId: id,
    name: `Lead ${seq}`,
    phone: `62812777${String(seq).padStart(5, '0')}`,
    email: `x${seq}@example.com`,
    source: 'contract',
    idempotencyKey: `xkey-${id}`,
    ...overrides,
  });
}

const change = (parts: Partial<ChangeSet>): ChangeSet => ({ ...emptyChangeSet(), ...parts });

export function exceptionsContract(name: string, open: () => Promise<{ store: LeadStore; close(): Promise<void> }>): void {
  describe(`${name}: exceptions and stage fields (issue 13)`, () => {
    let store: LeadStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => {
      await close();
    });

    const exceptionsNow = async () => (await store.load()).exceptions ?? [];

    it('keeps an opened exception and its later changes in place, one row each', async () => {
      const lead = newLead();
      const opened = newException({ exceptionId: `X-${lead.leadId}`, leadId: lead.leadId, kind: 'missing_fields', detail: 'missing: name; form fields: Kota, Nomor HP', now: T0 });
      const other = newException({ exceptionId: `X-${lead.leadId}-2`, leadId: lead.leadId, kind: 'no_eligible_rep', detail: 'nobody', now: T0 + 1000 });
      await store.load();
      await store.commit(change({ newLeads: [lead], exceptions: [{ before: null, after: opened }, { before: null, after: other }] }));
      expect((await exceptionsNow()).filter((e) => e.leadId === lead.leadId)).toEqual([opened, other]);

      const acked: LeadException = { ...opened, acknowledgedAt: T0 + 60_000, acknowledgedBy: 'UMGR', slackMessages: 'D1:1.2 C9:3.4' };
      await store.commit(change({ exceptions: [{ before: opened, after: acked }] }));
      const resolved: LeadException = { ...acked, resolvedAt: T0 + 120_000, resolvedBy: 'UMGR', resolution: 'dismissed', cause: 'junk: bot', ackRemindedAt: T0 + 30 * 60_000 };
      const third = newException({ exceptionId: `X-${lead.leadId}-3`, leadId: lead.leadId, kind: 'review', detail: 'rule 1', now: T0 + 2000 });
      await store.load();
      await store.commit(change({ exceptions: [{ before: acked, after: resolved }, { before: null, after: third }] }));
      const mine = (await exceptionsNow()).filter((e) => e.leadId === lead.leadId);
      expect(mine).toHaveLength(3);
      expect(mine.find((e) => e.exceptionId === opened.exceptionId)).toEqual(resolved);
      expect(mine.find((e) => e.exceptionId === third.exceptionId)).toEqual(third);
    });

    it('an exception without a lead (an unreadable row without lead_id) is kept too', async () => {
      const row = newException({ exceptionId: 'X-ROW-1', leadId: '', kind: 'unreadable_row', detail: 'unknown stage "maybe"', now: T0 });
      await store.load();
      await store.commit(change({ exceptions: [{ before: null, after: row }] }));
      expect((await exceptionsNow()).find((e) => e.exceptionId === 'X-ROW-1')).toEqual(row);
    });

    it('round-trips the after-CONTACTED lead fields, and a lead without them reads back without them', async () => {
      const plain = newLead();
      const later = newLead({ stage: 'CONTACTED', contactedAt: T0 + 5 * 60_000, remindedAt: T0 + 45 * 60_000 });
      await store.load();
      await store.commit(change({ newLeads: [plain, later] }));
      const qualified: Lead = { ...later, stage: 'QUALIFIED', qualifiedAt: T0 + 3_600_000, handoffNotes: 'budget ok\nwants a demo', handoffTo: 'UBIMA', salesSlackId: 'UBIMA', assignedSales: 'Bima', ownerHistory: ['UAYU', 'UBIMA'] };
      await store.commit(change({ leadUpdates: [{ before: later, after: qualified }] }));
      let snapshot = await store.load();
      expect(snapshot.leads.get(plain.leadId)).toEqual(plain);
      expect(snapshot.leads.get(later.leadId)).toEqual(qualified);
      const lost: Lead = { ...plain, stage: 'CLOSED LOST', closedAt: T0 + 7_200_000, lostReason: 'not_interested: chose a competitor' };
      await store.commit(change({ leadUpdates: [{ before: plain, after: lost }] }));
      snapshot = await store.load();
      expect(snapshot.leads.get(plain.leadId)).toEqual(lost);
    });
  });
}
