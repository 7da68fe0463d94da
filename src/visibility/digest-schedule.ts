import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.ts';

/** "09:00" -> the node-cron expression for that time every day ("0 9 * * *"); undefined when blank. */
export function digestCron(at: string | undefined): string | undefined {
  if (!at) return undefined;
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at.trim());
  if (!match) throw new Error(`DIGEST_AT must be HH:MM, got "${at}"`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/** The daily digest on its own cron, in TIMEZONE, like the sweep's safety net (scheduler.ts). */
export class DigestSchedule {
  private task: ScheduledTask | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: { at: string | undefined; timeZone: string; log: Logger; send: () => Promise<unknown> }) {}

  start(): void {
    const expression = digestCron(this.options.at);
    if (!expression) return;
    this.task = cron.schedule(expression, () => void this.runNow(), { timezone: this.options.timeZone, noOverlap: true, name: 'baton-digest' });
    this.options.log.info({ at: this.options.at, timeZone: this.options.timeZone }, 'digest scheduled');
  }

  /** Sends the digest now (the cron, tests, an operator); a run in progress is joined, not repeated. */
  runNow(): Promise<unknown> {
    this.running ??= this.options
      .send()
      .catch((error: unknown) => this.options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'digest failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }
}
