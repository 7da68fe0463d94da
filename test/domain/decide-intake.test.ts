import { describe, expect, it } from 'vitest';
import { Book } from '../../src/core/book.ts';
import { decideIntake, type IntakeDecision, type IntakeInput, type LeadLookup } from '../../src/domain/decide-intake.ts';
import { draftFromFields, type LeadDraft } from '../../src/domain/intake.ts';
import { OPEN_STAGES, STAGES, type Lead, type Rep, type RoutingCursor, type Stage } from '../../src/domain/types.ts';
import { cursorAt, deepFreeze, lead, NOW, roster, snapshot, START } from '../fixtures/domain.ts';

function draft(fields: Record<string, unknown>): LeadDraft {
  const result = draftFromFields(fields);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

interface Case {
  fields: Record<string, unknown>;
  existing?: Lead[];
  idempotencyKey?: string;
  reps?: Rep[];
  cursor?: RoutingCursor;
}

function decide(c: Case): IntakeDecision {
  const reps = c.reps ?? roster('UA UB UC');
  const cursor = c.cursor ?? START;
  const book = new Book(snapshot({ roster: reps, cursor, leads: c.existing ?? [] }));
  const data: Omit<IntakeInput, 'lookup'> = {
    draft: draft(c.fields),
    idempotencyKey: c.idempotencyKey ?? '',
    leadId: 'L-NEW',
    now: NOW,
    defaultCountry: 'ID',
    roster: reps,
    cursor,
  };
  // The data is frozen; the lookup is a port whose indexes are built on first use.
  return decideIntake({ ...deepFreeze(data), lookup: book });
}

function created(decision: IntakeDecision): Extract<IntakeDecision, { kind: 'create' }> {
  if (decision.kind !== 'create') throw new Error(`expected create, got duplicate of ${decision.existing.leadId} by ${decision.matchedBy}`);
  return decision;
}

const BUDI = { name: 'Budi', phone: '0812-3456-7890', email: 'budi@example.com' };

describe('decideIntake: idempotency', () => {
  it.each(STAGES.map((stage) => [stage]))('a known key wins over phone and email, whatever the stage (%s)', (stage) => {
    const keyed = lead({ leadId: 'L-KEY', stage, idempotencyKey: 'idem-1', phone: '6289999999999' });
    const samePhone = lead({ leadId: 'L-PHONE', phone: '6281234567890' });
    const sameEmail = lead({ leadId: 'L-EMAIL', email: 'budi@example.com' });
    const decision = decide({ fields: BUDI, idempotencyKey: 'idem-1', existing: [samePhone, sameEmail, keyed] });
    expect(decision).toMatchObject({ kind: 'duplicate', matchedBy: 'idempotency_key', existing: { leadId: 'L-KEY' } });
    expect(decision.reason).toContain('L-KEY');
  });

  it('the form provider submission id is the key when no header carries one', () => {
    const keyed = lead({ leadId: 'L-SUB', idempotencyKey: 'sub-77', stage: 'QUALIFIED' });
    expect(decide({ fields: { ...BUDI, submission_id: 'sub-77' }, existing: [keyed] })).toMatchObject({
      kind: 'duplicate',
      matchedBy: 'idempotency_key',
      existing: { leadId: 'L-SUB' },
    });
  });

  it('the header key is stored with a new lead and beats the submission id', () => {
    const keyed = lead({ leadId: 'L-SUB', idempotencyKey: 'sub-77', phone: '6280000000000' });
    const decision = created(decide({ fields: { name: 'Budi', phone: '0813-1111-2222', submission_id: 'sub-77' }, idempotencyKey: 'hdr-1', existing: [keyed] }));
    expect(decision.lead.idempotencyKey).toBe('hdr-1');
  });

  it('the submission id is stored when it is the key', () => {
    expect(created(decide({ fields: { ...BUDI, submission_id: 'sub-9' } })).lead.idempotencyKey).toBe('sub-9');
  });

  it('an unknown key is no duplicate', () => {
    const keyed = lead({ leadId: 'L-KEY', idempotencyKey: 'idem-1', phone: '6280000000000' });
    expect(decide({ fields: BUDI, idempotencyKey: 'idem-2', existing: [keyed] }).kind).toBe('create');
  });

  it('no key at all never matches a lead stored without one', () => {
    const unkeyed = lead({ leadId: 'L-NOKEY', idempotencyKey: '', phone: '6280000000000' });
    expect(decide({ fields: BUDI, existing: [unkeyed] }).kind).toBe('create');
  });
});

describe('decideIntake: dedupe against open leads', () => {
  it.each<[string, Record<string, unknown>, Stage, 'duplicate' | 'create', 'phone' | 'email' | undefined]>([
    ['same phone, NEW', { name: 'B', phone: '+62 812 3456 7890' }, 'NEW', 'duplicate', 'phone'],
    ['same phone, CONTACTED', { name: 'B', phone: '081234567890' }, 'CONTACTED', 'duplicate', 'phone'],
    ['same phone without +', { name: 'B', phone: '6281234567890' }, 'NEW', 'duplicate', 'phone'],
    ['same phone, QUALIFIED', { name: 'B', phone: '0812-3456-7890' }, 'QUALIFIED', 'create', undefined],
    ['same phone, CLOSED LOST', { name: 'B', phone: '0812-3456-7890' }, 'CLOSED LOST', 'create', undefined],
    ['same email, NEW', { name: 'B', email: 'BUDI@example.com' }, 'NEW', 'duplicate', 'email'],
    ['same email, CONTACTED', { name: 'B', email: 'budi@example.com' }, 'CONTACTED', 'duplicate', 'email'],
    ['same email, CLOSED LOST', { name: 'B', email: 'budi@example.com' }, 'CLOSED LOST', 'create', undefined],
    ['other phone and email', { name: 'B', phone: '0813-9999-0000', email: 'other@example.com' }, 'NEW', 'create', undefined],
  ])('%s -> %s', (_label, fields, stage, kind, matchedBy) => {
    const existing = lead({ leadId: 'L-OLD', stage, phone: '6281234567890', email: 'budi@example.com' });
    const decision = decide({ fields, existing: [existing] });
    expect(decision.kind).toBe(kind);
    if (decision.kind === 'duplicate') {
      expect(decision.matchedBy).toBe(matchedBy);
      expect(decision.existing.leadId).toBe('L-OLD');
      expect(decision.reason).toContain('L-OLD');
      expect(decision.reason).toContain(stage);
    }
  });

  it('the open lead is found even when a closed one has the same phone', () => {
    const closed = lead({ leadId: 'L-CLOSED', stage: 'CLOSED LOST', phone: '6281234567890' });
    const open = lead({ leadId: 'L-OPEN', stage: 'CONTACTED', phone: '6281234567890' });
    expect(decide({ fields: BUDI, existing: [closed, open] })).toMatchObject({ kind: 'duplicate', existing: { leadId: 'L-OPEN' } });
  });

  it('an invalid email is not used for dedupe', () => {
    const existing = lead({ leadId: 'L-OLD', email: 'budi at example', phone: '6280000000000' });
    const decision = created(decide({ fields: { name: 'B', phone: '0813-1111-2222', email: 'budi at example' }, existing: [existing] }));
    expect(decision.lead.email).toBe('budi at example');
    expect(decision.reason).toMatch(/email "budi at example" looks wrong/);
  });

  it('OPEN_STAGES are exactly NEW and CONTACTED', () => {
    expect([...OPEN_STAGES].sort()).toEqual(['CONTACTED', 'NEW']);
  });

  it('a lead created earlier in the same batch is seen by the next decision', () => {
    const reps = roster('UA UB');
    const book = new Book(snapshot({ roster: reps }));
    const input = (leadId: string): IntakeInput => ({
      draft: draft(BUDI),
      idempotencyKey: '',
      leadId,
      now: NOW,
      defaultCountry: 'ID',
      roster: reps,
      cursor: book.cursor,
      lookup: book,
    });
    const first = created(decideIntake(input('L-1')));
    book.addLead(first.lead);
    book.moveCursor(first.cursor);
    expect(decideIntake(input('L-2'))).toMatchObject({ kind: 'duplicate', matchedBy: 'phone', existing: { leadId: 'L-1' } });
  });

  it.each([
    ['12345', '12345'],
    ['the same junk', 'call me 0812'],
    ['digits gathered from around other text', '0812 =1+1'],
  ])('an invalid phone never makes a duplicate (%s)', (_label, phone) => {
    const stored = created(decide({ fields: { name: 'A', phone, email: 'a@example.com' } })).lead;
    const existing = { ...stored, leadId: 'L-OLD' };
    const decision = created(decide({ fields: { name: 'B', phone, email: 'b@example.com' }, existing: [existing] }));
    expect(decision.lead).toMatchObject({ phone: stored.phone, phoneValid: false });
  });

  it('an open lead whose phone is flagged invalid is never matched by a valid number', () => {
    const existing = lead({ leadId: 'L-OLD', phone: '6281234567890', phoneValid: false });
    expect(created(decide({ fields: { name: 'B', phone: '0812-3456-7890' }, existing: [existing] })).lead.phone).toBe('6281234567890');
  });

  it('works against any LeadLookup, in the documented order', () => {
    const calls: string[] = [];
    const open = lead({ leadId: 'L-ANY' });
    const lookup: LeadLookup = {
      byIdempotencyKey: (key) => (calls.push(`key:${key}`), undefined),
      openByPhone: (digits) => (calls.push(`phone:${digits}`), undefined),
      openByEmail: (email) => (calls.push(`email:${email}`), open),
    };
    const decision = decideIntake({ draft: draft(BUDI), idempotencyKey: 'k', leadId: 'L-X', now: NOW, defaultCountry: 'ID', roster: roster('UA'), cursor: START, lookup });
    expect(decision).toMatchObject({ kind: 'duplicate', matchedBy: 'email' });
    expect(calls).toEqual(['key:k', 'phone:6281234567890', 'email:budi@example.com']);
  });
});

describe('decideIntake: a new lead', () => {
  it('is assigned round-robin with everything set', () => {
    const decision = created(
      decide({ fields: { ...BUDI, company: 'PT Maju', source: 'ads', message: 'hi\nthere' }, idempotencyKey: 'idem-9', cursor: cursorAt(0, 'UA') }),
    );
    expect(decision.assignedTo?.slackId).toBe('UB');
    expect(decision.cursor).toEqual({ lastIndex: 1, lastSlackId: 'UB' });
    expect(decision.reason).toContain('3 active');
    expect(decision.lead).toEqual({
      leadId: 'L-NEW',
      name: 'Budi',
      phone: '6281234567890',
      phoneValid: true,
      email: 'budi@example.com',
      company: 'PT Maju',
      source: 'ads',
      message: 'hi\nthere',
      stage: 'NEW',
      assignedSales: 'rep UB',
      salesSlackId: 'UB',
      routeCount: 0,
      createdAt: NOW,
      assignedAt: NOW,
      lastRoutedAt: null,
      contactedAt: null,
      idempotencyKey: 'idem-9',
      slackChannel: '',
      slackTs: '',
      ownerHistory: ['UB'],
    });
  });

  it.each([
    ['empty roster', ''],
    ['everyone switched off', 'UA! UB!'],
  ])('no active rep (%s) -> still created, unassigned, cursor unchanged', (_label, spec) => {
    const cursor = cursorAt(1, 'UB');
    const decision = created(decide({ fields: BUDI, reps: roster(spec), cursor }));
    expect(decision.assignedTo).toBeUndefined();
    expect(decision.cursor).toEqual(cursor);
    expect(decision.reason).toMatch(/no active rep/);
    expect(decision.lead).toMatchObject({ stage: 'NEW', assignedSales: '', salesSlackId: '', assignedAt: null, ownerHistory: [], routeCount: 0, createdAt: NOW });
  });

  it.each([
    ['12345', '12345'],
    ['4155552671', '4155552671'],
    ['call 0812 now pls 99', 'call 0812 now pls 99'],
    ['abcdefg', 'abcdefg'],
    ['+62 812 3456 7813\n=1+1', '+62 812 3456 7813 =1+1'],
  ])('an invalid phone %j is kept as sent (%j) and flagged', (phone, sent) => {
    const decision = created(decide({ fields: { name: 'B', phone, email: 'b@example.com' } }));
    expect(decision.lead.phone).toBe(sent);
    expect(decision.lead.phoneValid).toBe(false);
    expect(decision.reason).toContain(`phone "${sent}" is not a valid number`);
    expect(decision.assignedTo?.slackId).toBe('UA');
  });

  it('no phone at all is not flagged as an invalid phone', () => {
    const decision = created(decide({ fields: { name: 'B', email: 'b@example.com' } }));
    expect(decision.lead).toMatchObject({ phone: '', phoneValid: true });
    expect(decision.reason).not.toContain('phone');
  });

  it('a lead written late (from the outbox) keeps when it was received; the SLA clock starts at assignment', () => {
    const reps = roster('UA UB');
    const decision = created(
      decideIntake({ draft: draft(BUDI), idempotencyKey: '', leadId: 'L-LATE', now: NOW, receivedAt: NOW - 45 * 60_000, defaultCountry: 'ID', roster: reps, cursor: START, lookup: new Book(snapshot({ roster: reps })) }),
    );
    expect(decision.lead).toMatchObject({ createdAt: NOW - 45 * 60_000, assignedAt: NOW });
  });

  it('a foreign phone is stored with its own country code', () => {
    expect(created(decide({ fields: { name: 'B', phone: '+1 415 555 2671' } })).lead.phone).toBe('14155552671');
  });

  it('a formula typed as the name is stored as the same text', () => {
    expect(created(decide({ fields: { name: '=HYPERLINK("http://evil","x")', phone: '0812-3456-7890' } })).lead.name).toBe('=HYPERLINK("http://evil","x")');
  });
});
