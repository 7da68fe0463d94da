import { describe, expect, it } from 'vitest';
import { Book } from '../../src/core/book.ts';
import { decideIntake } from '../../src/domain/decide-intake.ts';
import { STAGES, type Lead } from '../../src/domain/types.ts';
import { CommitConflict } from '../../src/core/commit-conflict.ts';
import { Ledger } from '../../src/core/ledger.ts';
import { MapLeadTable } from '../../src/stores/memory/map-lead-table.ts';
import type { AuditEntry, ChangeSet, Clock, LeadStore, Snapshot } from '../../src/core/ports.ts';
import { cursorAt, lead, NOW, roster, snapshot, START } from '../fixtures/domain.ts';

const audit = (event: string, leadId = ''): AuditEntry => ({ at: NOW, event, leadId, actor: 'baton', detail: event });

describe('Book.attempt', () => {
  const old = lead({ leadId: 'L-OLD', phone: '6280000000001', email: 'old@example.com' });
  const book0 = (): Book => new Book(snapshot({ leads: [old] }));

  it('undoes everything a throwing work did, and keeps what earlier works did', () => {
    const book = book0();
    const first = lead({ leadId: 'L-1', phone: '6281111111111', idempotencyKey: 'k1' });
    const contacted: Lead = { ...old, stage: 'CONTACTED', contactedAt: NOW };

    const value = book.attempt((b) => {
      b.addLead(first);
      b.moveCursor(cursorAt(0, 'UA'));
      b.updateLead(contacted);
      b.audit(audit('lead.created', 'L-1'));
      b.setState('lease_sweep', 'held-by-1');
      return 'first done';
    });
    expect(value).toBe('first done');

    const second = lead({ leadId: 'L-2', phone: '6282222222222', email: 'two@example.com', idempotencyKey: 'k2' });
    const boom = new Error('boom');
    expect(() =>
      book.attempt((b) => {
        b.addLead(second);
        b.moveCursor(cursorAt(1, 'UB'));
        b.updateLead({ ...first, salesSlackId: 'UB', phone: '6289999999999' });
        b.updateLead({ ...contacted, stage: 'QUALIFIED' });
        b.updateLead({ ...second, stage: 'CLOSED LOST' });
        b.audit(audit('lead.created', 'L-2'));
        b.audit(audit('lead.rerouted', 'L-1'));
        b.setState('escalated_L-OLD', '2026-11-25T07:00:00.000Z');
        b.setState('lease_sweep', 'held-by-2');
        b.setState('marker', 'x');
        throw boom;
      }),
    ).toThrow(boom);

    // the view is as the first work left it
    expect(book.hasLead('L-2')).toBe(false);
    expect(book.lead('L-2')).toBeUndefined();
    expect(book.lead('L-1')).toBe(first);
    expect(book.lead('L-OLD')).toBe(contacted);
    expect(book.cursor).toEqual(cursorAt(0, 'UA'));
    expect(book.escalated.has('L-OLD')).toBe(false);
    expect(book.extraState.get('lease_sweep')).toBe('held-by-1');
    expect(book.extraState.has('marker')).toBe(false);
    expect([...book.leadsAtStage('NEW'), ...book.leadsAtStage('CONTACTED')].map((one) => one.leadId).sort()).toEqual(['L-1', 'L-OLD']);
    expect(book.leadCount).toBe(2);
    // lookups do not find what was undone, even though index entries may linger
    expect(book.byIdempotencyKey('k2')).toBeUndefined();
    expect(book.openByPhone('6282222222222')).toBeUndefined();
    expect(book.openByEmail('two@example.com')).toBeUndefined();
    expect(book.openByPhone('6289999999999')).toBeUndefined();
    expect(book.openByPhone('6281111111111')).toBe(first);
    expect(book.byIdempotencyKey('k1')).toBe(first);

    // and so is what will be committed
    expect(book.takeChanges()).toEqual({
      newLeads: [first],
      leadUpdates: [{ before: old, after: contacted }],
      cursor: cursorAt(0, 'UA'),
      stateEntries: [['lease_sweep', 'held-by-1']],
      audit: [audit('lead.created', 'L-1')],
    });
  });

  it('a work after a failed one records normally', () => {
    const book = book0();
    expect(() =>
      book.attempt((b) => {
        b.addLead(lead({ leadId: 'L-X' }));
        throw new Error('no');
      }),
    ).toThrow('no');
    book.attempt((b) => b.addLead(lead({ leadId: 'L-Y' })));
    const change = book.takeChanges();
    expect(change.newLeads.map((one) => one.leadId)).toEqual(['L-Y']);
    expect(change.cursor).toBeUndefined();
  });

  it('a first work that throws leaves an empty change set and the snapshot untouched', () => {
    const snap = snapshot({ leads: [old], cursor: cursorAt(2, 'UC') });
    const book = new Book(snap);
    expect(() =>
      book.attempt((b) => {
        b.moveCursor(cursorAt(0, 'UA'));
        b.updateLead({ ...old, stage: 'CONTACTED' });
        b.setState('escalated_L-OLD', 'now');
        b.audit(audit('x'));
        throw new Error('fail');
      }),
    ).toThrow('fail');
    expect(book.cursor).toEqual(cursorAt(2, 'UC'));
    expect(book.lead('L-OLD')).toBe(old);
    expect(book.takeChanges()).toEqual({ newLeads: [], leadUpdates: [], stateEntries: [], audit: [] });
    expect(snap.leads.get('L-OLD')).toBe(old);
    expect(snap.escalated.size).toBe(0);
  });

  it('updating a lead added in the same batch rewrites the new row instead of patching it', () => {
    const book = book0();
    const fresh = lead({ leadId: 'L-N' });
    book.attempt((b) => b.addLead(fresh));
    book.attempt((b) => b.updateLead({ ...fresh, slackChannel: 'D1', slackTs: '1.1' }));
    book.attempt((b) => b.updateLead({ ...old, stage: 'CONTACTED' }));
    book.attempt((b) => b.updateLead({ ...old, stage: 'CONTACTED', contactedAt: NOW }));
    const change = book.takeChanges();
    expect(change.newLeads).toEqual([{ ...fresh, slackChannel: 'D1', slackTs: '1.1' }]);
    expect(change.leadUpdates).toEqual([{ before: old, after: { ...old, stage: 'CONTACTED', contactedAt: NOW } }]);
  });

  it('updating an unknown lead throws and changes nothing', () => {
    const book = book0();
    expect(() => book.attempt((b) => b.updateLead(lead({ leadId: 'L-GHOST' })))).toThrow(/L-GHOST/);
    expect(book.takeChanges().leadUpdates).toEqual([]);
  });

  it('lookups only find open leads with the current values', () => {
    const book = book0();
    expect(book.openByPhone(old.phone)).toBe(old);
    book.attempt((b) => b.updateLead({ ...old, stage: 'CLOSED LOST' }));
    expect(book.openByPhone(old.phone)).toBeUndefined();
    expect(book.openByEmail(old.email)).toBeUndefined();
    book.attempt((b) => b.updateLead({ ...old, stage: 'NEW', phone: '6287777777777' }));
    expect(book.openByPhone(old.phone)).toBeUndefined();
    expect(book.openByPhone('6287777777777')?.leadId).toBe('L-OLD');
  });

  it('shows the table with its own changes on top, and never changes the table', () => {
    const contacted = lead({ leadId: 'L-CON', stage: 'CONTACTED', phone: '6283333333333', email: 'con@example.com' });
    const snap = snapshot({ leads: [old, contacted] });
    const book = new Book(snap);
    const added = lead({ leadId: 'L-ADD', phone: '6284444444444', idempotencyKey: 'k-add' });
    book.attempt((b) => {
      b.addLead(added);
      b.updateLead({ ...old, stage: 'CONTACTED' });
    });
    expect(book.leadsAtStage('NEW').map((one) => one.leadId)).toEqual(['L-ADD']);
    expect(book.leadsAtStage('CONTACTED').map((one) => one.leadId).sort()).toEqual(['L-CON', 'L-OLD']);
    expect(book.leadCount).toBe(3);
    // The phone index is built on first use, from the table and the changes made before it.
    expect(book.openByPhone('6284444444444')).toBe(added);
    expect(book.openByPhone(contacted.phone)).toBe(contacted);
    expect(book.byIdempotencyKey('k-add')).toBe(added);
    book.attempt((b) => b.updateLead({ ...contacted, stage: 'QUALIFIED' }));
    expect(book.openByPhone(contacted.phone)).toBeUndefined();
    expect([snap.leads.get('L-OLD'), snap.leads.get('L-CON'), snap.leads.has('L-ADD')]).toEqual([old, contacted, false]);
  });
});

