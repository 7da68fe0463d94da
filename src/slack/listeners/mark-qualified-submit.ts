import type { App } from '@slack/bolt';
import { changeStage } from '../../use-cases/change-stage.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { MARK_QUALIFIED_MODAL, parseStageModalContext, stageRejectionText } from '../views/stage-views.ts';
import { decideModalSubmission } from './decide-modal-submission.ts';

/** The handoff modal's submission: notes required (shown in the modal); owner and stage decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  decideModalSubmission(app, ctx, {
    callbackId: MARK_QUALIFIED_MODAL,
    readForm: (field) => {
      const notes = field('notes');
      const errors: Record<string, string> = notes ? {} : { notes: 'Handoff notes are required' };
      return { input: notes, errors };
    },
    parseContext: parseStageModalContext,
    decide: async (context, actorId, notes) => {
      const decision = await changeStage(ctx, { leadId: context.leadId, actorId, channel: context.channel, messageTs: context.ts, action: { kind: 'qualify', notes } });
      return decision.kind === 'reject' ? stageRejectionText(decision, ctx.settings) : undefined;
    },
  });
}
