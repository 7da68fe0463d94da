import { formatRequested, parseRange, type ParsedRange, type Rect } from './a1-range.ts';
import type { Cell, RenderOptions } from './cell-codec.ts';
import { renderCell } from './cell-codec.ts';
import { invalidArgument, type ApiError } from './errors.ts';
import type { CellValue } from './types.ts';

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;
/** Google's per-workbook cell ceiling; growth past it is refused with its message. */
export const MAX_CELLS = 10_000_000;
/** What a spreadsheet created by an account in the US reports; Baton reads hand-typed dates in it. */
export const DEFAULT_LOCALE = 'en_US';
export const DEFAULT_TIME_ZONE = 'Etc/GMT';

export interface StoredValidation {
  startRowIndex: number;
  endRowIndex: number;
  startColumnIndex: number;
  endColumnIndex: number;
  rule: unknown;
}

export interface SheetState {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  frozenColumnCount: number;
  hidden: boolean;
  /** Sparse: missing rows/cells are empty. Index = 0-based row / column. */
  rows: Array<Array<Cell | null> | null>;
  validations: StoredValidation[];
}

export interface WorkbookState {
  version: 1;
  spreadsheetId: string;
  title: string;
  /** spreadsheet properties.locale / timeZone; absent in files written before they were stored. */
  locale?: string;
  timeZone?: string;
  /** In tab order; a sheet's `index` is its position here. */
  sheets: SheetState[];
}

export interface ResolvedRange {
  sheet: SheetState;
  range: ParsedRange;
}

export function newSheet(sheetId: number, title: string, rowCount = DEFAULT_ROWS, columnCount = DEFAULT_COLUMNS): SheetState {
  return {
    sheetId,
    title,
    rowCount,
    columnCount,
    frozenRowCount: 0,
    frozenColumnCount: 0,
    hidden: false,
    rows: [],
    validations: [],
  };
}

/** FNV-1a: sheet ids look random like Google's but stay reproducible across runs. */
function hashId(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) || 1;
}

export class Workbook {
  constructor(public state: WorkbookState) {}

  static create(spreadsheetId: string, seed: Record<string, CellValue[][]> | undefined): Workbook {
    const wb = new Workbook({ version: 1, spreadsheetId, title: 'Baton (local stand-in)', sheets: [] });
    const entries = Object.entries(seed ?? {});
    if (entries.length === 0) entries.push(['Sheet1', []]);
    for (const [title, rows] of entries) {
      // The first tab gets gid 0 like a freshly created Google spreadsheet.
      const sheet = newSheet(wb.state.sheets.length === 0 ? 0 : wb.newSheetId(title), title);
      wb.state.sheets.push(sheet);
      wb.replaceContent(sheet, rows);
    }
    return wb;
  }

  clone(): Workbook {
    return new Workbook(structuredClone(this.state));
  }

  get sheets(): SheetState[] {
    return this.state.sheets;
  }

  newSheetId(seedText: string): number {
    let id = hashId(`${seedText}#${this.state.sheets.length}`);
    while (this.sheetById(id)) id = (id % 2_147_483_646) + 1;
    return id;
  }

  sheetById(id: number): SheetState | undefined {
    return this.state.sheets.find((s) => s.sheetId === id);
  }

  /** Exact title first; Sheets also resolves titles case-insensitively. */
  sheetByTitle(title: string): SheetState | undefined {
    return (
      this.state.sheets.find((s) => s.title === title) ??
      this.state.sheets.find((s) => s.title.toLowerCase() === title.toLowerCase())
    );
  }

  resolve(text: string): ResolvedRange {
    const range = parseRange(text);
    const sheet = range.sheet === undefined ? this.state.sheets[0] : this.sheetByTitle(range.sheet);
    if (!sheet) throw invalidArgument(`Unable to parse range: ${text}`);
    return { sheet, range };
  }

  indexOf(sheet: SheetState): number {
    return this.state.sheets.indexOf(sheet);
  }

  totalCells(): number {
    return this.state.sheets.reduce((n, s) => n + s.rowCount * s.columnCount, 0);
  }

