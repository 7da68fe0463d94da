import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileSafe, ProcessFiles } from './process-files.ts';
import { replaceDurably } from './write-durably.ts';

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

  constructor(dir: string, spreadsheetId: string) {
    this.files = new ProcessFiles(dir, `dms-${fileSafe(spreadsheetId)}-`);
  }

  private save(): void {
    const path = this.files.own();
    if (this.current.size === 0) {
      rmSync(path, { force: true });
      return;
    }
    mkdirSync(this.files.dir, { recursive: true });
    replaceDurably(path, JSON.stringify([...this.current.values()]));
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
