/**
 * A commit refused because what it was decided against changed since the read (another Baton
 * process committed, or the write was undone): the ledger reads again and decides again. Every
 * store throws this one type; the ledger recognises it by its code.
 */
export class CommitConflict extends Error {
  readonly code = 'BATON_COMMIT_CONFLICT';
}
