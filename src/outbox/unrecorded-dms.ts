import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { fileSafe, ProcessFiles } from './process-files.ts';

/** A lead DM Slack accepted whose channel/ts is not on the lead's row yet. */
export interface UnrecordedDm {
  leadId: string;
  owner: string;
  ref: { channel: string; ts: string };
}

function isUnrecordedDm(value: unknown): value is UnrecordedDm {
  const dm = value as Partial<UnrecordedDm>;
  return typeof dm?.leadId === 'string' && typeof dm.owner === 'string' && typeof dm.ref?.channel === 'string' && typeof dm.ref.ts === 'string';
}

/**
 * DMs sent but not yet recorded on their lead rows, kept (fsync) in DATA_DIR in one small file per
 * process (`dms-<sheet>-<pid>.json`). A process killed between a DM and its record leaves them
 * behind; the next startup sweep records them instead of DMing the owner again, so a crash there
 * costs the rep no extra DM.
 */
export class UnrecordedDms {
  private readonly files: ProcessFiles;
  private readonly current = new Map<string, UnrecordedDm>();
  /** A save is running; `dirty` asks for one more when it ends: one write at a time, however many DMs. */
  private saving = false;
  private dirty = false;

  constructor(
    dir: string,
    spreadsheetId: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.files = new ProcessFiles(dir, `dms-${fileSafe(spreadsheetId)}-`);
  }

  /**
   * Saved off the event loop, every change of one turn in one write. Measured: a synchronous
   * rewrite and fsync per DM took half the CPU of a busy Baton on PostgreSQL. The cost of the
   * delay: a crash before the write lands means one extra DM for those leads, which the startup
   * sweep's announce-once marker keeps at one.
   */
  private save(): void {
    this.dirty = true;
    if (this.saving) return;
    this.saving = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await this.write([...this.current.values()]);
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.saving = false;
    }
  }

  private async write(dms: UnrecordedDm[]): Promise<void> {
    const path = this.files.own();
    if (dms.length === 0) {
      await rm(path, { force: true });
      return;
    }
    await mkdir(this.files.dir, { recursive: true });
    const tmp = `${path}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(JSON.stringify(dms));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  }

  /** Right after Slack accepted the DM, before it is recorded. */
  note(dm: UnrecordedDm): void {
    this.current.set(dm.leadId, dm);
    this.save();
  }

  /** Once the record commit is durable (or found the lead with another owner). */
  forget(leadIds: readonly string[]): void {
    let changed = false;
    for (const leadId of leadIds) changed = this.current.delete(leadId) || changed;
    if (changed) this.save();
  }

  /** DMs processes that are gone sent but never recorded; `done` removes their files once recorded. */
  leftBehind(): { dms: UnrecordedDm[]; done: () => void } {
    const files = this.files.leftByDeadProcesses();
    const dms = files.flatMap(({ path }) => {
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
        return Array.isArray(parsed) ? parsed.filter(isUnrecordedDm) : [];
      } catch {
        return [];
      }
    });
    return { dms, done: () => files.forEach((file) => file.remove()) };
  }
}
