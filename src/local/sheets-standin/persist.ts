import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { WorkbookState } from './workbook.ts';

export function loadState(file: string): WorkbookState | undefined {
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { version?: unknown }).version !== 1 ||
    !Array.isArray((parsed as { sheets?: unknown }).sheets)
  ) {
    throw new Error(`sheets stand-in: ${file} is not a stand-in state file (version 1)`);
  }
  return parsed as WorkbookState;
}

/**
 * Write-to-temp, fsync, rename, fsync the directory: a crash at any point leaves either the old
 * or the new file, never a torn one. Synchronous on purpose so a 200 means "on disk" and two
 * mutations can never interleave their writes.
 */
export function saveState(file: string, state: WorkbookState): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Directory fsync is not possible on every platform; the rename is still atomic.
  }
}
