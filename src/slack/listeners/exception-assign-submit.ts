import type { App } from '@slack/bolt';
import { actOnException } from '../../use-cases/act-on-exception.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { exceptionRejectionText } from '../views/exception-message.ts';
import { EXCEPTION_ASSIGN_MODAL, parseExceptionModalContext } from '../views/exception-modals.ts';
import { decideModalSubmission } from './decide-modal-submission.ts';
import { causeErrors } from './cause-errors.ts';

/** The Assign modal's submission: rep and cause required (shown in the modal), then decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  decideModalSubmission(app, ctx, {
    callbackId: EXCEPTION_ASSIGN_MODAL,
    readForm: (field) => {
      const repId = field('rep');
      const cause = field('cause');
      const note = field('note');
      const errors: Record<string, string> = repId ? {} : { rep: 'Pick the rep who takes this lead' };
      return { input: { repId, cause, note }, errors: { ...errors, ...causeErrors(cause, note) } };
    },
    parseContext: parseExceptionModalContext,
    decide: async (context, actorId, { repId, cause, note }) => {
      const decision = await actOnException(ctx, { exceptionId: context.exceptionId, actorId, action: { kind: 'assign', repId, cause, note } });
      return decision.kind === 'reject' ? exceptionRejectionText(decision, ctx.settings) : undefined;
    },
  });
}
