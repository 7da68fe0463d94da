import type { App } from '@slack/bolt';
import { LOST_REASONS } from '../../domain/stages.ts';
import { changeStage } from '../../use-cases/change-stage.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { MARK_LOST_MODAL, parseStageModalContext, stageRejectionText } from '../views/stage-views.ts';
import { decideModalSubmission } from './decide-modal-submission.ts';

/** The Closed lost modal's submission: a reason from the list required ("other" with a note); decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  decideModalSubmission(app, ctx, {
    callbackId: MARK_LOST_MODAL,
    readForm: (field) => {
      const reason = field('reason');
      const note = field('note');
      const errors: Record<string, string> = {};
      if (!(LOST_REASONS as readonly string[]).includes(reason)) errors.reason = 'Pick a reason';
      else if (reason === 'other' && !note) errors.note = 'Say why in a note';
      return { input: { reason, note }, errors };
    },
    parseContext: parseStageModalContext,
    decide: async (context, actorId, { reason, note }) => {
      const decision = await changeStage(ctx, { leadId: context.leadId, actorId, channel: context.channel, messageTs: context.ts, action: { kind: 'lose', reason, note } });
      return decision.kind === 'reject' ? stageRejectionText(decision, ctx.settings) : undefined;
    },
  });
}
