import type { Millis } from '../types.ts';
import { foldText } from './fold-text.ts';

/** Slack's vacation and sickness statuses (🌴, 🤒) by their emoji codes. */
const AWAY_EMOJI = new Set([':palm_tree:', ':face_with_thermometer:', ':sick:', '🌴', '🤒']);
/** Status texts that mean "not working", folded; English and Indonesian. */
const AWAY_WORDS = /\b(out of (the )?office|ooo|vacation(ing)?|holidays?|on leave|annual leave|sick|out sick|cuti|sakit|libur)\b/;

export interface SlackStatus {
  emoji: string;
  text: string;
  /** Unix seconds when Slack clears the status; 0 = never. */
  expiration: number;
}

/**
 * Whether a Slack status means the person is away (SLACK_STATUS_OOO), and until when: the status's
 * own expiry, or undefined = until it changes (the cache looks again within minutes).
 */
export function awayBySlackStatus(status: SlackStatus, now: Millis): { away: false } | { away: true; until?: Millis } {
  const expires = status.expiration > 0 ? status.expiration * 1000 : undefined;
  if (expires !== undefined && expires <= now) return { away: false };
  const away = AWAY_EMOJI.has(status.emoji.trim()) || AWAY_WORDS.test(foldText(status.text));
  if (!away) return { away: false };
  return expires === undefined ? { away: true } : { away: true, until: expires };
}
