import type { CellValue } from '../../domain/cells.ts';

/**
 * Reads a values.batchGet answer straight from its bytes. JSON.parse of a 50 000-row lead tab
 * builds a million strings and 50 000 arrays that are garbage a moment later; here one range is
 * walked row by row instead, its cells located but decoded only when asked for, and the bytes
 * kept so any row can be decoded later. The other ranges are small and go through JSON.parse.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COLON = 0x3a;

export class MalformedJson extends Error {
  readonly code = 'BATON_MALFORMED_JSON';
}

/** A typed array with room for at least `length` items, its contents kept (doubling, so appends stay cheap). */
export function withRoom<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  const grown = new (array.constructor as new (size: number) => T)(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Rows of one range, kept as byte spans; a row is decoded only when asked for. */
export class StoredRows {
  constructor(
    readonly bytes: Buffer,
    private readonly spans: Int32Array,
    readonly length: number,
  ) {}

  row(index: number): CellValue[] {
    if (index < 0 || index >= this.length) return [];
    return JSON.parse(this.bytes.toString('utf8', this.spans[2 * index], this.spans[2 * index + 1])) as CellValue[];
  }

  /** Places `cursor` on a row again, to read a few of its cells without decoding the rest. */
  walk(index: number, cursor: RowCursor): RowCursor {
    cursor.index = index;
    cursor.width = 0;
    if (index < 0 || index >= this.length) return cursor;
    const scan = new Scanner(this.bytes);
    scan.pos = this.spans[2 * index] as number;
    scan.readRow(cursor, index);
    return cursor;
  }

  /** A cursor over these rows' bytes, for `walk`. */
  cursor(): RowCursor {
    return new RowCursor(this.bytes);
  }
}

/** The row being walked: where each of its cells sits, decoded on request. */
export class RowCursor {
  index = -1;
  width = 0;
  /** Where the row's array starts and ends in the bytes. */
  start = 0;
  end = 0;
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);

  constructor(private readonly bytes: Buffer) {}

  /** @internal the scanner records cells as it finds them. */
  push(start: number, end: number): void {
    if (this.width === this.starts.length) {
      this.starts = withRoom(this.starts, this.width + 1);
      this.ends = withRoom(this.ends, this.width + 1);
    }
    this.starts[this.width] = start;
    this.ends[this.width] = end;
    this.width += 1;
  }

  /** The cell as JSON.parse would give it; undefined past the row's end (the API trims trailing empties). */
  value(column: number): CellValue | undefined {
    if (column < 0 || column >= this.width) return undefined;
    const start = this.starts[column] as number;
    const end = this.ends[column] as number;
    const bytes = this.bytes;
    const first = bytes[start];
    if (first === QUOTE) {
      // Most cells have no escapes: decode the bytes between the quotes directly.
      for (let pos = start + 1; pos < end; pos += 1) {
        if (bytes[pos] === BACKSLASH) return JSON.parse(bytes.toString('utf8', start, end)) as string;
      }
      return bytes.toString('utf8', start + 1, end - 1);
    }
    return JSON.parse(bytes.toString('latin1', start, end)) as CellValue;
  }

  /** Every cell of the row at once (one JSON.parse): cheaper than cell by cell when all are wanted. */
  cells(): CellValue[] {
    return JSON.parse(this.bytes.toString('utf8', this.start, this.end)) as CellValue[];
  }

  /** True when the cell is absent or the empty string, without decoding it. */
  isEmpty(column: number): boolean {
    if (column < 0 || column >= this.width) return true;
    const start = this.starts[column] as number;
    return this.ends[column] === start + 2 && this.bytes[start] === QUOTE;
  }

  /** True when the cell holds exactly these bytes as a string, without decoding it. */
  equals(column: number, expected: Uint8Array): boolean {
    if (column < 0 || column >= this.width) return false;
    const start = (this.starts[column] as number) + 1;
    if (this.bytes[start - 1] !== QUOTE || (this.ends[column] as number) - 1 - start !== expected.length) return false;
    // A few bytes: a loop beats a call into native code.
    for (let i = 0; i < expected.length; i += 1) if (this.bytes[start + i] !== expected[i]) return false;
    return true;
  }
}

class Scanner {
  pos = 0;

  constructor(private readonly bytes: Buffer) {}

  fail(what: string): never {
    throw new MalformedJson(`batchGet answer is not the JSON expected: ${what} at byte ${this.pos}`);
  }

  skipSpace(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    while (isSpace(bytes[pos])) pos += 1;
    this.pos = pos;
    return bytes[pos] ?? -1;
  }

  expect(byte: number): void {
    if (this.skipSpace() !== byte) this.fail(`expected "${String.fromCharCode(byte)}"`);
    this.pos += 1;
  }

  /** Moves past the string starting at pos. */
  skipString(): void {
    const bytes = this.bytes;
    const length = bytes.length;
    let pos = this.pos + 1;
    for (;;) {
      if (pos >= length) this.fail('unterminated string');
      const byte = bytes[pos];
      if (byte === QUOTE) break;
      pos += byte === BACKSLASH ? 2 : 1;
    }
    this.pos = pos + 1;
  }

