import { createHash } from 'node:crypto';
import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import { isLeadRow, readRowStage } from '../../domain/classify-lead-row.ts';
import { LEAD_COLUMNS, leadEmail, leadPhone, parseLeadCells, type LeadCells, type LeadColumn, type ParsedLead } from '../../domain/lead-record.ts';
import type { SheetLocale } from '../../domain/time.ts';
import { OPEN_STAGES, STAGES, type Lead, type Stage } from '../../domain/types.ts';
import { addToIndex, keyIndexOf, type LeadIndex } from '../../core/lead-index.ts';
import type { KeyIndex, LeadTable, Snapshot } from '../../core/ports.ts';
import { HeaderMap } from './table.ts';
import { withRoom, type RowCursor, type StoredRows } from './value-ranges.ts';

/** Stage names as the bytes Baton writes them, so most rows' stage is known without decoding. */
const STAGE_BYTES = STAGES.map((stage) => [stage, Buffer.from(stage)] as const);

/** Cells of one row, by column name; an empty string reads as absent, as the API trims it. */
function cellsOf(columns: ReadonlyMap<LeadColumn, number>, at: (position: number) => CellValue | undefined) {
  return (column: LeadColumn): CellValue | undefined => {
    const value = at(columns.get(column) ?? -1);
    return value === '' ? undefined : value;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a lead an admin typed without a lead_id: derived from its name, phone and email, so
 * every read (and every process) gives it the same one, wherever sorting moved the row, until the
 * store writes it into the row. Two rows typed alike get the same id: the second is reported.
 */
export function givenLeadId(cell: LeadCells): string {
  const digest = createHash('sha256').update([cellText(cell('name')), leadPhone(cell('phone')), leadEmail(cell('email'))].join('\u0000')).digest();
  // 50 bits (10 Crockford characters): below 2^53, so plain arithmetic stays exact.
  let rest = digest.readUIntBE(0, 6) * 4 + ((digest[6] ?? 0) >> 6);
  let text = '';
  for (let i = 0; i < 10; i += 1) {
    text = CROCKFORD[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return `L-HAND-${text}`;
}

/**
 * The lead tab as read by one load, decoded as little as possible: every row's id, stage and
 * idempotency key up front, NEW rows in full (a sweep needs them), any other row when asked for.
 * Rows that are not leads (notes, a pasted header, totals: see isLeadRow) are passed over unreported.
 */
export class SheetLeadTable implements LeadTable {
  private rows: StoredRows | undefined;
  private retired = false;
  /** Sheet row (0-based, header = 0) of each lead. */
  private readonly rowOfLead = new Map<string, number>();
  /** Index into STAGES + 1 per sheet row; 0 for rows that are not leads. */
  private stageOfRow = new Uint8Array(1024);
  private readonly decoded = new Map<string, Lead | undefined>();
  /** Ids Baton gave rows typed without a lead_id (givenLeadId), for the store to write into their rows. */
  private readonly given = new Set<string>();
  private readonly fills = new Map<string, Partial<Record<'lead_id' | 'stage', string>>>();
  private readonly sheet: SheetLocale;
  private readonly newLeads: Lead[] = [];
  private readonly byKey: LeadIndex = new Map();
  readonly keys: KeyIndex = keyIndexOf(this.byKey);
  private readonly columns = new Map<LeadColumn, number>();
  private idColumn = -1;
  private stageColumn = -1;
  private keyColumn = -1;
  readonly unreadable: Snapshot['unreadable'] = [];
  header = new HeaderMap([]);
  rowCount = 0;

  /** The row `take` is looking at, read through one reader made once (not a closure per row). */
  private current: RowCursor | undefined;
  private readonly cell = cellsOf(this.columns, (position) => this.current?.value(position));

  /** The sheet's time zone and, once spreadsheets.get told it, its locale (for dates typed as text). */
  constructor(sheet: SheetLocale | string) {
    this.sheet = typeof sheet === 'string' ? { timeZone: sheet } : { timeZone: sheet.timeZone, locale: sheet.locale };
  }

  /** Leads whose lead_id cell is blank: the id is Baton's (givenLeadId) until written into the row. */
  get givenIds(): ReadonlySet<string> {
    return this.given;
  }

  /**
   * Cells a lead typed by hand left blank that Baton read a value into: the lead_id it gave the
   * row, NEW for a blank stage. The store writes them with the lead's first change, else the
   * next read would see an owned lead with a blank stage (reported) or find no id to click.
   */
  get fillIns(): ReadonlyMap<string, Partial<Record<'lead_id' | 'stage', string>>> {
    return this.fills;
  }

  /** Takes the rows as the scanner walks them; `finish` follows with the rows kept for later. */
  readonly take = (row: RowCursor): void => {
    this.rowCount = row.index + 1;
    if (row.index === 0) {
      const names: CellValue[] = [];
      for (let column = 0; column < row.width; column += 1) names.push(row.value(column) ?? '');
      this.header = new HeaderMap(names);
      for (const name of LEAD_COLUMNS) this.columns.set(name, this.header.column(name) ?? -1);
      [this.idColumn, this.stageColumn, this.keyColumn] = (['lead_id', 'stage', 'idempotency_key'] as const).map((name) => this.columns.get(name) ?? -1) as [number, number, number];
      return;
    }
    this.current = row;
    const cell = this.cell;
    const typedId = cellText(row.value(this.idColumn));
    // Rows as Baton writes them (an id, a stage in Baton's bytes) are leads without decoding more.
    let stage = typedId ? this.writtenStage(row) : undefined;
    let leadId = typedId;
    let stageBlank = false;
    if (!stage) {
      if (!isLeadRow(cell)) return;
      leadId = typedId || givenLeadId(cell);
      const read = readRowStage(cell);
      if (!read.ok) {
        this.unreadable.push({ leadId: typedId || untypedLabel(cell), problem: read.problem });
        return;
      }
      stage = read.stage;
      stageBlank = cellText(cell('stage')) === '';
    }
    const first = this.rowOfLead.get(leadId);
    if (first !== undefined) {
      const problem = typedId
        ? `lead_id repeated on row ${row.index + 1}; the first row is used`
        : `row ${row.index + 1} repeats the name, phone and email of row ${first + 1} and has no lead_id; the first row is used`;
      this.unreadable.push({ leadId: typedId || untypedLabel(cell), problem });
      return;
    }
    if (stage === 'NEW') {
      const parsed = this.parse(row.cells(), typedId ? undefined : leadId);
      if (!parsed.ok) {
        this.unreadable.push({ leadId: typedId || untypedLabel(cell), problem: parsed.problem });
        return;
      }
      this.decoded.set(leadId, parsed.lead);
      this.newLeads.push(parsed.lead);
    }
    if (!typedId) this.given.add(leadId);
    if (!typedId || stageBlank) this.fills.set(leadId, { ...(typedId ? {} : { lead_id: leadId }), ...(stageBlank ? { stage } : {}) });
    this.rowOfLead.set(leadId, row.index);
    this.stageOfRow = withRoom(this.stageOfRow, row.index + 1);
    this.stageOfRow[row.index] = STAGES.indexOf(stage) + 1;
    if (!row.isEmpty(this.keyColumn)) addToIndex(this.byKey, cellText(cell('idempotency_key')), leadId);
  };

  private parse(cells: readonly CellValue[], givenId: string | undefined): ParsedLead {
    return parseLeadCells(
      cellsOf(this.columns, (position) => cells[position]),
      this.sheet,
      givenId,
    );
  }

  /** A stage exactly as Baton writes it, matched on its bytes; anything else is decoded by the caller. */
  private writtenStage(row: RowCursor): Stage | undefined {
    for (let i = 0; i < STAGE_BYTES.length; i += 1) {
      const [stage, bytes] = STAGE_BYTES[i] as (typeof STAGE_BYTES)[number];
      if (row.equals(this.stageColumn, bytes)) return stage;
    }
    return undefined;
  }

  private stageAt(index: number): Stage | undefined {
    return STAGES[(this.stageOfRow[index] ?? 0) - 1];
  }

  finish(rows: StoredRows): this {
    this.rows = rows;
    return this;
  }

  /**
   * The store read the sheet again and reuses these bytes for the new answer. Leads decoded so
   * far stay readable; asking for any other row afterwards is a bug and throws.
   */
  retire(): Buffer | undefined {
    const bytes = this.rows?.bytes;
    this.rows = undefined;
    this.retired = true;
    return bytes;
  }

  private storedRows(): StoredRows | undefined {
    if (this.retired) throw new Error('SheetLeadTable: this read was superseded by a newer load; decide against the newest snapshot');
    return this.rows;
  }

  /** The sheet row each lead was read from; holding it does not hold the rows' bytes. */
  get rowIndex(): ReadonlyMap<string, number> {
    return this.rowOfLead;
  }

  get size(): number {
    return this.rowOfLead.size;
  }

  has(leadId: string): boolean {
    return this.rowOfLead.has(leadId);
  }

  /** A closed row is decoded on first use; one that cannot be understood reads as no lead. */
  get(leadId: string): Lead | undefined {
    if (this.decoded.has(leadId)) return this.decoded.get(leadId);
    const index = this.rowOfLead.get(leadId);
    const rows = this.storedRows();
    if (index === undefined || !rows) return undefined;
    const parsed = this.parse(rows.row(index), this.given.has(leadId) ? leadId : undefined);
    const lead = parsed.ok ? parsed.lead : undefined;
    this.decoded.set(leadId, lead);
    return lead;
  }

  atStage(stage: Stage): Lead[] {
    if (stage === 'NEW') return [...this.newLeads];
    const leads: Lead[] = [];
    for (const [leadId, index] of this.rowOfLead) {
      if (this.stageAt(index) !== stage) continue;
      const lead = this.get(leadId);
      if (lead) leads.push(lead);
    }
    return leads;
  }

  eachOpenContact(visit: (leadId: string, phone: string, email: string) => void): void {
    const rows = this.storedRows();
    if (!rows) return;
    const cursor = rows.cursor();
    const cell = cellsOf(this.columns, (position) => cursor.value(position));
    for (const [leadId, index] of this.rowOfLead) {
      const stage = this.stageAt(index);
      if (!stage || !OPEN_STAGES.includes(stage)) continue;
      const known = this.decoded.get(leadId);
      if (known) {
        visit(leadId, known.phone, known.email);
        continue;
      }
      rows.walk(index, cursor);
      visit(leadId, leadPhone(cell('phone')), leadEmail(cell('email')));
    }
  }
}

/** How a problem names a row that has no lead_id: by the name typed in it. */
function untypedLabel(cell: LeadCells): string {
  return `${cellText(cell('name')) || 'a row'} (no lead_id)`;
}
