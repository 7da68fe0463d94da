/**
 * A seeded chaos run: the seed alone decides which operations run, in which order, on which leads
 * and with which data, so `CHAOS_SEED=<n>` replays the same story. What Baton answers (and when a
 * SIGKILL lands inside a burst) is up to Baton; the invariants must hold whatever it answers.
 */
import { mulberry32 } from '../../src/local/sheets-standin/faults.ts';
import type { StandinMessage } from '../../src/local/slack-standin/index.ts';
import { readTable, sheetIdOf, stageOf, typeCell, isBlankRow, type Tab, type TabRow } from './chaos-sheet.ts';
import { alive, ChaosWorld, SLA_MINUTES, STEADY_REPS, STRANGER, TOGGLED_REP, type SweepRun } from './chaos-world.ts';
import { waitUntil, type RawResponse } from './support.ts';

export interface SentLead {
  key: string;
  body: Record<string, string>;
  /** What the phone must read in the sheet (E.164 digits, DEFAULT_COUNTRY ID). */
  phone: string;
  answers: Array<{ op: number; status: number; leadId?: string; error?: string }>;
}

export type ClickExpectation = 'apply' | 'reject';

export interface ClickRecord {
  op: number;
  kind: string;
  user: string;
  leadId: string;
  status: number;
  expect: ClickExpectation;
  /** Whether Sheets was under an injected fault when the click was sent. */
  underFault: boolean;
  /** The DM whose button was clicked. */
  ts: string;
  /** Wall-clock time the click was sent (to find the private replies it got). */
  sentAt: number;
  /** The lead's row as the sheet showed it just before the click. */
  seen: string;
  /** lead_sheet headers the admin had renamed at the time. */
  renamedHeaders: string[];
}

export interface StageEdit {
  op: number;
  leadId: string;
  value: string;
  /** Baton's clock when the admin typed it. */
  at: number;
}

/** A lead an admin typed into lead_sheet by hand (no lead_id): Baton must adopt it. */
export interface HandTypedLead {
  op: number;
  name: string;
  phone: string;
}

export interface SweepRecord {
  op: number;
  underFault: boolean;
  /** A header of lead_sheet was renamed by the admin at the time (the sweep may rightly refuse). */
  headerRenamed: boolean;
  run: SweepRun;
}

export interface ChaosLog {
  seed: number;
  ops: string[];
  counts: Record<string, number>;
  leads: SentLead[];
  clicks: ClickRecord[];
  stageEdits: StageEdit[];
  notes: string[];
  handTyped: HandTypedLead[];
  sweeps: SweepRecord[];
  restarts: Array<{ op: number; how: string; exit?: string }>;
  finalStop?: { code: number | null; signal: NodeJS.Signals | null; ms: number };
  serverLogs: string[];
}

type Rng = () => number;

interface Pending {
  at: number;
  what: string;
  run: () => Promise<void> | void;
}

const FIRST = ['Ani', 'Budi', 'Sari', 'Joko', 'Wati', 'Rina', 'Agus', 'Dian', 'Eko', 'Fitri', 'Hadi', 'Intan'];
const LAST = ['Santoso', 'Wijaya', 'Lestari', 'Pratama', 'Kusuma', 'Halim', 'Siregar', 'Nasution'];
const SORT_COLUMNS = ['created_at', 'name', 'assigned_at', 'stage', 'sales_slack_id', 'phone'];
const HAND_STAGES = [' contacted ', 'QUALIFIED', 'CLOSED LOST', ' New ', 'new'];

/** Operation kinds and their weights. */
const WEIGHTS: Array<[string, number]> = [
  ['intake', 22],
  ['burst', 5],
  ['click.owner', 12],
  ['click.repeat', 3],
  ['click.stranger', 4],
  ['click.former-owner', 3],
  ['sweep', 6],
  ['kill', 3],
  ['kill.mid-burst', 3],
  ['restart.graceful', 1],
  ['admin.insert-rows', 4],
  ['admin.delete-rows', 3],
  ['admin.sort', 4],
  ['admin.move-column', 4],
  ['admin.rename-header', 2],
  ['admin.lock-tab', 5],
  ['admin.note-row', 3],
  ['admin.hand-typed-lead', 2],
  ['admin.stage-edit', 3],
  ['admin.toggle-rep', 2],
  ['fault.outage', 2],
  ['fault.fail-next', 3],
  ['fault.lose-write', 3],
  ['fault.random', 2],
];