  /** Moves past whatever value starts at pos (after spaces). */
  skipValue(): void {
    const first = this.skipSpace();
    if (first === QUOTE) return this.skipString();
    if (first === OPEN_ARRAY || first === OPEN_OBJECT) return this.skipNested();
    this.skipScalar();
  }

  private skipScalar(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    const start = pos;
    for (;;) {
      const byte = bytes[pos];
      if (byte === undefined || byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT || isSpace(byte)) break;
      pos += 1;
    }
    if (pos === start) this.fail('expected a value');
    this.pos = pos;
  }

  private skipNested(): void {
    const bytes = this.bytes;
    let depth = 0;
    for (;;) {
      const byte = bytes[this.pos];
      if (byte === undefined) this.fail('unterminated array or object');
      if (byte === QUOTE) {
        this.skipString();
        continue;
      }
      if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) depth += 1;
      else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth -= 1;
      this.pos += 1;
      if (depth === 0) return;
    }
  }

  readKey(): string {
    if (this.skipSpace() !== QUOTE) this.fail('expected a member name');
    const start = this.pos;
    this.skipString();
    const key = JSON.parse(this.bytes.toString('utf8', start, this.pos)) as string;
    this.expect(COLON);
    return key;
  }

  /** Calls `member` for each member of the object at pos; it must consume the value. */
  object(member: (key: string) => void): void {
    this.expect(OPEN_OBJECT);
    if (this.skipSpace() === CLOSE_OBJECT) {
      this.pos += 1;
      return;
    }
    for (;;) {
      member(this.readKey());
      const next = this.skipSpace();
      this.pos += 1;
      if (next === CLOSE_OBJECT) return;
      if (next !== COMMA) this.fail('expected "," or "}"');
    }
  }

  /** Calls `item` for each element of the array at pos; it must consume the element. */
  array(item: (index: number) => void): void {
    this.expect(OPEN_ARRAY);
    if (this.skipSpace() === CLOSE_ARRAY) {
      this.pos += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      item(index);
      const next = this.skipSpace();
      this.pos += 1;
      if (next === CLOSE_ARRAY) return;
      if (next !== COMMA) this.fail('expected "," or "]"');
    }
  }

  /**
   * Reads the row array at pos into `row`, noting where each cell sits. The hot loop of a big read
   * (a million cells at 50 000 rows): no callback per cell, and the cursor's arrays are reused.
   */
  readRow(row: RowCursor, index: number): void {
    if (this.skipSpace() !== OPEN_ARRAY) this.fail('expected a row');
    row.index = index;
    row.width = 0;
    row.start = this.pos;
    this.pos += 1;
    if (this.skipSpace() === CLOSE_ARRAY) {
      this.pos += 1;
      row.end = this.pos;
      return;
    }
    for (;;) {
      const start = this.pos;
      this.skipValue();
      row.push(start, this.pos);
      const next = this.skipSpace();
      this.pos += 1;
      if (next === CLOSE_ARRAY) break;
      if (next !== COMMA) this.fail('expected "," or "]"');
      if (this.skipSpace() === -1) this.fail('expected a cell');
    }
    row.end = this.pos;
  }

  /** The value at pos, through JSON.parse. */
  parseValue(): unknown {
    const start = this.skipSpace() === -1 ? this.fail('expected a value') : this.pos;
    this.skipValue();
    return JSON.parse(this.bytes.toString('utf8', start, this.pos));
  }
}

export interface ValueRangesOptions {
  /** Which range (by position in the request) to walk row by row instead of parsing. */
  streamed: number;
  /** Called for every row of the streamed range, in order; the cursor is reused for the next row. */
  onRow: (row: RowCursor) => void;
}

export interface ValueRanges {
  /** Every range's rows; the streamed one is left empty here and given as `stored`. */
  values: CellValue[][][];
  stored: StoredRows;
}

/** Reads `{ valueRanges: [{ values: [[...], ...] }, ...] }`, the shape values.batchGet answers with. */
export function readValueRanges(bytes: Buffer, options: ValueRangesOptions): ValueRanges {
  const scan = new Scanner(bytes);
  const values: CellValue[][][] = [];
  let stored = new StoredRows(bytes, new Int32Array(0), 0);
  const row = new RowCursor(bytes);

  const streamRows = (): StoredRows => {
    let spans = new Int32Array(2 * 1024);
    let count = 0;
    scan.array(() => {
      const start = scan.skipSpace() === -1 ? scan.fail('expected a row') : scan.pos;
      scan.readRow(row, count);
      spans = withRoom(spans, 2 * count + 2);
      spans[2 * count] = start;
      spans[2 * count + 1] = scan.pos;
      count += 1;
      options.onRow(row);
    });
    return new StoredRows(bytes, spans, count);
  };

  scan.object((key) => {
    if (key !== 'valueRanges') return scan.skipValue();
    scan.array((rangeIndex) => {
      values[rangeIndex] = [];
      scan.object((member) => {
        if (member !== 'values') return scan.skipValue();
        if (rangeIndex === options.streamed) stored = streamRows();
        else values[rangeIndex] = scan.parseValue() as CellValue[][];
      });
    });
  });
  if (scan.skipSpace() !== -1) scan.fail('unexpected content after the answer');
  return { values, stored };
}