// ---------------------------------------------------------------------------------------------

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Lets pending promise callbacks and timers-free async steps run. */
async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((done) => setImmediate(done));
}

/** A LeadStore in memory: loads clone its snapshot, commits apply and are recorded; both can be held or made to fail. */
class TestStore implements LeadStore {
  state: Snapshot;
  readonly commits: ChangeSet[] = [];
  readonly audit: AuditEntry[] = [];
  loads = 0;
  commitCalls = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** When set, each commit waits for its own release (see `held`). */
  hold = false;
  readonly held: Deferred[] = [];
  /** Commit call numbers (1-based) that fail. */
  failCommits = new Set<number>();
  failLoads = 0;

  /** Kept apart from the snapshot: a snapshot's LeadTable is read-only. */
  leads: Map<string, Lead>;

  constructor(initial: Snapshot) {
    this.state = initial;
    this.leads = new Map(STAGES.flatMap((stage) => initial.leads.atStage(stage)).map((one) => [one.leadId, one]));
  }

  async load(): Promise<Snapshot> {
    this.loads += 1;
    await Promise.resolve();
    if (this.failLoads > 0) {
      this.failLoads -= 1;
      throw new Error('sheets unavailable (load)');
    }
    const { leads: _table, ...rest } = this.state;
    return { ...structuredClone(rest), leads: MapLeadTable.of(structuredClone([...this.leads.values()])) };
  }

