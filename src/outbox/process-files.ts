import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process with this pid is running (a pid reused since is taken as alive: its files wait). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Files one process keeps in DATA_DIR about work it has in flight (`<prefix><pid>.json`), so a
 * server and an `npm run sweep` beside it never take each other's for leftovers, and the next
 * process can finish what a killed one left behind.
 */
export class ProcessFiles {
  constructor(
    readonly dir: string,
    private readonly prefix: string,
  ) {}

  /** This process's own file. */
  own(): string {
    return join(this.dir, `${this.prefix}${process.pid}.json`);
  }

  /** Files of processes that are gone. This process's own are skipped: a store in it may still be at work (tests run several). */
  leftByDeadProcesses(): Array<{ path: string; remove: () => void }> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).flatMap((name) => {
      if (!name.startsWith(this.prefix) || !name.endsWith('.json')) return [];
      const pid = Number(name.slice(this.prefix.length, -'.json'.length));
      if (!Number.isInteger(pid) || pid === process.pid || running(pid)) return [];
      const path = join(this.dir, name);
      return [{ path, remove: () => rmSync(path, { force: true }) }];
    });
  }
}

/** A spreadsheet id as it may appear in a file name. */
export function fileSafe(spreadsheetId: string): string {
  return spreadsheetId.replace(/[^\w-]/g, '_');
}
