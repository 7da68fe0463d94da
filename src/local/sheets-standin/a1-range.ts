import { columnLetter } from '../../stores/sheets/a1.ts';
import { invalidArgument } from './errors.ts';

/** One side of an A1 reference; a missing part means "open" (whole column / whole row). 0-based. */
export interface Endpoint {
  col?: number;
  row?: number;
}

/**
 * A range as the caller wrote it, before it meets a grid. `sheet` undefined means the first sheet;
 * `start` undefined means the whole sheet; `end` undefined means a single cell.
 */
export interface ParsedRange {
  text: string;
  sheet?: string;
  start?: Endpoint;
  end?: Endpoint;
}

/** Inclusive 0-based rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface GridSize {
  rowCount: number;
  columnCount: number;
}

const ENDPOINT = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

export function lettersToCol(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Same lettering as the adapter's: one implementation of A, …, Z, AA. */
export const colToLetters = columnLetter;

function parseEndpoint(part: string): Endpoint | undefined {
  const m = ENDPOINT.exec(part);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const ep: Endpoint = {};
  if (m[1] !== undefined) ep.col = lettersToCol(m[1]);
  if (m[2] !== undefined) {
    const row = Number.parseInt(m[2], 10);
    if (row < 1) return undefined;
    ep.row = row - 1;
  }
  return ep;
}

/** Parses the part after '!' ("A1", "A:C", "2:5", "A2:Z"); undefined when it is not A1 notation. */
function parseCells(a1: string): Pick<ParsedRange, 'start' | 'end'> | undefined {
  const parts = a1.split(':');
  if (parts.length === 1) {
    const start = parseEndpoint(parts[0] ?? '');
    // A lone endpoint must name a cell: "A" or "5" alone is not a range.
    if (!start || start.col === undefined || start.row === undefined) return undefined;
    return { start };
  }
  if (parts.length !== 2) return undefined;
  const start = parseEndpoint(parts[0] ?? '');
  const end = parseEndpoint(parts[1] ?? '');
  if (!start || !end) return undefined;
  return { start, end };
}

/**
 * Google's reading order: a quoted prefix is always a sheet title; a bare string without '!' is
 * A1 notation on the first sheet when it looks like one (so a tab named "tab01" is read as cell
 * TAB1, exactly the trap real clients fall into) and a sheet title otherwise.
 */
export function parseRange(text: string): ParsedRange {
  const fail = () => invalidArgument(`Unable to parse range: ${text}`);
  if (text.length === 0) throw fail();
  if (text.startsWith("'")) {
    let i = 1;
    let title = '';
    for (;;) {
      if (i >= text.length) throw fail();
      const ch = text[i];
      if (ch === "'") {
        if (text[i + 1] === "'") {
          title += "'";
          i += 2;
          continue;
        }
        break;
      }
      title += ch;
      i += 1;
    }
    const rest = text.slice(i + 1);
    if (title.length === 0) throw fail();
    if (rest.length === 0) return { text, sheet: title };
    if (!rest.startsWith('!')) throw fail();
    const cells = parseCells(rest.slice(1));
    if (!cells) throw fail();
    return { text, sheet: title, ...cells };
  }
  const bang = text.lastIndexOf('!');
  if (bang === -1) {
    const cells = parseCells(text);
    return cells ? { text, ...cells } : { text, sheet: text };
  }
  const title = text.slice(0, bang);
  const cells = parseCells(text.slice(bang + 1));
  if (title.length === 0 || !cells) throw fail();
  return { text, sheet: title, ...cells };
}

/** Fills open sides from the grid and orders the corners; the result may exceed the grid. */
export function toRect(range: ParsedRange, grid: GridSize): Rect {
  const lastRow = grid.rowCount - 1;
  const lastCol = grid.columnCount - 1;
  if (!range.start) return { r0: 0, c0: 0, r1: lastRow, c1: lastCol };
  const s = range.start;
  const e = range.end ?? s;
  const r0 = s.row ?? 0;
  const c0 = s.col ?? 0;
  const r1 = e.row ?? (range.end ? lastRow : r0);
  const c1 = e.col ?? (range.end ? lastCol : c0);
  return {
    r0: Math.min(r0, r1),
    c0: Math.min(c0, c1),
    r1: Math.max(r0, r1),
    c1: Math.max(c0, c1),
  };
}

/**
 * True when the caller bounded the range on that side (so writes must stay inside it). A single
 * cell is only an anchor: "Sheet1!A1" accepts a matrix of any size, as Google does.
 */
export function closedSides(range: ParsedRange): { rows: boolean; cols: boolean } {
  if (!range.start || !range.end) return { rows: false, cols: false };
  return {
    rows: range.start.row !== undefined && range.end.row !== undefined,
    cols: range.start.col !== undefined && range.end.col !== undefined,
  };
}

const PLAIN_TITLE = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const CELL_LIKE = /^[A-Za-z]{1,3}\d+$/;
const R1C1_LIKE = /^[Rr]\d*[Cc]\d*$/;

export function quoteTitle(title: string): string {
  const plain = PLAIN_TITLE.test(title) && !CELL_LIKE.test(title) && !R1C1_LIKE.test(title);
  return plain ? title : `'${title.replaceAll("'", "''")}'`;
}

function cellA1(row: number, col: number): string {
  return `${colToLetters(col)}${row + 1}`;
}

export function formatRect(title: string, rect: Rect): string {
  const start = cellA1(rect.r0, rect.c0);
  const single = rect.r0 === rect.r1 && rect.c0 === rect.c1;
  return `${quoteTitle(title)}!${single ? start : `${start}:${cellA1(rect.r1, rect.c1)}`}`;
}

function formatEndpoint(ep: Endpoint): string {
  return `${ep.col === undefined ? '' : colToLetters(ep.col)}${ep.row === undefined ? '' : ep.row + 1}`;
}

/** The caller's range with the resolved title, keeping open sides open (as Google's messages do). */
export function formatRequested(title: string, range: ParsedRange): string {
  if (!range.start) return quoteTitle(title);
  const start = formatEndpoint(range.start);
  const a1 = range.end ? `${start}:${formatEndpoint(range.end)}` : start;
  return `${quoteTitle(title)}!${a1}`;
}
