import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log.ts';
import type { Outbox, QueuedLead } from './queued-lead.ts';

function isQueuedLead(value: unknown): value is QueuedLead {
  const entry = value as Partial<QueuedLead>;
  return typeof entry?.leadId === 'string' && typeof entry.draft === 'object' && entry.draft !== null && typeof entry.receivedAt === 'number';
}

/** Writes, then fsyncs the file and its folder, so an acknowledged entry survives a power cut. */
function writeDurably(path: string, text: string, flags: 'a' | 'w'): void {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The outbox as an append-only JSON-lines journal under DATA_DIR. A torn last line (a crash
 * mid-append, before the webhook was answered) is dropped on load; every complete line is kept.
 */
export class FileOutbox implements Outbox {
  private items: QueuedLead[];

  constructor(
    private readonly path: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.items = this.read();
    if (this.items.length > 0) log.warn({ queued: this.items.length, path }, 'outbox: leads accepted earlier are waiting to be written');
  }

  private read(): QueuedLead[] {
    if (!existsSync(this.path)) return [];
    const items: QueuedLead[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const value = JSON.parse(line) as unknown;
        if (isQueuedLead(value)) items.push(value);
      } catch {
        this.log.warn({ path: this.path }, 'outbox: dropped an incomplete line (a crash mid-write, before it was acknowledged)');
      }
    }
    return items;
  }

  entries(): readonly QueuedLead[] {
    return this.items;
  }

  async append(entry: QueuedLead): Promise<void> {
    writeDurably(this.path, `${JSON.stringify(entry)}\n`, 'a');
    this.items = [...this.items, entry];
  }

  async remove(leadIds: readonly string[]): Promise<void> {
    const gone = new Set(leadIds);
    const rest = this.items.filter((entry) => !gone.has(entry.leadId));
    const tmp = `${this.path}.tmp`;
    writeDurably(tmp, rest.map((entry) => `${JSON.stringify(entry)}\n`).join(''), 'w');
    renameSync(tmp, this.path);
    syncFolder(this.path);
    this.items = rest;
  }
}
