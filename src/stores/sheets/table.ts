import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';

/** Header names -> column positions, read from row 1 every time the tab is read. */
export class HeaderMap {
  private readonly positions = new Map<string, number>();
  readonly width: number;

  constructor(readonly headers: readonly CellValue[]) {
    headers.forEach((header, index) => {
      const name = cellText(header).toLowerCase();
      // The first column with a name wins; a later duplicate is an admin's and is left alone.
      if (name && !this.positions.has(name)) this.positions.set(name, index);
    });
    this.width = headers.length;
  }

  has(name: string): boolean {
    return this.positions.has(name);
  }

  column(name: string): number | undefined {
    return this.positions.get(name);
  }

  missing(required: readonly string[]): string[] {
    return required.filter((name) => !this.positions.has(name));
  }

  /** A row as the API returns it (trailing empties trimmed) -> cells by header name. */
  record(row: readonly CellValue[] | undefined): Record<string, CellValue> {
    const record: Record<string, CellValue> = {};
    for (const [name, index] of this.positions) {
      const value = row?.[index];
      record[name] = value === undefined || value === '' ? null : value;
    }
    return record;
  }

  /** Cells by header name -> a full row; columns Baton does not know stay empty. */
  row(record: Readonly<Record<string, CellValue>>): CellValue[] {
    const row: CellValue[] = new Array<CellValue>(this.width).fill(null);
    for (const [name, value] of Object.entries(record)) {
      const index = this.positions.get(name);
      if (index !== undefined) row[index] = value;
    }
    return row;
  }
}