  async commit(change: ChangeSet): Promise<void> {
    this.commitCalls += 1;
    const call = this.commitCalls;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hold) {
        const gate = deferred();
        this.held.push(gate);
        await gate.promise;
      } else {
        await Promise.resolve();
      }
      if (this.failCommits.has(call)) throw new Error(`sheets unavailable (commit ${call})`);
      const copy = structuredClone(change);
      for (const one of copy.newLeads) this.leads.set(one.leadId, one);
      for (const { after } of copy.leadUpdates) this.leads.set(after.leadId, after);
      if (copy.cursor) this.state.cursor = copy.cursor;
      for (const [key, value] of copy.stateEntries) {
        if (key.startsWith('escalated_')) this.state.escalated.set(key.slice('escalated_'.length), value);
        else this.state.extraState.set(key, value);
      }
      this.audit.push(...copy.audit);
      this.commits.push(copy);
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Releases the oldest held commit. */
  release(): void {
    const gate = this.held.shift();
    if (!gate) throw new Error('no held commit');
    gate.resolve();
  }
}

function manualClock(at = NOW): Clock & { at: number } {
  return {
    at,
    now() {
      return this.at;
    },
  };
}

/** A work that writes one new lead, assigned round-robin, like an intake. */
function intakeWork(leadId: string) {
  return (book: Book): string => {
    const decision = decideIntake({
      draft: { name: leadId, emailValid: true, phoneRaw: '', email: `${leadId.toLowerCase()}@example.com`, company: '', source: '', message: '', submissionId: '' },
      idempotencyKey: `idem-${leadId}`,
      leadId,
      now: NOW,
      defaultCountry: 'ID',
      roster: book.roster,
      cursor: book.cursor,
      lookup: book,
    });
    if (decision.kind !== 'create') return decision.existing.leadId;
    book.addLead(decision.lead);
    book.moveCursor(decision.cursor);
    book.audit(audit('lead.created', leadId));
    return decision.lead.salesSlackId;
  };
}

describe('Book.openNewByOwner (max_open)', () => {
  const a = lead({ leadId: 'L-A', salesSlackId: 'UA', stage: 'NEW' });
  const b = lead({ leadId: 'L-B', salesSlackId: 'UB', stage: 'NEW' });

  it('counts the NEW leads it holds when the read held every lead', () => {
    const book = new Book(snapshot({ leads: [a, b, lead({ leadId: 'L-C', salesSlackId: 'UA', stage: 'CONTACTED' })] }));
    book.updateLead({ ...b, stage: 'CONTACTED' });
    expect(book.openNewByOwner()).toEqual(new Map([['UA', 1]]));
  });

  it('starts from the store\'s whole-table counts after a scoped read, and moves only what the batch changed', () => {
    const read = snapshot({ leads: [a, b] });
    const scoped: Snapshot = { ...read, leads: Object.assign(read.leads, { openByOwner: new Map([['UA', 5], ['UB', 2]]) }) };
    const book = new Book(scoped);
    book.updateLead({ ...a, salesSlackId: 'UB' });
    const unit = book.attempt((inner) => {
      inner.addLead(lead({ leadId: 'L-N', salesSlackId: 'UC', stage: 'NEW' }));
      inner.updateLead({ ...b, stage: 'CONTACTED' });
      return inner.openNewByOwner();
    });
    expect(unit).toEqual(new Map([['UA', 4], ['UB', 2], ['UC', 1]]));
  });
});

