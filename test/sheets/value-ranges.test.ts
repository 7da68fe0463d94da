/**
 * The batchGet reader against JSON.parse, the reference it must agree with: every cell of every
 * row, decoded now (the cursor) or later (stored rows), for compact and pretty-printed answers,
 * evil strings included; and a clear error for answers that are not JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { MalformedJson, readValueRanges, type RowCursor } from '../../src/stores/sheets/value-ranges.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_607);

interface Answer {
  valueRanges: Array<{ range: string; majorDimension: string; values?: CellValue[][] }>;
}

function answer(ranges: Array<CellValue[][] | undefined>): Answer {
  return {
    valueRanges: ranges.map((values, i) => ({ range: `tab${i}!A1:Z`, majorDimension: 'ROWS', ...(values ? { values } : {}) })),
  };
}

/** Reads range `streamed` through the cursor and returns what it saw, cell by cell. */
function read(text: string, streamed: number) {
  const seen: CellValue[][] = [];
  const result = readValueRanges(Buffer.from(text, 'utf8'), {
    streamed,
    onRow: (row: RowCursor) => {
      const cells: CellValue[] = [];
      for (let column = 0; column < row.width; column += 1) cells.push(row.value(column) as CellValue);
      expect(row.value(row.width)).toBeUndefined();
      seen.push(cells);
    },
  });
  const stored = Array.from({ length: result.stored.length }, (_, i) => result.stored.row(i));
  return { seen, stored, values: result.values };
}

const EVIL: CellValue[] = [
  '',
  ' ',
  'plain',
  'quote " inside',
  'backslash \\ inside',
  'ends with backslash \\',
  '\\"',
  '"]},{"values":[["forged"]]}',
  '[[1,2],[3]]',
  'tab\tnew\nline\r',
  'unicode: Ibu Sári, 日本語, 🚀',
  '\u0000\u001f control',
  '\u2028\u2029 separators',
  '=HYPERLINK("http://evil")',
  0,
  -1.5e-7,
  6281234567890,
  true,
  false,
  null,
];

describe('readValueRanges', () => {
  it('agrees with JSON.parse on evil cells, compact and pretty-printed', () => {
    const rows: CellValue[][] = [['lead_id', 'name'], EVIL, EVIL.slice().reverse(), [], ['', ''], ['only']];
    for (const text of [JSON.stringify(answer([[['a']], rows, undefined])), JSON.stringify(answer([[['a']], rows, undefined]), null, 2)]) {
      const { seen, stored, values } = read(text, 1);
      expect(seen).toEqual(rows);
      expect(stored).toEqual(rows);
      expect(values[0]).toEqual([['a']]);
      expect(values[2]).toEqual([]);
    }
  });

  it('agrees with JSON.parse on random answers (fast-check)', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(...EVIL));
    const table = fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(table, { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), (tables, pick, pretty) => {
        const streamed = pick % tables.length;
        const text = JSON.stringify(answer(tables), null, pretty ? 2 : undefined);
        const reference = JSON.parse(text) as Answer;
        const { seen, stored, values } = read(text, streamed);
        const expected = reference.valueRanges[streamed]?.values ?? [];
        expect(seen).toEqual(expected);
        expect(stored).toEqual(expected);
        reference.valueRanges.forEach((range, i) => {
          if (i !== streamed) expect(values[i]).toEqual(range.values ?? []);
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('walks a stored row again and tells empty and exact cells without decoding', () => {
    const rows: CellValue[][] = [['L-1', 'NEW', ''], ['L-2', 'CONTACTED', 'k']];
    const { stored } = readValueRanges(Buffer.from(JSON.stringify(answer([rows]))), { streamed: 0, onRow: () => undefined });
    const cursor = stored.walk(1, stored.cursor());
    expect([cursor.index, cursor.width, cursor.value(0), cursor.value(2)]).toEqual([1, 3, 'L-2', 'k']);
    expect(cursor.equals(1, Buffer.from('CONTACTED'))).toBe(true);
    expect(cursor.equals(1, Buffer.from('CONTACT'))).toBe(false);
    expect(stored.walk(0, cursor).isEmpty(2)).toBe(true);
    expect(cursor.isEmpty(5)).toBe(true);
    expect(cursor.isEmpty(0)).toBe(false);
    expect(stored.walk(7, cursor).width).toBe(0);
    expect(stored.row(7)).toEqual([]);
  });

  it('ignores members it does not know, wherever they are', () => {
    const text = '{"spreadsheetId":"x","valueRanges":[{"values":[["a"]],"range":"t!A1","extra":{"deep":[1,{"values":[["no"]]}]}}],"trailer":[]}';
    expect(read(text, 0).seen).toEqual([['a']]);
  });

  it.each([
    ['empty', ''],
    ['not an object', '[]'],
    ['truncated', '{"valueRanges":[{"values":[["a","b'],
    ['unterminated row', '{"valueRanges":[{"values":[["a"'],
    ['missing comma', '{"valueRanges":[{"values":[["a" "b"]]}]}'],
    ['row is not an array', '{"valueRanges":[{"values":["a"]}]}'],
    ['trailing garbage', '{"valueRanges":[]} x'],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
  ])('refuses %s with a coded error', (_, text) => {
    expect(() => read(text, 0)).toThrow(MalformedJson);
  });
});
