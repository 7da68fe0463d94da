import { invalidArgument } from './errors.ts';
import { evaluateFormula } from './formula.ts';
import type { CellValue } from './types.ts';

/**
 * A stored cell. Formula cells keep their text in `v` (that is what FORMULA render returns and
 * what the admin inspection API shows); `t` keeps the display text Sheets would show when it is
 * not simply String(v) (typed "1,234", "50%", dates); `d` marks date/time serials.
 */
export interface Cell {
  v: CellValue;
  f?: true;
  t?: string;
  d?: true;
}

export type ValueInputOption = 'RAW' | 'USER_ENTERED';
export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateTimeRenderOption = 'SERIAL_NUMBER' | 'FORMATTED_STRING';

/** undefined = leave the cell as it is (JSON null); null = clear it. */
export type CellWrite = Cell | null | undefined;

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;
const CURRENCY = /^([+-]?)\$(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASHED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Days since 1899-12-30, the Sheets/Lotus epoch. */
function serial(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): number | undefined {
  const ms = Date.UTC(y, m - 1, d, hh, mm, ss);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  return ms / 86_400_000 + 25_569;
}

/** Which of a slashed date's first two numbers is the month: Sheets reads typed dates in the spreadsheet's locale. */
export type DateOrder = 'MDY' | 'DMY';

/** en_US reads 05/11/2026 as May 11; id_ID, en_GB and most others as 5 November. */
export function dateOrderOf(locale: string): DateOrder {
  try {
    const parts = new Intl.DateTimeFormat(locale.replace('_', '-'), { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(0);
    const types = parts.map((p) => p.type);
    return types.indexOf('day') < types.indexOf('month') ? 'DMY' : 'MDY';
  } catch {
    return 'MDY';
  }
}

function parseDate(text: string, order: DateOrder): number | undefined {
  const iso = ISO_DATE.exec(text);
  const slashed = iso ? undefined : SLASHED_DATE.exec(text);
  const m = iso ?? slashed;
  if (!m) return undefined;
  const nums = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const [a = 0, b = 0, c = 0, hh = 0, mm = 0, ss = 0] = nums;
  if (iso) return serial(a, b, c, hh, mm, ss);
  return order === 'MDY' ? serial(c, a, b, hh, mm, ss) : serial(c, b, a, hh, mm, ss);
}

/** What typing `text` into the Sheets UI stores; numbers are read the en_US way whatever the locale. */
export function parseUserEntered(text: string, order: DateOrder = 'MDY'): Cell | null {
  if (text === '') return null;
  if (text.startsWith("'")) return { v: text.slice(1) };
  if (text.startsWith('=') && text.length > 1) return { v: text, f: true };
  const trimmed = text.trim();
  if (/^(true|false)$/i.test(trimmed)) return { v: trimmed.toUpperCase() === 'TRUE' };
  if (PLAIN_NUMBER.test(trimmed)) return { v: Number(trimmed) };
  if (GROUPED_NUMBER.test(trimmed)) return { v: Number(trimmed.replaceAll(',', '')), t: trimmed };
  if (PERCENT.test(trimmed)) return { v: Number(trimmed.slice(0, -1)) / 100, t: trimmed };
  const money = CURRENCY.exec(trimmed);
  if (money) {
    const n = Number((money[2] ?? '0').replaceAll(',', ''));
    return { v: money[1] === '-' ? -n : n, t: trimmed };
  }
  const date = parseDate(trimmed, order);
  if (date !== undefined) return { v: date, t: trimmed, d: true };
  // Sheets treats a leading '+' as the start of a formula: "+62-812-..." computes a subtraction
  // and "+62 812 ..." is a parse error. Pure "+digits" already landed as a number above.
  if (trimmed.startsWith('+')) return { v: `=${trimmed}`, f: true };
  return { v: text };
}

/** Decodes one element of a ValueRange.values row. `where` names it for error messages. */
export function inputToCell(raw: unknown, option: ValueInputOption, where: string, order: DateOrder = 'MDY'): CellWrite {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw invalidArgument(`Invalid ${where}: number must be finite`);
    return { v: raw };
  }
  if (typeof raw === 'boolean') return { v: raw };
  if (typeof raw === 'string') {
    if (option === 'RAW') return raw === '' ? null : { v: raw };
    return parseUserEntered(raw, order);
  }
  throw invalidArgument(`Invalid ${where}: ${JSON.stringify(raw)}`);
}

function formatted(v: CellValue): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

export interface RenderOptions {
  value: ValueRenderOption;
  dateTime: DateTimeRenderOption;
}

export function renderCell(cell: Cell, opts: RenderOptions): CellValue {
  if (cell.f) {
    if (opts.value === 'FORMULA') return cell.v;
    const result = evaluateFormula(String(cell.v));
    return opts.value === 'FORMATTED_VALUE' ? formatted(result) : result;
  }
  if (opts.value === 'FORMATTED_VALUE') return cell.t ?? formatted(cell.v);
  if (cell.d && opts.value === 'UNFORMATTED_VALUE' && opts.dateTime === 'FORMATTED_STRING') {
    return cell.t ?? formatted(cell.v);
  }
  return cell.v;
}
