import { readBlocks, readJsonArray } from './blocks.ts';
import { SlackApiError } from './errors.ts';

export type Args = Record<string, unknown>;

/** Form bodies carry everything as strings; JSON bodies may carry numbers (e.g. a ts). */
export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Slack's documented ceiling; longer text is refused rather than truncated. */
const MAX_TEXT = 40_000;

export interface Content {
  text: string | undefined;
  blocks: unknown[] | undefined;
  hasAttachments: boolean;
}

/** text / blocks / attachments as chat.* methods read them, with Slack's content errors. */
export function readContent(args: Args): Content {
  const text = str(args, 'text');
  const blocks = readBlocks(args.blocks);
  const hasAttachments = readAttachments(args.attachments);
  const empty = (text === undefined || text === '') && (blocks === undefined || blocks.length === 0) && !hasAttachments;
  if (empty) throw new SlackApiError('no_text');
  if (text !== undefined && text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  return { text, blocks, hasAttachments };
}

function readAttachments(raw: unknown): boolean {
  return (readJsonArray(raw, 'invalid_attachments') ?? []).length > 0;
}