export class ChaosScenario {
  readonly log: ChaosLog;
  private readonly rng: Rng;
  private op = 0;
  private leadCounter = 0;
  private pending: Pending[] = [];
  private downUntil: number | undefined;
  private outage = false;
  private randomFaults = false;
  private renamed = new Map<string, string>();

  constructor(
    private readonly world: ChaosWorld,
    readonly seed: number,
  ) {
    this.rng = mulberry32(seed);
    this.log = { seed, ops: [], counts: {}, leads: [], clicks: [], stageEdits: [], notes: [], handTyped: [], sweeps: [], restarts: [], serverLogs: [] };
  }

  private int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  private pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }

  private chance(p: number): boolean {
    return this.rng() < p;
  }

  private count(kind: string): void {
    this.log.counts[kind] = (this.log.counts[kind] ?? 0) + 1;
    this.log.ops.push(`#${this.op} ${kind}`);
  }

  private get faulted(): boolean {
    return this.outage || this.randomFaults;
  }

  async run(operations: number): Promise<void> {
    await this.world.startServer(true);
    for (this.op = 1; this.op <= operations; this.op += 1) {
      for (const due of this.pending.filter((p) => p.at <= this.op)) {
        this.pending.splice(this.pending.indexOf(due), 1);
        this.count(due.what);
        await due.run();
      }
      if (this.downUntil !== undefined && this.op >= this.downUntil) await this.restart('restart after kill');
      const kind = this.choose();
      await this.perform(kind);
    }
    await this.finish();
  }

  private choose(): string {
    const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.rng() * total;
    for (const [kind, weight] of WEIGHTS) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return 'intake';
  }

  private async perform(kind: string): Promise<void> {
    this.count(kind);
    const world = this.world;
    switch (kind) {
      case 'intake':
        await this.intake(this.newLead());
        return;
      case 'burst': {
        const leads = Array.from({ length: 3 + this.int(4) }, () => this.newLead());
        await Promise.all(leads.map((lead) => this.intake(lead)));
        return;
      }
      case 'click.owner':
        return this.ownerClick(this.chance(0.3));
      case 'click.repeat':
        return this.repeatClick();
      case 'click.stranger':
        return this.strangerClick();
      case 'click.former-owner':
        return this.formerOwnerClick();
      case 'sweep':
        return this.sweep();
      case 'kill':
        return this.killNow(false);
      case 'kill.mid-burst':
        return this.killNow(true);
      case 'restart.graceful': {
        if (!alive(world.server)) return this.restart('restart');
        const exit = await world.stopGracefully();
        this.log.restarts.push({ op: this.op, how: 'SIGTERM', exit: JSON.stringify(exit) });
        this.collectLogs();
        await this.restart('restart after SIGTERM');
        return;
      }
      case 'admin.insert-rows':
        return this.insertRows();
      case 'admin.delete-rows':
        return this.deleteRows();
      case 'admin.sort':
        return this.sortLeads();
      case 'admin.move-column':
        return this.moveColumn();
      case 'admin.rename-header':
        return this.renameHeader();
      case 'admin.lock-tab':
        return this.lockTab();
      case 'admin.note-row':
        return this.noteRow();
      case 'admin.hand-typed-lead':
        return this.handTypedLead();
      case 'admin.stage-edit':
        return this.stageEdit();
      case 'admin.toggle-rep':
        return this.toggleRep();
      case 'fault.outage': {
        if (this.outage) return;
        this.outage = true;
        world.sheets.faults.setOutage(true);
        this.schedule(1 + this.int(3), 'fault.outage-end', () => {
          this.outage = false;
          world.sheets.faults.setOutage(false);
        });
        return;
      }
      case 'fault.fail-next':
        world.sheets.faults.failNext(1 + this.int(3), this.pick([429, 500] as const));
        return;
      case 'fault.lose-write':
        world.sheets.faults.loseNextWriteResponses(1);
        return;
      case 'fault.random': {
        if (this.randomFaults) return;
        this.randomFaults = true;
        world.sheets.faults.setRandomFailures({ 429: 0.15, 500: 0.1 }, this.seed + this.op);
        this.schedule(2 + this.int(3), 'fault.random-end', () => {
          this.randomFaults = false;
          world.sheets.faults.setRandomFailures({}, 0);
        });
        return;
      }
      default:
        throw new Error(`chaos: unknown operation ${kind}`);
    }
  }

  private schedule(inOps: number, what: string, run: () => Promise<void> | void): void {
    this.pending.push({ at: this.op + inOps, what, run });
  }

  // ---- intakes -------------------------------------------------------------------------------

  private newLead(): SentLead {
    this.leadCounter += 1;
    const n = this.leadCounter;
    const digits = String(10_000_000 + ((this.seed * 7919 + n * 104_729) % 90_000_000)).padStart(8, '0');
    const local = `812${digits}`;
    const format = this.int(3);
    const phone = format === 0 ? `0${local.slice(0, 3)}-${local.slice(3, 7)}-${local.slice(7)}` : format === 1 ? `+62 ${local.slice(0, 3)} ${local.slice(3, 7)} ${local.slice(7)}` : `0${local}`;
    const body: Record<string, string> = {
      name: `${this.pick(FIRST)} ${this.pick(LAST)} ${this.seed}-${n}`,
      phone,
      email: `chaos-${this.seed}-${n}@example.com`,
      source: `chaos-${this.seed}`,
    };
    if (this.chance(0.4)) body.company = `Toko ${this.pick(LAST)} ${n}`;
    if (this.chance(0.3)) body.message = `please call, ref ${n}`;
    const lead: SentLead = { key: `chaos-${this.seed}-${n}`, body, phone: `62${local}`, answers: [] };
    this.log.leads.push(lead);
    return lead;
  }

  private async intake(lead: SentLead): Promise<RawResponse> {
    const res = await this.world.postLead(lead.key, lead.body);
    const leadId = typeof res.json?.lead_id === 'string' ? (res.json.lead_id as string) : undefined;
    lead.answers.push({ op: this.op, status: res.status, ...(leadId ? { leadId } : {}), ...(res.error || res.status >= 300 ? { error: (res.error ?? res.text).slice(0, 200) } : {}) });
    return res;
  }

  /** The form provider retries whatever got no 2xx, with the same Idempotency-Key. */
  private async providerRetries(): Promise<void> {
    const open = this.log.leads.filter((lead) => !lead.answers.some((a) => a.status >= 200 && a.status < 300));
    await Promise.all(open.map((lead) => this.intake(lead)));
  }

  // ---- clicks --------------------------------------------------------------------------------

  private leadTab(): Tab {
    return readTable(this.world.sheets, 'lead_sheet');
  }

  /** The newest DM with a Mark as CONTACTED button for this lead in someone's inbox. */
  private button(userId: string, leadId: string): { channel: string; ts: string; value: string } | undefined {
    const messages = this.world.slack.inbox(userId).filter((m) => !m.ephemeral);
    for (const message of [...messages].reverse()) {
      const value = buttonValueFor(message, leadId);
      if (value) return { channel: message.channel, ts: message.ts, value };
    }
    return undefined;
  }

  /** Not due on Baton's clock for at least five minutes, so no sweep can take it from its owner meanwhile. */
  private safelyOwned(row: TabRow): boolean {
    const since = Date.parse(row.get('last_routed_at') || row.get('assigned_at'));
    return Number.isFinite(since) && since + (SLA_MINUTES - 5) * 60_000 > this.world.now();
  }

  private async clickAs(kind: string, user: string, leadId: string, button: { channel: string; ts: string; value: string }, expect: ClickExpectation): Promise<void> {
    const underFault = this.faulted;
    const row = this.leadTab().rows.find((r) => r.get('lead_id') === leadId);
    const seen = row ? ['stage', 'sales_slack_id', 'assigned_at', 'last_routed_at', 'route_count'].map((h) => `${h}=${row.get(h)}`).join(' ') + ` baton-now=${new Date(this.world.now()).toISOString()}` : 'not in the sheet';
    const sentAt = Date.now();
    const status = await this.world.click(user, button);
    this.log.clicks.push({ op: this.op, kind, user, leadId, status, expect, underFault, ts: button.ts, sentAt, seen, renamedHeaders: [...this.renamed.keys()] });
  }

  private async ownerClick(twice: boolean): Promise<void> {
    const candidates = this.leadTab().rows.filter((row) => {
      const owner = row.get('sales_slack_id');
      return row.get('lead_id') !== '' && stageOf(row) === 'NEW' && owner !== '' && this.safelyOwned(row) && this.button(owner, row.get('lead_id')) !== undefined;
    });
    if (candidates.length === 0) return this.count('click.owner(no target)');
    const row = this.pick(candidates);
    const owner = row.get('sales_slack_id');
    const leadId = row.get('lead_id');
    const button = this.button(owner, leadId) as { channel: string; ts: string; value: string };
    const clicks = twice ? 2 : 1;
    await Promise.all(Array.from({ length: clicks }, () => this.clickAs(twice ? 'owner-double' : 'owner', owner, leadId, button, 'apply')));
  }

  private async repeatClick(): Promise<void> {
    const done = this.log.clicks.filter((c) => c.expect === 'apply' && c.status === 200);
    if (done.length === 0) return this.count('click.repeat(no target)');
    const earlier = this.pick(done);
    const button = this.button(earlier.user, earlier.leadId);
    if (!button) return this.count('click.repeat(no target)');
    const row = this.leadTab().rows.find((r) => r.get('lead_id') === earlier.leadId);
    // Still the owner of a NEW lead (the first click not applied yet): this click must apply too.
    const expect: ClickExpectation = row && stageOf(row) === 'NEW' && row.get('sales_slack_id') === earlier.user && this.safelyOwned(row) ? 'apply' : 'reject';
    await this.clickAs('repeat', earlier.user, earlier.leadId, button, expect);
  }

  private async strangerClick(): Promise<void> {
    const rows = this.leadTab().rows.filter((row) => row.get('lead_id') !== '' && row.get('sales_slack_id') !== '');
    if (rows.length === 0) return this.count('click.stranger(no target)');
    const row = this.pick(rows);
    const owner = row.get('sales_slack_id');
    const button = this.button(owner, row.get('lead_id'));
    if (!button) return this.count('click.stranger(no target)');
    const history = row.get('owner_history').split(/[\s,>→]+/).filter(Boolean);
    const others = [STRANGER, ...STEADY_REPS.filter((rep) => rep !== owner && !history.includes(rep))];
    await this.clickAs('stranger', this.pick(others), row.get('lead_id'), button, 'reject');
  }

  private async formerOwnerClick(): Promise<void> {
    const rows = this.leadTab().rows.filter((row) => {
      const history = row.get('owner_history').split(/[\s,>→]+/).filter(Boolean);
      return row.get('lead_id') !== '' && history.length >= 2 && history[0] !== row.get('sales_slack_id');
    });
    if (rows.length === 0) return this.count('click.former-owner(no target)');
    const row = this.pick(rows);
    const former = row.get('owner_history').split(/[\s,>→]+/).filter(Boolean)[0] as string;
    const button = this.button(former, row.get('lead_id'));
    if (!button) return this.count('click.former-owner(no target)');
    await this.clickAs('former-owner', former, row.get('lead_id'), button, 'reject');
  }

  // ---- sweeps, kills, restarts ---------------------------------------------------------------

  private async sweep(): Promise<void> {
    await this.world.skipMinutes(SLA_MINUTES + 1);
    const underFault = this.faulted;
    const run = await this.world.sweepProcess();
    this.log.sweeps.push({ op: this.op, underFault, headerRenamed: this.renamed.size > 0, run });
  }

  private async killNow(midBurst: boolean): Promise<void> {
    const world = this.world;
    if (!alive(world.server)) return;
    if (midBurst) {
      const leads = Array.from({ length: 4 + this.int(5) }, () => this.newLead());
      const killAfter = this.int(leads.length);
      let answered = 0;
      let release: () => void = () => undefined;
      const enough = new Promise<void>((resolve) => (release = resolve));
      if (killAfter === 0) release();
      const sent = leads.map((lead) =>
        this.intake(lead).then(() => {
          answered += 1;
          if (answered >= killAfter) release();
        }),
      );
      await enough;
      this.collectLogs();
      await world.kill();
      await Promise.all(sent);
    } else {
      this.collectLogs();
      await world.kill();
    }
    this.log.restarts.push({ op: this.op, how: midBurst ? 'SIGKILL mid-burst' : 'SIGKILL' });
    // Down for a moment (intakes meanwhile find nobody listening), then started again.
    if (this.chance(0.5)) this.downUntil = this.op + 1 + this.int(2);
    else await this.restart('restart after kill');
  }

  private async restart(how: string): Promise<void> {
    this.downUntil = undefined;
    if (alive(this.world.server)) return;
    // A start with a header renamed adds the missing header at the end (by design, README "The
    // spreadsheet"); renaming it back then leaves two columns of that name. That is the admin's
    // doing, not a loss, so the admin renames back before Baton starts again.
    for (const header of [...this.renamed.keys()]) {
      this.count('admin.rename-back(before restart)');
      this.renameBack(header);
    }
    this.pending = this.pending.filter((p) => p.what !== 'admin.rename-back' || this.renamed.size > 0);
    this.log.restarts.push({ op: this.op, how });
    await this.world.startServer(!this.outage);
    await this.providerRetries();
  }

  private collectLogs(): void {
    const output = this.world.server?.output() ?? '';
    const lines = output.split('\n').filter((line) => line.trim());
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: unknown };
        const err = entry.err === undefined ? '' : `: ${(typeof entry.err === 'string' ? entry.err : JSON.stringify(entry.err)).slice(0, 200)}`;
        if ((entry.level ?? 0) >= 40 && entry.msg) this.log.serverLogs.push(`${entry.msg}${err}`);
      } catch {
        this.log.serverLogs.push(line.slice(0, 200));
      }
    }
  }

  // ---- admin edits ---------------------------------------------------------------------------

  private leadSheetId(): number {
    return sheetIdOf(this.world.sheets, 'lead_sheet');
  }

  private async insertRows(): Promise<void> {
    const tab = this.leadTab();
    const at = 1 + this.int(tab.rows.length + 1);
    this.world.sheets.adminBatchUpdate([{ insertDimension: { range: { sheetId: this.leadSheetId(), dimension: 'ROWS', startIndex: at, endIndex: at + 1 + this.int(2) }, inheritFromBefore: true } }]);
  }

  private async deleteRows(): Promise<void> {
    const tab = this.leadTab();
    const notLeads = tab.rows.filter((row) => row.get('lead_id') === '' && (isBlankRow(row) || this.log.notes.some((note) => row.cells.includes(note))));
    if (notLeads.length === 0) return this.count('admin.delete-rows(nothing to delete)');
    const row = this.pick(notLeads);
    this.world.sheets.adminBatchUpdate([{ deleteDimension: { range: { sheetId: this.leadSheetId(), dimension: 'ROWS', startIndex: row.index, endIndex: row.index + 1 } } }]);
  }

  private async sortLeads(): Promise<void> {
    const tab = this.leadTab();
    const column = tab.column(this.pick(SORT_COLUMNS));
    if (column < 0) return this.count('admin.sort(column missing)');
    this.world.sheets.adminBatchUpdate([
      { sortRange: { range: { sheetId: this.leadSheetId(), startRowIndex: 1 }, sortSpecs: [{ dimensionIndex: column, sortOrder: this.chance(0.5) ? 'ASCENDING' : 'DESCENDING' }] } },
    ]);
  }

  private async moveColumn(): Promise<void> {
    const width = this.leadTab().headers.length;
    const from = this.int(width);
    let to = this.int(width + 1);
    if (to === from || to === from + 1) to = (from + 2) % (width + 1);
    this.world.sheets.adminBatchUpdate([{ moveDimension: { source: { sheetId: this.leadSheetId(), dimension: 'COLUMNS', startIndex: from, endIndex: from + 1 }, destinationIndex: to } }]);
  }

  private async renameHeader(): Promise<void> {
    const tab = this.leadTab();
    const choices = tab.headers.filter((h) => h !== '' && h !== 'lead_id' && !this.renamed.has(h));
    if (choices.length === 0) return;
    const header = this.pick(choices);
    const renamed = `${header} (edited)`;
    typeCell(this.world.sheets, 'lead_sheet', 0, tab.column(header), renamed);
    this.renamed.set(header, renamed);
    this.schedule(1 + this.int(3), 'admin.rename-back', () => this.renameBack(header));
  }

  private renameBack(header: string): void {
    const renamed = this.renamed.get(header);
    if (renamed === undefined) return;
    this.renamed.delete(header);
    const tab = this.leadTab();
    const col = tab.headers.indexOf(renamed ?? '');
    if (col >= 0) typeCell(this.world.sheets, 'lead_sheet', 0, col, header);
  }

  private async lockTab(): Promise<void> {
    const locks = this.world.sheets.tabs().filter((t) => t.title.startsWith('_baton_lock_'));
    if (locks.length === 0) return this.count('admin.lock-tab(no lock tab)');
    const lock = this.pick(locks);
    const action = this.pick(['delete', 'rename', 'duplicate'] as const);
    this.count(`admin.lock-tab.${action}`);
    if (action === 'delete') this.world.sheets.adminBatchUpdate([{ deleteSheet: { sheetId: lock.sheetId } }]);
    else if (action === 'rename') this.world.sheets.adminBatchUpdate([{ updateSheetProperties: { properties: { sheetId: lock.sheetId, title: `old lock ${this.op}` }, fields: 'title' } }]);
    else this.world.sheets.adminBatchUpdate([{ duplicateSheet: { sourceSheetId: lock.sheetId } }]);
  }

  private async noteRow(): Promise<void> {
    const tab = this.leadTab();
    const text = `NOTE ${this.seed}-${this.op}: ${this.pick(['call back after lunch', 'office closed Friday', 'ask Budi about pricing', 'do not call before 9'])}`;
    const blank = tab.rows.filter(isBlankRow);
    const row = blank.length > 0 && this.chance(0.5) ? this.pick(blank).index : tab.rows.length + 1;
    const column = tab.column(this.pick(['name', 'message', 'company']));
    if (column < 0) return this.count('admin.note-row(column missing)');
    typeCell(this.world.sheets, 'lead_sheet', row, column, text);
    this.log.notes.push(text);
  }

  /** A phone call taken by hand: name and phone typed into the first free row, nothing else. */
  private async handTypedLead(): Promise<void> {
    const tab = this.leadTab();
    const name = `Walk-in ${this.pick(FIRST)} ${this.seed}-${this.op}`;
    const phone = `0813 ${String(1000 + this.int(9000))} ${String(1000 + this.int(9000))}`;
    const nameCol = tab.column('name');
    const phoneCol = tab.column('phone');
    if (nameCol < 0 || phoneCol < 0) return this.count('admin.hand-typed-lead(column missing)');
    const row = tab.rows.length + 1;
    typeCell(this.world.sheets, 'lead_sheet', row, nameCol, name);
    typeCell(this.world.sheets, 'lead_sheet', row, phoneCol, phone);
    this.log.handTyped.push({ op: this.op, name, phone });
  }

  private async stageEdit(): Promise<void> {
    const tab = this.leadTab();
    const rows = tab.rows.filter((row) => row.get('lead_id') !== '');
    const column = tab.column('stage');
    if (rows.length === 0 || column < 0) return this.count('admin.stage-edit(no target)');
    const row = this.pick(rows);
    const value = this.pick(HAND_STAGES);
    typeCell(this.world.sheets, 'lead_sheet', row.index, column, value);
    this.log.stageEdits.push({ op: this.op, leadId: row.get('lead_id'), value, at: this.world.now() });
  }

  private async toggleRep(): Promise<void> {
    const roster = readTable(this.world.sheets, 'sales_sheet');
    const row = roster.rows.find((r) => r.get('slack_id') === TOGGLED_REP);
    if (!row) return;
    typeCell(this.world.sheets, 'sales_sheet', row.index, roster.column('active'), row.get('active') === 'ON' ? 'OFF' : 'ON');
  }

  // ---- the end -------------------------------------------------------------------------------

  /**
   * Faults end, renamed headers are renamed back, the provider retries until every lead is
   * accepted, a restart lets the startup sweep finish half-done work, and a SIGTERM ends Baton
   * once its outbox is empty and the stand-ins have gone quiet.
   */
  private async finish(): Promise<void> {
    const world = this.world;
    this.op = Number.MAX_SAFE_INTEGER - 1;
    this.outage = false;
    this.randomFaults = false;
    world.sheets.faults.clear();
    for (const header of [...this.renamed.keys()]) this.renameBack(header);
    this.pending = [];
    await this.restart('final start');
    for (let round = 0; round < 3; round += 1) await this.providerRetries();
    await drain(world);
    this.collectLogs();
    const exit = await world.stopGracefully();
    this.log.restarts.push({ op: this.op, how: 'final SIGTERM + start', exit: JSON.stringify(exit) });
    await world.startServer(true);
    await drain(world);
    this.collectLogs();
    this.log.finalStop = await world.stopGracefully();
  }
}

async function drain(world: ChaosWorld): Promise<void> {
  try {
    await waitUntil(async () => (await world.readyz())?.outbox_depth === 0, 30_000, 'the outbox to drain', 200);
  } catch {
    // Reported by the invariants (a lead still journaled is not in the sheet).
  }
  await world.quiet(1_500, 30_000);
}

/** The button value of this lead in any version of a message (an update may have removed the button since). */
export function buttonValueFor(message: StandinMessage, leadId: string): string | undefined {
  for (const version of [{ blocks: message.blocks }, ...message.history]) {
    for (const block of version.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>) {
      for (const element of block.elements ?? []) {
        if (element.action_id !== 'mark_contacted' || !element.value) continue;
        try {
          if ((JSON.parse(element.value) as { lead_id?: string }).lead_id === leadId) return element.value;
        } catch {
          if (element.value === leadId) return element.value;
        }
      }
    }
  }
  return undefined;
}
