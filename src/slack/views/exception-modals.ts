import type { View } from '@slack/types';
import { ASSIGN_CAUSES, DISMISS_CAUSES } from '../../domain/exceptions.ts';
import { formModal, noteInput, readModalMetadata, selectInput } from './form-modal.ts';

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

function causeSelect(causes: readonly string[]) {
  return selectInput('cause', 'Cause', causes.map((value) => ({ value, text: CAUSE_LABELS[value] ?? value })));
}

/** Assign to…: a rep picker and a required cause, plus a note. */
export function assignModal(context: ExceptionModalContext): View {
  return formModal({
    callbackId: EXCEPTION_ASSIGN_MODAL,
    context,
    title: 'Assign lead',
    submit: 'Assign',
    blocks: [
      { type: 'input', block_id: 'rep', label: { type: 'plain_text', text: 'Rep' }, element: { type: 'users_select', action_id: 'rep', placeholder: { type: 'plain_text', text: 'Pick a rep from sales_sheet' } } },
      causeSelect(ASSIGN_CAUSES),
      noteInput(),
    ],
  });
}

/** Close as junk: a required cause (the lead becomes CLOSED LOST), plus a note. */
export function dismissModal(context: ExceptionModalContext): View {
  return formModal({ callbackId: EXCEPTION_DISMISS_MODAL, context, title: 'Close as junk', submit: 'Close lead', blocks: [causeSelect(DISMISS_CAUSES), noteInput()] });
}

export function parseExceptionModalContext(metadata: unknown): ExceptionModalContext | undefined {
  const parsed = readModalMetadata(metadata);
  if (!parsed || typeof parsed.exceptionId !== 'string' || !parsed.exceptionId) return undefined;
  return { exceptionId: parsed.exceptionId, channel: typeof parsed.channel === 'string' ? parsed.channel : '', ts: typeof parsed.ts === 'string' ? parsed.ts : '' };
}
