import { clockTime } from '../../domain/time.ts';
import type { Millis } from '../../domain/types.ts';
import type { ViewSettings } from './lead-details.ts';
import { escapeMrkdwn } from './text.ts';

/** Said to the clicker alone when the sheet is unreachable: the click is kept and will count from its own time. */
export function queuedClickText(click: { leadId: string; clickedAt: Millis }, settings: ViewSettings): string {
  const at = clockTime(click.clickedAt, settings.timeZone);
  return (
    `:floppy_disk: Saved: your click at ${at} is recorded. The lead sheet is unreachable right now, so lead ${escapeMrkdwn(click.leadId)} ` +
    `will be marked CONTACTED at ${at} as soon as it is back, and it will not be re-routed meanwhile. No need to click again.`
  );
}
