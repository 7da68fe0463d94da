import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes every byte (a regular file may take fewer than asked in one call). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** fsyncs a folder, so a file created or renamed in it survives a power cut. */
export function syncFolder(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends and fsyncs. When the write fails part-way (disk full, I/O error) the file is cut back
 * to its old length, so no half line is left for the next append to be glued onto.
 */
export function appendDurably(path: string, text: string): void {
  const fd = openSync(path, 'a');
  let before = 0;
  try {
    before = fstatSync(fd).size;
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
  } catch (error) {
    try {
      ftruncateSync(fd, before);
      fsyncSync(fd);
    } catch {
      // The next append (or the next start) finds and quarantines the torn tail instead.
    }
    throw error;
  } finally {
    closeSync(fd);
  }
  if (before === 0) syncFolder(path);
}

/** Replaces a file's content atomically: a temporary file, fsync, rename, fsync of the folder. */
export function replaceDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncFolder(path);
}

/** Cuts a file to `length` bytes and fsyncs it. */
export function truncateDurably(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
