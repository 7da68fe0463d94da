import type { QuarantineNotice } from '../outbox/journal-file.ts';
import type { UseCaseContext } from './context.ts';

/**
 * Tells the managers, once, that damaged journal lines were moved to quarantine: an acknowledged
 * lead or click may be among them, and only a person can tell. The error log and /readyz say it too.
 */
export function reportQuarantine(ctx: UseCaseContext, notices: readonly QuarantineNotice[]): void {
  if (notices.length === 0) return;
  const count = notices.reduce((sum, notice) => sum + notice.count, 0);
  const path = [...new Set(notices.map((notice) => notice.path))].join(', ');
  ctx.background.run(() =>
    ctx.notifier
      .notifyManagers({ kind: 'journal-quarantined', count, path })
      .catch((error: unknown) => ctx.log.error({ err: String(error), quarantine: path }, 'could not tell managers about quarantined journal lines')),
  );
}
