import type { View } from '@slack/types';
import { ASSIGN_CAUSES, DISMISS_CAUSES } from '../../domain/exceptions.ts';

export const EXCEPTION_ASSIGN_MODAL = 'exception_assign_modal';
export const EXCEPTION_DISMISS_MODAL = 'exception_dismiss_modal';

/** What a modal carries back on submission: which exception, and where the click happened (for private replies). */
export interface ExceptionModalContext {
  exceptionId: string;
  channel: string;
  ts: string;
}

const CAUSE_LABELS: Record<string, string> = {
  territory: 'Territory',
  capacity: 'Capacity',
  vip: 'VIP',
  data_fix: 'Data fix',
  junk: 'Junk / spam',
  duplicate: 'Duplicate',
  test: 'Test submission',
  unreachable: 'Cannot be reached',
  other: 'Other (say why in the note)',
};

function option(value: string) {
  return { text: { type: 'plain_text' as const, text: CAUSE_LABELS[value] ?? value }, value };
}

function noteBlock(label: string) {
  return {
    type: 'input' as const,
    block_id: 'note',
    optional: true,
    label: { type: 'plain_text' as const, text: label },
    element: { type: 'plain_text_input' as const, action_id: 'note', multiline: true, max_length: 500 },
  };
}

/** Assign to…: a rep picker and a required cause, plus a note. */
export function assignModal(context: ExceptionModalContext): View {
  return {
    type: 'modal',
    callback_id: EXCEPTION_ASSIGN_MODAL,
    private_metadata: JSON.stringify(context),
    title: { type: 'plain_text', text: 'Assign lead' },
    submit: { type: 'plain_text', text: 'Assign' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: 'rep', label: { type: 'plain_text', text: 'Rep' }, element: { type: 'users_select', action_id: 'rep', placeholder: { type: 'plain_text', text: 'Pick a rep from sales_sheet' } } },
      { type: 'input', block_id: 'cause', label: { type: 'plain_text', text: 'Cause' }, element: { type: 'static_select', action_id: 'cause', options: ASSIGN_CAUSES.map(option) } },
      noteBlock('Note'),
    ],
  };
}

/** Close as junk: a required cause (the lead becomes CLOSED LOST), plus a note. */
export function dismissModal(context: ExceptionModalContext): View {
  return {
    type: 'modal',
    callback_id: EXCEPTION_DISMISS_MODAL,
    private_metadata: JSON.stringify(context),
    title: { type: 'plain_text', text: 'Close as junk' },
    submit: { type: 'plain_text', text: 'Close lead' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: 'cause', label: { type: 'plain_text', text: 'Cause' }, element: { type: 'static_select', action_id: 'cause', options: DISMISS_CAUSES.map(option) } },
      noteBlock('Note'),
    ],
  };
}

export function parseExceptionModalContext(metadata: unknown): ExceptionModalContext | undefined {
  if (typeof metadata !== 'string' || metadata.length > 2000) return undefined;
  try {
    const parsed = JSON.parse(metadata) as Partial<ExceptionModalContext>;
    if (typeof parsed.exceptionId !== 'string' || !parsed.exceptionId) return undefined;
    return { exceptionId: parsed.exceptionId, channel: typeof parsed.channel === 'string' ? parsed.channel : '', ts: typeof parsed.ts === 'string' ? parsed.ts : '' };
  } catch {
    return undefined;
  }
}
