import type { CellValue } from './types.ts';
import { newSheet, type SheetState, type Workbook } from './workbook.ts';

/** Inspection/edit helpers behind the SheetsStandin handle; they bypass HTTP, faults and counts. */

function requireSheet(wb: Workbook, title: string): SheetState {
  const sheet = wb.sheets.find((s) => s.title === title);
  if (!sheet) throw new Error(`sheets stand-in: no tab named ${JSON.stringify(title)} (have ${wb.sheets.map((s) => s.title).join(', ')})`);
  return sheet;
}

export function readTab(wb: Workbook, title: string): CellValue[][] {
  const sheet = requireSheet(wb, title);
  return wb.readRect(
    sheet,
    { r0: 0, c0: 0, r1: sheet.rowCount - 1, c1: sheet.columnCount - 1 },
    { value: 'FORMULA', dateTime: 'SERIAL_NUMBER' },
  );
}

export function writeTab(wb: Workbook, title: string, rows: CellValue[][]): void {
  let sheet = wb.sheets.find((s) => s.title === title);
  if (!sheet) {
    sheet = newSheet(wb.newSheetId(title), title);
    wb.sheets.push(sheet);
  }
  wb.replaceContent(sheet, rows);
}

export function isFormula(wb: Workbook, title: string, row: number, col: number): boolean {
  return wb.getCell(requireSheet(wb, title), row, col)?.f === true;
}
