import { toRect } from './a1-range.ts';
import type { CellValue } from './types.ts';
import type { Workbook } from './workbook.ts';

/**
 * The `updatedSpreadsheet` of a batchUpdate asked for with responseRanges and
 * responseIncludeGridData: each range's cells after the update, as Sheets' GridData.
 */
export function responseGridData(wb: Workbook, ranges: unknown): Array<{ properties: Record<string, unknown>; data: unknown[] }> {
  if (!Array.isArray(ranges)) return [];
  const bySheet = new Map<number, { properties: Record<string, unknown>; data: unknown[] }>();
  for (const text of ranges) {
    if (typeof text !== 'string') continue;
    const { sheet, range } = wb.resolve(text);
    const rect = toRect(range, sheet);
    const clipped = { ...rect, r1: Math.min(rect.r1, sheet.rowCount - 1), c1: Math.min(rect.c1, sheet.columnCount - 1) };
    const rows = rect.r0 < sheet.rowCount ? wb.readRect(sheet, clipped, { value: 'UNFORMATTED_VALUE', dateTime: 'SERIAL_NUMBER' }) : [];
    const entry = bySheet.get(sheet.sheetId) ?? { properties: { sheetId: sheet.sheetId, title: sheet.title }, data: [] };
    entry.data.push({
      startRow: rect.r0,
      startColumn: rect.c0,
      rowData: rows.map((row) => ({ values: row.map((value: CellValue) => (value === '' ? {} : { effectiveValue: effective(value), formattedValue: String(value) })) })),
    });
    bySheet.set(sheet.sheetId, entry);
  }
  return [...bySheet.values()];
}

function effective(value: CellValue): Record<string, unknown> {
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { stringValue: value };
}
