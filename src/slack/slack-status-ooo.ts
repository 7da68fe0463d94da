import type { WebClient } from '@slack/web-api';
import type { Clock } from '../core/ports.ts';
import { awayBySlackStatus } from '../domain/policy/slack-status.ts';
import type { Millis, Rep } from '../domain/types.ts';
import type { Logger } from '../log.ts';
import type { RosterOverlay } from '../use-cases/routing-of.ts';

/** How old the statuses may be (the "cached ≤ 5 minutes"). */
const MAX_AGE_MS = 5 * 60_000;
/** A status with no expiry counts as away until the next look. */
const UNTIL_NEXT_LOOK_MS = MAX_AGE_MS;

/**
 * SLACK_STATUS_OOO: reps whose Slack status says vacation or sick count as out of office. The
 * statuses are looked up in the background (users.profile.get per active rep, needs
 * users.profile:read) at most every five minutes, never while a lead waits: routing uses what is
 * cached, and the first leads after startup route as if nobody had such a status.
 */
export class SlackStatusOoo implements RosterOverlay {
  private away = new Map<string, Millis>();
  private lookedAt = Number.NEGATIVE_INFINITY;
  private looking: Promise<void> | undefined;

  constructor(
    private readonly client: Pick<WebClient, 'users'>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  apply(roster: readonly Rep[]): readonly Rep[] {
    const now = this.clock.now();
    if (now - this.lookedAt > MAX_AGE_MS && !this.looking) {
      const ids = [...new Set(roster.filter((rep) => rep.active).map((rep) => rep.slackId))];
      this.looking = this.look(ids).finally(() => {
        this.looking = undefined;
      });
    }
    if (this.away.size === 0) return roster;
    return roster.map((rep) => {
      const until = this.away.get(rep.slackId);
      if (until === undefined || until <= now || (rep.oooUntil ?? 0) >= until) return rep;
      return { ...rep, oooUntil: until };
    });
  }

  /** Resolves when the lookup running now (if any) is done: for tests and shutdown. */
  idle(): Promise<void> {
    return this.looking ?? Promise.resolve();
  }

  private async look(ids: readonly string[]): Promise<void> {
    const started = this.clock.now();
    const away = new Map<string, Millis>();
    let failures = 0;
    for (const user of ids) {
      try {
        const { profile } = await this.client.users.profile.get({ user });
        const verdict = awayBySlackStatus({ emoji: profile?.status_emoji ?? '', text: profile?.status_text ?? '', expiration: Number(profile?.status_expiration ?? 0) }, started);
        if (verdict.away) away.set(user, verdict.until ?? started + UNTIL_NEXT_LOOK_MS);
      } catch (error) {
        failures += 1;
        // Keep what was known about this rep: a Slack hiccup must not put someone on leave back to work.
        const known = this.away.get(user);
        if (known !== undefined) away.set(user, known);
        if (failures === 1) this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'SLACK_STATUS_OOO: users.profile.get failed (needs the users.profile:read scope); statuses from the last look are kept');
      }
    }
    this.away = away;
    this.lookedAt = started;
    if (away.size > 0) this.log.info({ away: [...away.keys()] }, `SLACK_STATUS_OOO: ${away.size} rep(s) away by their Slack status`);
  }
}
