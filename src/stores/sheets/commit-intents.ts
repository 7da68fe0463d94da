import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileSafe, ProcessFiles } from '../../outbox/process-files.ts';
import { replaceDurably } from '../../outbox/write-durably.ts';
import type { CommitIntent } from './recover-commit.ts';

/**
 * Commit intents in DATA_DIR, one file per process and sheet (`commit-intent-<sheet>-<pid>.json`),
 * saved before a commit is sent and removed once it is checked.
 */
export class CommitIntents {
  private readonly files: ProcessFiles;

  constructor(dir: string, spreadsheetId: string) {
    this.files = new ProcessFiles(dir, `commit-intent-${fileSafe(spreadsheetId)}-`);
  }

  /** Saved (fsync) before the commit is sent; the returned function removes it. */
  begin(intent: CommitIntent): () => void {
    mkdirSync(this.files.dir, { recursive: true });
    const path = this.files.own();
    replaceDurably(path, JSON.stringify(intent));
    return () => rmSync(path, { force: true });
  }

  /** Intents left by processes that are gone: each was killed between a write and its check. */
  interrupted(): Array<{ intent: CommitIntent; remove: () => void }> {
    return this.files.leftByDeadProcesses().flatMap(({ path, remove }) => {
      try {
        return [{ intent: JSON.parse(readFileSync(path, 'utf8')) as CommitIntent, remove }];
      } catch {
        // Unreadable: replaceDurably renames a complete file into place, so this one was never ours to trust.
        remove();
        return [];
      }
    });
  }
}