describe('Ledger: group commit', () => {
  it('50 concurrent works -> 2 commits, each promise settles only after its own commit', async () => {
    const store = new TestStore(snapshot({ roster: roster('UA UB UC') }));
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    store.hold = true;
    const settled: string[] = [];
    const ids = Array.from({ length: 50 }, (_, i) => `L-${String(i).padStart(2, '0')}`);
    const promises = ids.map((id) => ledger.transact(intakeWork(id)).then((owner) => (settled.push(id), owner)));

    await settle();
    expect(store.held).toHaveLength(1);
    expect(settled).toEqual([]);

    store.release();
    await settle();
    expect(settled).toEqual(['L-00']);
    expect(store.commits).toHaveLength(1);
    expect(store.held).toHaveLength(1);

    store.release();
    const owners = await Promise.all(promises);
    expect(settled).toHaveLength(50);
    expect(store.commits.map((change) => change.newLeads.length)).toEqual([1, 49]);
    expect(store.commits[1]?.newLeads.map((one) => one.leadId)).toEqual(ids.slice(1));
    expect(store.maxInFlight).toBe(1);
    expect(ledger.stats).toMatchObject({ loads: 1, commits: 2, batches: 2 });

    // fair and consistent: 50 rows, 50 ids, per-rep counts within 1, cursor on the last owner
    expect(store.leads.size).toBe(50);
    const counts = ['UA', 'UB', 'UC'].map((id) => owners.filter((owner) => owner === id).length);
    expect(counts).toEqual([17, 17, 16]);
    expect(store.state.cursor).toEqual({ lastIndex: 1, lastSlackId: 'UB' });
    expect(owners[49]).toBe('UB');
    expect(store.audit).toHaveLength(50);
  });

  it('maxBatch caps how many works share a commit', async () => {
    const store = new TestStore(snapshot());
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000, maxBatch: 10 });
    await Promise.all(Array.from({ length: 31 }, (_, i) => ledger.transact(intakeWork(`L-${i}`))));
    expect(store.commits.map((change) => change.newLeads.length)).toEqual([1, 10, 10, 10]);
  });

  it('a work that throws is rejected alone; the rest of its batch commits without its changes', async () => {
    const store = new TestStore(snapshot());
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    store.hold = true;
    const first = ledger.transact(intakeWork('L-A'));
    const good1 = ledger.transact(intakeWork('L-B'));
    const bad = ledger.transact((book) => {
      intakeWork('L-BAD')(book);
      throw new Error('work failed');
    });
    const good2 = ledger.transact(intakeWork('L-C'));
    await settle();
    store.release();
    await settle();
    store.release();
    await expect(bad).rejects.toThrow('work failed');
    expect(await Promise.all([first, good1, good2])).toEqual(['UA', 'UB', 'UC']);
    expect([...store.leads.keys()]).toEqual(['L-A', 'L-B', 'L-C']);
    expect(store.audit.map((entry) => entry.leadId)).toEqual(['L-A', 'L-B', 'L-C']);
  });

  it('a failing commit rejects every work in its batch and forces a fresh load', async () => {
    const store = new TestStore(snapshot({ roster: roster('UA UB UC') }));
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    store.hold = true;
    store.failCommits.add(2);
    const first = ledger.transact(intakeWork('L-1'));
    const batch = ['L-2', 'L-3', 'L-4'].map((id) => ledger.transact(intakeWork(id)));
    const throwing = ledger.transact(() => {
      throw new Error('own error');
    });
    await settle();
    store.release();
    await settle();
    store.release();
    expect(await first).toBe('UA');
    const outcomes = await Promise.allSettled([...batch, throwing]);
    expect(outcomes.map((one) => (one.status === 'rejected' ? (one.reason as Error).message : one.status))).toEqual([
      'sheets unavailable (commit 2)',
      'sheets unavailable (commit 2)',
      'sheets unavailable (commit 2)',
      'own error',
    ]);
    expect(ledger.stats.loads).toBe(1);
    expect([...store.leads.keys()]).toEqual(['L-1']);

    // the next work reads the sheet again and decides against what is really there
    store.hold = false;
    const seen = await ledger.transact((book) => ({ leads: book.leadsAtStage('NEW').map((one) => one.leadId), cursor: book.cursor }));
    expect(store.loads).toBe(2);
    expect(seen).toEqual({ leads: ['L-1'], cursor: cursorAt(0, 'UA') });
    expect(await ledger.transact(intakeWork('L-2'))).toBe('UB');
  });

  it('commits refused as conflicts again and again: the works are rejected as retryable, so callers journal them', async () => {
    const store = new TestStore(snapshot({ roster: roster('UA UB') }));
    const refused: string[] = [];
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000, onLockOutcome: (ok, detail) => refused.push(`${ok} ${detail}`) });
    store.commit = async () => {
      throw new CommitConflict('lock taken by another process');
    };
    const error = (await ledger.transact(intakeWork('L-1')).then(() => undefined, (failure: unknown) => failure)) as (Error & { retryable?: boolean }) | undefined;
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe('gave up after 5 refused commits (last: lock taken by another process)');
    expect(error?.retryable).toBe(true);
    expect(refused).toEqual(['false gave up after 5 refused commits (last: lock taken by another process)']);
  });

  it('a failing load rejects the batch and the next work tries again', async () => {
    const store = new TestStore(snapshot());
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    store.failLoads = 1;
    await expect(ledger.transact(intakeWork('L-1'))).rejects.toThrow('sheets unavailable (load)');
    expect(await ledger.transact(intakeWork('L-1'))).toBe('UA');
    expect(store.loads).toBe(2);
  });

  it('remembers the idempotency keys it read or wrote through a failed reload', async () => {
    const store = new TestStore(snapshot({ leads: [lead({ leadId: 'L-SEEN', idempotencyKey: 'k-seen' })] }));
    const clock = manualClock();
    const ledger = new Ledger(store, clock, { maxAgeMs: 60_000 });
    expect(ledger.committedIdForKey('k-seen')).toBeUndefined();
    await ledger.transact(intakeWork('L-1'));
    store.failLoads = 1;
    await expect(ledger.refresh()).rejects.toThrow('sheets unavailable (load)');
    expect(ledger.committedIdForKey('k-seen')).toBe('L-SEEN');
    expect(ledger.committedIdForKey('idem-L-1')).toBe('L-1');
    expect(ledger.committedIdForKey('k-other')).toBeUndefined();
  });

  it('a work that changes nothing commits nothing but still resolves', async () => {
    const store = new TestStore(snapshot({ leads: [lead({ leadId: 'L-R' })] }));
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    expect(await ledger.transact((book) => book.lead('L-R')?.leadId)).toBe('L-R');
    expect(store.commitCalls).toBe(0);
    expect(ledger.stats.commits).toBe(0);
  });
});

