import { readFileSync, statSync } from 'node:fs';
import { appendDurably } from './write-durably.ts';

export type QuarantineReason = 'torn-tail' | 'checksum-mismatch' | 'unreadable' | 'not-an-entry';

export interface QuarantinedLine {
  reason: QuarantineReason;
  /** 1-based line number in the journal when it was read. */
  line: number;
  bytes: Buffer;
  /** The entry recovered from the end of the line, when one was (see salvageLine). */
  salvaged?: string;
}

/**
 * The side file `<journal>.quarantine`: every journal byte Baton could not read is copied here,
 * fsync'd, before it leaves the journal. One JSON object per line: why, when, which line, the
 * exact bytes (base64) and a readable copy. A torn tail (a crash mid-append, never acknowledged)
 * is kept here too but is not a fault; anything else is, until an operator moves the file away.
 */
export class QuarantineFile {
  private cached: { size: number; mtimeMs: number; faults: number } | undefined;

  constructor(
    readonly path: string,
    private readonly now: () => number,
  ) {}

  add(journal: string, lines: readonly QuarantinedLine[]): void {
    if (lines.length === 0) return;
    const at = new Date(this.now()).toISOString();
    const text = lines
      .map((item) =>
        JSON.stringify({
          at,
          journal,
          reason: item.reason,
          line: item.line,
          ...(item.salvaged ? { salvaged: item.salvaged } : {}),
          text: item.bytes.toString('utf8'),
          base64: item.bytes.toString('base64'),
        }),
      )
      .map((line) => `${line}\n`)
      .join('');
    appendDurably(this.path, text);
  }

  /** Lines quarantined for being damaged (not torn tails) that are still in the file. */
  faults(): number {
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = statSync(this.path));
    } catch {
      // No quarantine file (never needed, or an operator moved it away after reading it).
      return 0;
    }
    if (this.cached?.size === size && this.cached.mtimeMs === mtimeMs) return this.cached.faults;
    let faults = 0;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        if ((JSON.parse(line) as { reason?: unknown }).reason !== 'torn-tail') faults += 1;
      } catch {
        // A line of the quarantine itself that cannot be read still stands for something lost.
        faults += 1;
      }
    }
    this.cached = { size, mtimeMs, faults };
    return faults;
  }
}
