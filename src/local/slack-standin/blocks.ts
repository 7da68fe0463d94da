import { createHash } from 'node:crypto';
import { SlackApiError, withMessages } from './errors.ts';

/*
 * Slack rejects a whole message when one block breaks a Block Kit limit, so a stand-in that accepts
 * anything would let a view bug reach production. We check the limits of the blocks Baton builds
 * (section, header, divider, context, actions, buttons) and let other block types through.
 */

const MAX_BLOCKS = 50;
const KNOWN_BLOCKS = new Set([
  'section', 'header', 'divider', 'context', 'actions', 'image', 'input', 'rich_text', 'markdown',
  'file', 'video', 'table',
]);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly errors: string[] = [];

  fail(path: string, message: string): void {
    this.errors.push(`[ERROR] ${message} [json-pointer:${path}]`);
  }

  maxLen(value: unknown, path: string, max: number, min = 0): void {
    if (typeof value !== 'string') {
      this.fail(path, 'must be a string');
      return;
    }
    if (value.length > max) this.fail(path, `must be less than ${max + 1} characters`);
    if (value.length < min) this.fail(path, `must be more than ${min - 1} characters`);
  }

  textObject(value: unknown, path: string, max: number, plainOnly = false): void {
    if (!isObj(value)) {
      this.fail(path, 'must provide an object');
      return;
    }
    const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
      this.fail(`${path}/type`, `must be one of: ${allowed.join(', ')}`);
    }
    if (value.text === undefined) this.fail(path, 'missing required field: text');
    else this.maxLen(value.text, `${path}/text`, max, 1);
  }

  element(value: unknown, path: string, actionIds: Set<string>): void {
    if (!isObj(value) || typeof value.type !== 'string') {
      this.fail(path, 'must provide an object with a type');
      return;
    }
    if (value.action_id !== undefined) {
      this.maxLen(value.action_id, `${path}/action_id`, 255, 1);
      if (typeof value.action_id === 'string') {
        if (actionIds.has(value.action_id)) this.fail(`${path}/action_id`, `duplicate action_id: ${value.action_id}`);
        actionIds.add(value.action_id);
      }
    }
    if (value.type !== 'button') return;
    this.textObject(value.text, `${path}/text`, 75, true);
    if (value.value !== undefined) this.maxLen(value.value, `${path}/value`, 2000);
    if (value.url !== undefined) this.maxLen(value.url, `${path}/url`, 3000);
    if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
      this.fail(`${path}/style`, 'must be one of: primary, danger');
    }
  }

  block(value: unknown, path: string, blockIds: Set<string>): void {
    if (!isObj(value)) {
      this.fail(path, 'must provide an object');
      return;
    }
    if (typeof value.type !== 'string' || !KNOWN_BLOCKS.has(value.type)) {
      this.fail(`${path}/type`, `unsupported type: ${String(value.type)}`);
      return;
    }
    if (value.block_id !== undefined) {
      this.maxLen(value.block_id, `${path}/block_id`, 255, 1);
      if (typeof value.block_id === 'string') {
        if (blockIds.has(value.block_id)) this.fail(`${path}/block_id`, `duplicate block_id: ${value.block_id}`);
        blockIds.add(value.block_id);
      }
    }
    const actionIds = new Set<string>();
    switch (value.type) {
      case 'section':
        if (value.text === undefined && value.fields === undefined) {
          this.fail(path, 'must provide either text or fields');
        }
        if (value.text !== undefined) this.textObject(value.text, `${path}/text`, 3000);
        if (value.fields !== undefined) {
          if (!Array.isArray(value.fields) || value.fields.length > 10) {
            this.fail(`${path}/fields`, 'must be an array of at most 10 items');
          } else {
            value.fields.forEach((f, i) => this.textObject(f, `${path}/fields/${i}`, 2000));
          }
        }
        if (value.accessory !== undefined) this.element(value.accessory, `${path}/accessory`, actionIds);
        return;
      case 'header':
        this.textObject(value.text, `${path}/text`, 150, true);
        return;
      case 'context':
        this.list(value.elements, `${path}/elements`, 10, (el, p) => {
          if (isObj(el) && el.type === 'image') return;
          this.textObject(el, p, 3000);
        });
        return;
      case 'actions':
        this.list(value.elements, `${path}/elements`, 25, (el, p) => this.element(el, p, actionIds));
        return;
      default:
        return;
    }
  }

  list(value: unknown, path: string, max: number, each: (item: unknown, path: string) => void): void {
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(path, 'must provide a non-empty array');
      return;
    }
    if (value.length > max) this.fail(path, `must have at most ${max} items`);
    value.forEach((item, i) => each(item, `${path}/${i}`));
  }
}

/**
 * An array argument as Slack takes it: a JSON string in a form body, an array in a JSON body.
 * undefined when absent; anything else is refused with `error`.
 */
export function readJsonArray(raw: unknown, error: string): unknown[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError(error);
    }
  }
  if (!Array.isArray(value)) throw new SlackApiError(error);
  return value;
}

/**
 * Decodes blocks as they arrive (a JSON string in a form body, an array in a JSON body) and
 * validates them. undefined means "no blocks argument".
 */
export function readBlocks(raw: unknown): unknown[] | undefined {
  const blocks = readJsonArray(raw, 'invalid_blocks_format');
  if (blocks === undefined) return undefined;
  const checker = new Checker();
  if (blocks.length > MAX_BLOCKS) checker.fail('/blocks', `must have at most ${MAX_BLOCKS} items`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => checker.block(b, `/blocks/${i}`, blockIds));
  if (checker.errors.length > 0) throw withMessages('invalid_blocks', checker.errors);
  return blocks;
}

/**
 * Slack stores every block with a block_id, inventing one when the app gave none, and click
 * payloads carry it; deriving it from content keeps our ids stable across runs.
 */
export function withBlockIds(blocks: unknown[], salt: string): unknown[] {
  return blocks.map((block, i) => {
    if (!isObj(block) || typeof block.block_id === 'string') return structuredClone(block);
    const digest = createHash('sha1').update(`${salt}:${i}:${JSON.stringify(block)}`).digest('base64url');
    return { ...structuredClone(block), block_id: digest.slice(0, 5) };
  });
}
