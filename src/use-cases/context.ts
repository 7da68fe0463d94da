import type { Background } from '../core/background.ts';
import type { Ledger } from '../core/ledger.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/queued-lead.ts';
import type { UnrecordedDms } from '../outbox/unrecorded-dms.ts';
import type { Clock, Notifier } from '../core/ports.ts';
import type { ExceptionsSetup } from '../core/exception-ports.ts';

/** What every use case is handed: ports and settings, never globals. */
export interface UseCaseContext {
  ledger: Ledger;
  notifier: Notifier;
  clock: Clock;
  background: Background;
  log: Logger;
  newLeadId: () => string;
  /** Told of every new SLA deadline so a sweep runs right after it (the scheduler in production). */
  deadlines: { noteDeadline(at: number | null): void };
  /** Leads accepted while the sheet was unavailable, and the trigger that writes them later. */
  outbox: Outbox;
  outboxReplay: { soon(): void };
  /** DMs sent but not yet recorded on their rows, kept on disk so a crash in between costs no extra DM (DATA_DIR). */
  unrecordedDms?: UnrecordedDms;
  settings: {
    defaultCountry: string;
    slaMinutes: number;
    escalationThreshold: number;
    timeZone: string;
    /** Routing policy settings (issue 12); absent: OFF_HOURS_WAIT_MINUTES 720, no overflow team. */
    routing?: { offHoursWaitMinutes: number; overflowTeam?: string | undefined; statusOverlay?: import('./routing-of.ts').RosterOverlay | undefined };
  };
  /** The exception queue, stage changes and owner reminders (issue 13); absent: exceptions are kept but nobody is messaged. */
  exceptions?: ExceptionsSetup;
}