describe('Ledger: cache age', () => {
  it('reuses the view within maxAgeMs and reloads after, by the injected clock', async () => {
    const store = new TestStore(snapshot());
    const clock = manualClock();
    const ledger = new Ledger(store, clock, { maxAgeMs: 60_000 });
    expect(ledger.cacheAgeMs).toBe(Number.POSITIVE_INFINITY);
    await ledger.transact(() => undefined);
    expect(store.loads).toBe(1);
    clock.at += 60_000;
    expect(ledger.cacheAgeMs).toBe(60_000);
    await ledger.transact(() => undefined);
    expect(store.loads).toBe(1);
    clock.at += 1;
    await ledger.transact(() => undefined);
    expect(store.loads).toBe(2);
    expect(ledger.cacheAgeMs).toBe(0);
  });

  it('fresh: true reads again and sees an admin edit made behind its back', async () => {
    const store = new TestStore(snapshot({ roster: roster('UA UB') }));
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    expect(await ledger.transact(intakeWork('L-1'))).toBe('UA');
    store.state.roster = roster('UA UB! UC');
    expect(await ledger.transact((book) => book.roster.filter((one) => one.active).length)).toBe(2);
    expect(store.loads).toBe(1);
    expect(await ledger.transact(intakeWork('L-2'), { fresh: true })).toBe('UC');
    expect(store.loads).toBe(2);
    await ledger.refresh();
    expect(store.loads).toBe(3);
  });

  it('one fresh work in a batch makes the whole batch read first', async () => {
    const store = new TestStore(snapshot());
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    await ledger.transact(intakeWork('L-1'));
    store.hold = true;
    const holding = ledger.transact(intakeWork('L-2'));
    await settle();
    const batch = [ledger.transact(intakeWork('L-3')), ledger.transact(() => 'x', { fresh: true }), ledger.transact(intakeWork('L-4'))];
    store.release();
    await settle();
    store.release();
    await Promise.all([holding, ...batch]);
    expect(store.loads).toBe(2);
    expect(ledger.stats.batches).toBe(3);
    expect([...store.leads.keys()]).toEqual(['L-1', 'L-2', 'L-3', 'L-4']);
  });

  it('invalidate() drops the view', async () => {
    const store = new TestStore(snapshot({ cursor: START }));
    const ledger = new Ledger(store, manualClock(), { maxAgeMs: 60_000 });
    await ledger.transact(() => undefined);
    ledger.invalidate();
    await ledger.transact(() => undefined);
    expect(store.loads).toBe(2);
  });
});
