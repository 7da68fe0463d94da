import { Background } from '../../src/background.ts';
import type { Rep } from '../../src/domain/types.ts';
import { Ledger } from '../../src/ledger.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryLeadStore } from '../../src/stores/memory-lead-store.ts';
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
    settings: { defaultCountry: 'ID', slaMinutes: 60, escalationThreshold: 3, timeZone: 'UTC', ...settings },
  };
  return { ctx, store, notifier, clock, deadlines, advanceMinutes: (minutes: number) => (clock.at += minutes * 60_000) };
}
