import type { Background } from '../background.ts';
import type { Ledger } from '../ledger.ts';
import type { Logger } from '../log.ts';
import type { Clock, Notifier } from '../ports.ts';

/** What every use case is handed: ports and settings, never globals. */
export interface UseCaseContext {
  ledger: Ledger;
  notifier: Notifier;
  clock: Clock;
  background: Background;
  log: Logger;
  newLeadId: () => string;
  settings: {
    defaultCountry: string;
    slaMinutes: number;
    escalationThreshold: number;
    timeZone: string;
  };
}
