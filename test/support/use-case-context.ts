import { Background } from '../../src/core/background.ts';
import type { Rep } from '../../src/domain/types.ts';
import { Ledger } from '../../src/core/ledger.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryOutbox } from '../../src/outbox/queued-lead.ts';
import { MemoryLeadStore } from '../../src/stores/memory/memory-lead-store.ts';
import type { UseCaseContext } from '../../src/use-cases/context.ts';
import { RecordingNotifier } from './recording-notifier.ts';

export const T0 = Date.UTC(2026, 10, 25, 7, 0, 0);

export function rep(slackId: string, active = true, name = slackId.toLowerCase()): Rep {
  return { name, email: `${name}@example.com`, slackId, active };
}

/** Use-case wiring on in-memory ports with a hand-moved clock. */
export function memoryContext(roster: Rep[], settings: Partial<UseCaseContext['settings']> = {}) {
  const store = new MemoryLeadStore(roster);
  const notifier = new RecordingNotifier();
  const clock = { at: T0, now() { return this.at; } };
  const deadlines: number[] = [];
  let seq = 0;
  const ctx: UseCaseContext = {
    ledger: new Ledger(store, clock, { maxAgeMs: 60_000 }),
    notifier,
    clock,
    background: new Background((error) => {
      throw error;
    }),
    log: createLogger('silent'),
    newLeadId: () => `L-TEST-${String(++seq).padStart(4, '0')}`,
    deadlines: { noteDeadline: (at) => (at === null ? undefined : deadlines.push(at)) },
    outbox: new MemoryOutbox(),
    // Tests replay explicitly, so they can look at the journal in between.
    outboxReplay: { soon: () => undefined },
    settings: { defaultCountry: 'ID', slaMinutes: 60, escalationThreshold: 3, timeZone: 'UTC', ...settings },
  };
  return { ctx, store, notifier, clock, deadlines, advanceMinutes: (minutes: number) => (clock.at += minutes * 60_000) };
}

type Outcome = Awaited<ReturnType<typeof import('../../src/use-cases/intake-lead.ts').intakeLead>>;

/** Narrows an intake outcome to one that reached the sheet; a queued one fails the test. */
export function written(outcome: Outcome): Exclude<Outcome, { kind: 'queued' }> {
  if (outcome.kind === 'queued') throw new Error(`expected the lead to be written, but it was queued (${outcome.leadId})`);
  return outcome;
}

export function created(outcome: Outcome): Extract<Outcome, { kind: 'created' }> {
  if (outcome.kind !== 'created') throw new Error(`expected a new lead, got ${outcome.kind} (${outcome.kind === 'duplicate' || outcome.kind === 'queued' ? outcome.leadId : ''})`);
  return outcome;
}

/** The lead an intake answered with, whatever the outcome. */
export function leadIdOf(outcome: Outcome): string {
  return outcome.kind === 'created' ? outcome.lead.leadId : outcome.leadId;
}