  /** Throws Google's ceiling error if the sheet grew to at least rowCount x columnCount. */
  checkGrowth(sheet: SheetState, rowCount: number, columnCount: number): void {
    const rows = Math.max(sheet.rowCount, rowCount);
    const cols = Math.max(sheet.columnCount, columnCount);
    const after = this.totalCells() - sheet.rowCount * sheet.columnCount + rows * cols;
    if (after > MAX_CELLS) {
      throw invalidArgument(
        `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
      );
    }
  }

  /** Grows the grid (never shrinks) and enforces the workbook cell ceiling. */
  ensureGrid(sheet: SheetState, rowCount: number, columnCount: number): void {
    if (rowCount <= sheet.rowCount && columnCount <= sheet.columnCount) return;
    this.checkGrowth(sheet, rowCount, columnCount);
    sheet.rowCount = Math.max(sheet.rowCount, rowCount);
    sheet.columnCount = Math.max(sheet.columnCount, columnCount);
  }

  getCell(sheet: SheetState, row: number, col: number): Cell | null {
    return sheet.rows[row]?.[col] ?? null;
  }

  setCell(sheet: SheetState, row: number, col: number, cell: Cell | null): void {
    let r = sheet.rows[row];
    if (!r) {
      if (cell === null) return;
      r = [];
      sheet.rows[row] = r;
    }
    r[col] = cell;
  }

  /** Last 0-based row holding a value within columns [c0, c1], or -1. */
  lastDataRow(sheet: SheetState, c0 = 0, c1 = Number.MAX_SAFE_INTEGER, fromRow = 0): number {
    for (let r = sheet.rows.length - 1; r >= fromRow; r -= 1) {
      const row = sheet.rows[r];
      if (!row) continue;
      const end = Math.min(c1, row.length - 1);
      for (let c = c0; c <= end; c += 1) if (row[c]) return r;
    }
    return -1;
  }

  /** First 0-based row at or after fromRow holding a value within columns [c0, c1], or -1. */
  firstDataRow(sheet: SheetState, c0: number, c1: number, fromRow: number): number {
    for (let r = fromRow; r < sheet.rows.length; r += 1) {
      const row = sheet.rows[r];
      if (!row) continue;
      const end = Math.min(c1, row.length - 1);
      for (let c = c0; c <= end; c += 1) if (row[c]) return r;
    }
    return -1;
  }

  /** Leftmost column with a value in rows [r0, r1] at or after c0, or -1. */
  firstDataCol(sheet: SheetState, r0: number, r1: number, c0: number, c1 = Number.MAX_SAFE_INTEGER): number {
    let best = -1;
    for (let r = r0; r <= r1; r += 1) {
      const row = sheet.rows[r];
      if (!row) continue;
      const end = Math.min(c1, row.length - 1);
      for (let c = c0; c <= end; c += 1) {
        if (row[c]) {
          if (best === -1 || c < best) best = c;
          break;
        }
      }
    }
    return best;
  }

  lastDataCol(sheet: SheetState, r0: number, r1: number, c0 = 0): number {
    let best = -1;
    for (let r = r0; r <= r1; r += 1) {
      const row = sheet.rows[r];
      if (!row) continue;
      for (let c = row.length - 1; c > best && c >= c0; c -= 1) {
        if (row[c]) {
          best = c;
          break;
        }
      }
    }
    return best;
  }

  /** Rows as the API returns them: trailing empty cells and rows dropped, inner gaps as ''. */
  readRect(sheet: SheetState, rect: Rect, render: RenderOptions): CellValue[][] {
    const out: CellValue[][] = [];
    let lastNonEmpty = -1;
    for (let r = rect.r0; r <= rect.r1; r += 1) {
      const src = sheet.rows[r];
      const row: CellValue[] = [];
      if (src) {
        const end = Math.min(rect.c1, src.length - 1);
        let lastCell = -1;
        for (let c = rect.c0; c <= end; c += 1) {
          const cell = src[c];
          row.push(cell ? renderCell(cell, render) : '');
          if (cell) lastCell = row.length - 1;
        }
        row.length = lastCell + 1;
      }
      out.push(row);
      if (row.length > 0) lastNonEmpty = out.length - 1;
      // Stop scanning the sparse tail: nothing stored beyond it.
      if (r >= sheet.rows.length - 1) break;
    }
    out.length = lastNonEmpty + 1;
    return out;
  }

  /** Admin replace: verbatim values, grid grown to fit. */
  replaceContent(sheet: SheetState, rows: CellValue[][]): void {
    sheet.rows = rows.map((row) => row.map((v) => (v === '' || v === null || v === undefined ? null : { v })));
    const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
    this.ensureGrid(sheet, rows.length, width);
  }

  insertRows(sheet: SheetState, at: number, count: number): void {
    this.ensureGrid(sheet, sheet.rowCount + count, 0);
    if (at < sheet.rows.length) sheet.rows.splice(at, 0, ...new Array<null>(count).fill(null));
  }

  deleteRows(sheet: SheetState, start: number, end: number): void {
    sheet.rows.splice(start, end - start);
    sheet.rowCount -= end - start;
    sheet.frozenRowCount = Math.min(sheet.frozenRowCount, sheet.rowCount);
  }

  insertColumns(sheet: SheetState, at: number, count: number): void {
    this.ensureGrid(sheet, 0, sheet.columnCount + count);
    for (const row of sheet.rows) {
      if (row && at < row.length) row.splice(at, 0, ...new Array<null>(count).fill(null));
    }
  }

  deleteColumns(sheet: SheetState, start: number, end: number): void {
    for (const row of sheet.rows) if (row) row.splice(start, end - start);
    sheet.columnCount -= end - start;
    sheet.frozenColumnCount = Math.min(sheet.frozenColumnCount, sheet.columnCount);
  }

  /** Google's "exceeds grid limits" wording, quoting the range as the caller shaped it. */
  gridLimitError(sheet: SheetState, range: ParsedRange): ApiError {
    return invalidArgument(
      `Range (${formatRequested(sheet.title, range)}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
}

/** JSON view of a sheet's properties, as spreadsheets.get and addSheet replies show them. */
export function sheetProperties(wb: Workbook, sheet: SheetState): Record<string, unknown> {
  const gridProperties: Record<string, number> = { rowCount: sheet.rowCount, columnCount: sheet.columnCount };
  if (sheet.frozenRowCount) gridProperties['frozenRowCount'] = sheet.frozenRowCount;
  if (sheet.frozenColumnCount) gridProperties['frozenColumnCount'] = sheet.frozenColumnCount;
  const props: Record<string, unknown> = {
    sheetId: sheet.sheetId,
    title: sheet.title,
    index: wb.indexOf(sheet),
    sheetType: 'GRID',
    gridProperties,
  };
  if (sheet.hidden) props['hidden'] = true;
  return props;
}
