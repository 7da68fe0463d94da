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

/** A cleared cell reads as 0 (an admin blanking it must not break a sweep); junk or negative is undefined, so the row is reported. */
export function cellCount(value: CellValue | undefined): number | undefined {
  const text = cellText(value);
  if (text === '') return 0;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.floor(n);
}
