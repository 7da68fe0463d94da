import { createHash } from 'node:crypto';

/**
 * One journal line: the entry's own JSON object with a last field `"sha256"` holding the SHA-256
 * of that JSON as it was before the field was added. A line stays a plain JSON object of the
 * entry (anyone can read its `leadId` with JSON.parse), yet a single changed byte anywhere in it
 * is detected. Lines written before checksums existed (no `sha256` field) are still read.
 */
const CHECKSUM = /,"sha256":"([0-9a-f]{64})"\}$/;

const MAX_SALVAGE_TRIES = 64;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The line for an entry, without its newline. The entry must be a non-empty JSON object. */
export function encodeLine(entry: object): string {
  const json = JSON.stringify(entry);
  if (!json.startsWith('{') || !json.endsWith('}') || json === '{}') throw new Error('journal: only non-empty objects can be journaled');
  return `${json.slice(0, -1)},"sha256":"${sha256(json)}"}`;
}

export type LineProblem = 'checksum-mismatch' | 'unreadable' | 'not-an-entry';

export type DecodedLine<T> = { ok: true; entry: T; legacy: boolean } | { ok: false; problem: LineProblem };

export function decodeLine<T>(line: string, isEntry: (value: unknown) => value is T): DecodedLine<T> {
  const checksum = CHECKSUM.exec(line);
  let json = line;
  if (checksum) {
    json = `${line.slice(0, checksum.index)}}`;
    if (sha256(json) !== checksum[1]) return { ok: false, problem: 'checksum-mismatch' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  if (!isEntry(value)) return { ok: false, problem: 'not-an-entry' };
  return { ok: true, entry: value, legacy: !checksum };
}

/**
 * The entry at the end of a damaged line, if any: a line written after a torn one (by a Baton
 * before torn tails were truncated) is glued onto it, and the acknowledged entry is its suffix.
 * The longest suffix starting at a `{` that decodes wins, so a nested object is never taken.
 */
export function salvageLine<T>(line: string, isEntry: (value: unknown) => value is T): T | undefined {
  // Bounded, so a huge damaged line cannot stall startup: a glued line holds one or two entries.
  let tries = 0;
  for (let start = line.indexOf('{"', 1); start > 0 && tries < MAX_SALVAGE_TRIES; start = line.indexOf('{"', start + 1), tries += 1) {
    const decoded = decodeLine(line.slice(start), isEntry);
    if (decoded.ok) return decoded.entry;
  }
  return undefined;
}
