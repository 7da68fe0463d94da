import type { App } from '@slack/bolt';
import { actOnException } from '../../use-cases/act-on-exception.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { exceptionRejectionText } from '../views/exception-message.ts';
import { EXCEPTION_DISMISS_MODAL, parseExceptionModalContext } from '../views/exception-modals.ts';
import { decideModalSubmission } from './decide-modal-submission.ts';
import { causeErrors } from './cause-errors.ts';

/** The Close-as-junk modal's submission: cause required (shown in the modal), then decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  decideModalSubmission(app, ctx, {
    callbackId: EXCEPTION_DISMISS_MODAL,
    readForm: (field) => {
      const cause = field('cause');
      const note = field('note');
      return { input: { cause, note }, errors: causeErrors(cause, note) };
    },
    parseContext: parseExceptionModalContext,
    decide: async (context, actorId, { cause, note }) => {
      const decision = await actOnException(ctx, { exceptionId: context.exceptionId, actorId, action: { kind: 'dismiss', cause, note } });
      return decision.kind === 'reject' ? exceptionRejectionText(decision, ctx.settings) : undefined;
    },
  });
}
