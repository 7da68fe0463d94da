import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { MARK_LOST, lostModal } from '../views/stage-views.ts';
import { openStageModal } from './open-stage-modal.ts';

/** Closed lost: the owner gets the reason modal; ownership and stage are decided again on submission. */
export function register(app: App, ctx: UseCaseContext): void {
  openStageModal(app, ctx, { actionId: MARK_LOST, modalName: 'lost', modal: lostModal });
}
