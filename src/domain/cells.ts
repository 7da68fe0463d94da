/** What a spreadsheet cell can hold once read: admins type numbers and booleans too. */
export type CellValue = string | number | boolean | null;

export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // A phone typed as a number must not turn into "6.28123456789e+12".
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value.trim();
}

/** Blank, junk or negative counts read as 0: an admin clearing a cell must not break a sweep. */
export function cellCount(value: CellValue | undefined): number | undefined {
  const text = cellText(value);
  if (text === '') return 0;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.floor(n);
}
