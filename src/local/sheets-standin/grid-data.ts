import type { CellValue } from './types.ts';
import { resolveClipped } from './value-ops.ts';
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
    let resolved: ReturnType<typeof resolveClipped>;
    try {
      resolved = resolveClipped(wb, text);
    } catch {
      // The update is already applied; a response range outside the grid just echoes nothing.
      continue;
    }
    const { sheet, clipped } = resolved;
    const rows = wb.readRect(sheet, clipped, { value: 'UNFORMATTED_VALUE', dateTime: 'SERIAL_NUMBER' });
    const entry = bySheet.get(sheet.sheetId) ?? { properties: { sheetId: sheet.sheetId, title: sheet.title }, data: [] };
    entry.data.push({
      startRow: clipped.r0,
      startColumn: clipped.c0,
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
