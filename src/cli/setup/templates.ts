import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../project-root.ts';

/** The repository's sheets-templates/ folder. */
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'sheets-templates');

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const source = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i += 1;
      endRow();
    } else field += c;
    i += 1;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** CSV rows -> records keyed by the (lower-cased) header cells. */
export function csvRecords(rows: readonly string[][]): Record<string, string>[] {
  const [header, ...data] = rows;
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  return data.map((row) => Object.fromEntries(names.map((name, i) => [name, (row[i] ?? '').trim()])));
}

/** The sample reps in sheets-templates/sales_sheet.csv. */
export function loadRosterTemplate(dir: string = TEMPLATES_DIR): Record<string, string>[] {
  const file = join(dir, 'sales_sheet.csv');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the sample roster ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return csvRecords(parseCsv(text));
}
