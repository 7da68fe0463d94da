import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Logger } from '../log.ts';
import { decodeLine, encodeLine, salvageLine } from './journal-line.ts';
import { QuarantineFile, type QuarantinedLine } from './quarantine-file.ts';
import { appendDurably, replaceDurably, truncateDurably } from './write-durably.ts';

const NEWLINE = 0x0a;

/** Damaged lines found on load, for the managers' DM: how many and where they went. */
export interface QuarantineNotice {
  count: number;
  path: string;
}

interface Parsed<T> {
  entries: T[];
  damaged: QuarantinedLine[];
  torn: QuarantinedLine | undefined;
  /** The last entry is whole but lacks its newline. */
  unterminated: boolean;
  /** Lines written before checksums existed. */
  legacy: number;
  size: number;
}

export interface JournalFileOptions<T> {
  path: string;
  /** What the journal holds, for log lines: "outbox", "click journal". */
  what: string;
  isEntry: (value: unknown) => value is T;
  log: Logger;
  now: () => number;
}

/**
 * An append-only journal of self-checking JSON lines (see journal-line.ts), fsync'd before an
 * append returns. Nothing is ever dropped unread: before this process first writes, a torn last
 * line is copied to the quarantine file and cut off, and a damaged line anywhere else is copied
 * there, logged at error level and counted (readiness, one managers' DM); any entry still
 * recognisable at its end is kept.
 */
export class JournalFile<T extends object> {
  readonly quarantine: QuarantineFile;
  private notices: QuarantineNotice[] = [];
  private repaired = false;

  constructor(private readonly options: JournalFileOptions<T>) {
    this.quarantine = new QuarantineFile(`${options.path}.quarantine`, options.now);
  }

  get path(): string {
    return this.options.path;
  }

  /**
   * Reads every entry without changing any file: a process that only looks (`npm run sweep` beside a
   * running server) must never cut what the server is appending. Damaged lines are left for repair().
   */
  read(): T[] {
    return this.parse().entries;
  }

  /**
   * Makes the file safe to write after: copies torn and damaged lines to the quarantine file
   * (fsync), then cuts or rewrites the journal without them. Runs once, before this process first
   * writes; returns the entries as they stand then (undefined on later calls).
   */
  repair(): T[] | undefined {
    if (this.repaired) return undefined;
    const { path, log, what } = this.options;
    const parsed = this.parse();
    const { entries, damaged, torn, unterminated, legacy, size } = parsed;
    // The bytes are safe in the quarantine file before they leave the journal.
    this.quarantine.add(path, torn ? [...damaged, torn] : damaged);
    if (torn) {
      log.warn({ path, quarantine: this.quarantine.path, bytes: torn.bytes.length }, `${what}: cut off a torn last line (a crash mid-append, before it was acknowledged); its bytes are kept in the quarantine file`);
    }
    if (damaged.length > 0) {
      log.error(
        { path, quarantine: this.quarantine.path, lines: damaged.map((item) => ({ line: item.line, problem: item.reason, entryRecovered: Boolean(item.salvaged) })) },
        `${what}: ${damaged.length} damaged line(s) moved to ${this.quarantine.path}; an acknowledged entry may be among them: read the file, re-submit what is missing, then move the file away`,
      );
      this.notices.push({ count: damaged.length, path: this.quarantine.path });
    }
    if (legacy > 0) log.info({ path, lines: legacy }, `${what}: read lines written before journal checksums; they are rewritten with one on the next change`);
    if (damaged.length > 0 || unterminated) this.replace(entries);
    else if (torn) truncateDurably(path, size - torn.bytes.length);
    this.repaired = true;
    return entries;
  }

  private parse(): Parsed<T> {
    const { path, isEntry } = this.options;
    const parsed: Parsed<T> = { entries: [], damaged: [], torn: undefined, unterminated: false, legacy: 0, size: 0 };
    if (!existsSync(path)) return parsed;
    const bytes = readFileSync(path);
    parsed.size = bytes.length;
    for (let start = 0, line = 1; start < bytes.length; line += 1) {
      const end = bytes.indexOf(NEWLINE, start);
      const complete = end >= 0;
      const raw = bytes.subarray(start, complete ? end : bytes.length);
      start = complete ? end + 1 : bytes.length;
      const text = raw.toString('utf8');
      if (complete && !text.trim()) continue;
      const decoded = decodeLine(text, isEntry);
      if (decoded.ok) {
        parsed.entries.push(decoded.entry);
        if (decoded.legacy) parsed.legacy += 1;
        // Whole, but its newline never made it to disk: keep it, and end it before appending.
        if (!complete) parsed.unterminated = true;
        continue;
      }
      if (!complete) {
        parsed.torn = { reason: 'torn-tail', line, bytes: Buffer.from(raw) };
        continue;
      }
      const salvaged = salvageLine(text, isEntry);
      if (salvaged) parsed.entries.push(salvaged);
      parsed.damaged.push({ reason: decoded.problem, line, bytes: Buffer.from(raw), ...(salvaged ? { salvaged: JSON.stringify(salvaged) } : {}) });
    }
    return parsed;
  }

  /** Appends one entry durably, after cutting off any torn tail left in the file. */
  append(entry: T): void {
    this.repair();
    this.healTail();
    appendDurably(this.options.path, `${encodeLine(entry)}\n`);
  }

  /** Replaces the journal with these entries, atomically. */
  rewrite(entries: readonly T[]): void {
    this.repair();
    this.replace(entries);
  }

  private replace(entries: readonly T[]): void {
    replaceDurably(this.options.path, entries.map((entry) => `${encodeLine(entry)}\n`).join(''));
  }

  /** Damaged-line reports not yet handed to whoever tells the managers. */
  takeNotices(): QuarantineNotice[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /**
   * A file that does not end in a newline has a torn last line (an append that failed part-way
   * and could not be cut back): move it to quarantine and cut it, so the next line stands alone.
   */
  private healTail(): void {
    const { path, log, what, isEntry } = this.options;
    if (!existsSync(path)) return;
    const fd = openSync(path, 'r');
    let last: number | undefined;
    try {
      const { size } = fstatSync(fd);
      if (size === 0) return;
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, size - 1);
      last = byte[0];
    } finally {
      closeSync(fd);
    }
    if (last === NEWLINE) return;
    const bytes = readFileSync(path);
    const start = bytes.lastIndexOf(NEWLINE) + 1;
    const tail = bytes.subarray(start);
    if (decodeLine(tail.toString('utf8'), isEntry).ok) {
      appendDurably(path, '\n');
      return;
    }
    this.quarantine.add(path, [{ reason: 'torn-tail', line: bytes.subarray(0, start).filter((byte) => byte === NEWLINE).length + 1, bytes: Buffer.from(tail) }]);
    truncateDurably(path, start);
    log.warn({ path, quarantine: this.quarantine.path, bytes: tail.length }, `${what}: cut off a torn last line before appending; its bytes are kept in the quarantine file`);
  }
}
