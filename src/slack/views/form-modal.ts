import type { InputBlock, KnownBlock, PlainTextOption, View } from '@slack/types';

/**
 * A modal that carries where it came from (`private_metadata`, read back on submission) and
 * submits or cancels: the frame every Baton form shares, so only its fields differ.
 */
export function formModal(form: { callbackId: string; context: object; title: string; submit: string; blocks: KnownBlock[] }): View {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    private_metadata: JSON.stringify(form.context),
    title: { type: 'plain_text', text: form.title },
    submit: { type: 'plain_text', text: form.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: form.blocks,
  };
}

/** A required pick from a fixed list; block_id and action_id are the same so the submission reads it by one name. */
export function selectInput(id: string, label: string, options: readonly { value: string; text: string }[]): InputBlock {
  const choices: PlainTextOption[] = options.map(({ value, text }) => ({ text: { type: 'plain_text', text }, value }));
  return { type: 'input', block_id: id, label: { type: 'plain_text', text: label }, element: { type: 'static_select', action_id: id, options: choices } };
}

/** A free-text note, optional unless the submission's own check asks for it. */
export function noteInput(label = 'Note'): InputBlock {
  return {
    type: 'input',
    block_id: 'note',
    optional: true,
    label: { type: 'plain_text', text: label },
    element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 },
  };
}

/** A modal's private_metadata as an object, or undefined when it is not ours (too long, not JSON). */
export function readModalMetadata(metadata: unknown): Record<string, unknown> | undefined {
  if (typeof metadata !== 'string' || metadata.length > 2000) return undefined;
  try {
    const parsed: unknown = JSON.parse(metadata);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
