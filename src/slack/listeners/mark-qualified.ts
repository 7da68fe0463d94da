import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { MARK_QUALIFIED, qualifyModal } from '../views/stage-views.ts';
import { openStageModal } from './open-stage-modal.ts';

/** Qualified: the owner gets the handoff modal; ownership and stage are decided again on submission. */
export function register(app: App, ctx: UseCaseContext): void {
  openStageModal(app, ctx, { actionId: MARK_QUALIFIED, modalName: 'qualify', modal: qualifyModal });
}
