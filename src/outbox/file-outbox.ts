import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../log.ts';
import { JournalFile, type QuarantineNotice } from './journal-file.ts';
import type { Outbox, QueuedClick, QueuedLead } from './queued-lead.ts';

const DRAFT_TEXT_FIELDS = ['name', 'phoneRaw', 'email'] as const;

function isQueuedLead(value: unknown): value is QueuedLead {
  const entry = value as Partial<QueuedLead>;
  if (typeof entry?.leadId !== 'string' || typeof entry.receivedAt !== 'number' || typeof entry.draft !== 'object' || entry.draft === null) return false;
  // A draft missing the fields every intake reads would stop the replay of all the leads behind it.
  const draft = entry.draft as unknown as Record<string, unknown>;
  return DRAFT_TEXT_FIELDS.every((field) => typeof draft[field] === 'string');
}

function isQueuedClick(value: unknown): value is QueuedClick {
  const click = value as Partial<QueuedClick>;
  return (
    typeof click?.clickId === 'string' &&
    typeof click.leadId === 'string' &&
    typeof click.clickerId === 'string' &&
    typeof click.addressedTo === 'string' &&
    typeof click.channel === 'string' &&
    typeof click.messageTs === 'string' &&
    typeof click.clickedAt === 'number'
  );
}

/** What /readyz needs to know about the journals. */
export interface JournalHealth {
  /** Leads and clicks waiting for the sheet. */
  depth: number;
  /** When the oldest of them was accepted; null when none waits. */
  oldestAt: number | null;
  /** Damaged lines still sitting in quarantine files. */
  quarantined: number;
  quarantineFiles: string[];
}

/** `outbox-<sheet>.jsonl` -> `clicks-<sheet>.jsonl`, beside it. */
function clicksPathFor(path: string): string {
  const name = basename(path);
  return join(dirname(path), name.startsWith('outbox-') ? `clicks-${name.slice('outbox-'.length)}` : `clicks-${name}`);
}

export interface FileOutboxOptions {
  /** Where journaled clicks go; beside the outbox by default. */
  clicksPath?: string;
  /** Timestamps of quarantine records. */
  now?: () => number;
}

/**
 * The outbox as two append-only journals under DATA_DIR: leads (`outbox-….jsonl`) and clicks
 * (`clicks-….jsonl`), each line self-checking (journal-line.ts), each append fsync'd before it
 * resolves. Torn and damaged lines are quarantined, never dropped (journal-file.ts).
 */
export class FileOutbox implements Outbox {
  private readonly leadJournal: JournalFile<QueuedLead>;
  private readonly clickJournal: JournalFile<QueuedClick>;
  private items: QueuedLead[];
  private clickItems: QueuedClick[];

  constructor(path: string, log: Logger, options: FileOutboxOptions = {}) {
    mkdirSync(dirname(path), { recursive: true });
    const now = options.now ?? Date.now;
    this.leadJournal = new JournalFile({ path, what: 'outbox', isEntry: isQueuedLead, log, now });
    this.clickJournal = new JournalFile({ path: options.clicksPath ?? clicksPathFor(path), what: 'click journal', isEntry: isQueuedClick, log, now });
    // Read only: `npm run sweep` builds an outbox too, beside a server that may be appending.
    this.items = this.leadJournal.read();
    this.clickItems = this.clickJournal.read();
    if (this.items.length > 0) log.warn({ queued: this.items.length, path }, 'outbox: leads accepted earlier are waiting to be written');
    if (this.clickItems.length > 0) log.warn({ queued: this.clickItems.length, path: this.clickJournal.path }, 'outbox: clicks saved earlier are waiting to be applied');
  }

  /**
   * Quarantines torn and damaged lines and rewrites the journals without them: once, before this
   * process first writes (a server does it at startup, through takeQuarantineNotices).
   */
  private recover(): void {
    const leads = this.leadJournal.repair();
    if (leads) this.items = leads;
    const clicks = this.clickJournal.repair();
    if (clicks) this.clickItems = clicks;
  }

  entries(): readonly QueuedLead[] {
    return this.items;
  }

  async append(entry: QueuedLead): Promise<void> {
    this.recover();
    this.leadJournal.append(entry);
    this.items = [...this.items, entry];
  }

  async remove(leadIds: readonly string[]): Promise<void> {
    this.recover();
    const gone = new Set(leadIds);
    const rest = this.items.filter((entry) => !gone.has(entry.leadId));
    if (rest.length === this.items.length) return;
    this.leadJournal.rewrite(rest);
    this.items = rest;
  }

  clicks(): readonly QueuedClick[] {
    return this.clickItems;
  }

  async appendClick(click: QueuedClick): Promise<void> {
    this.recover();
    this.clickJournal.append(click);
    this.clickItems = [...this.clickItems, click];
  }

  async removeClicks(clickIds: readonly string[]): Promise<void> {
    this.recover();
    const gone = new Set(clickIds);
    const rest = this.clickItems.filter((click) => !gone.has(click.clickId));
    if (rest.length === this.clickItems.length) return;
    this.clickJournal.rewrite(rest);
    this.clickItems = rest;
  }

  health(): JournalHealth {
    let oldestAt: number | null = null;
    for (const at of [...this.items.map((entry) => entry.receivedAt), ...this.clickItems.map((click) => click.clickedAt)]) {
      if (oldestAt === null || at < oldestAt) oldestAt = at;
    }
    const faults = [this.leadJournal, this.clickJournal].map((journal) => ({ path: journal.quarantine.path, count: journal.quarantine.faults() }));
    return {
      depth: this.items.length + this.clickItems.length,
      oldestAt,
      quarantined: faults.reduce((sum, file) => sum + file.count, 0),
      quarantineFiles: faults.filter((file) => file.count > 0).map((file) => file.path),
    };
  }

  /** Repairs the journals if not done yet; the damaged lines found since the last call, once each: for the managers' DM. */
  takeQuarantineNotices(): QuarantineNotice[] {
    this.recover();
    return [...this.leadJournal.takeNotices(), ...this.clickJournal.takeNotices()];
  }
}
