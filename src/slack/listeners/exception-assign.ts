import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { EXCEPTION_ASSIGN } from '../views/exception-message.ts';
import { assignModal } from '../views/exception-modals.ts';
import { openExceptionModal } from './open-exception-modal.ts';

/** Assign to…: managers get the rep-and-cause modal. */
export function register(app: App, ctx: UseCaseContext): void {
  openExceptionModal(app, ctx, { actionId: EXCEPTION_ASSIGN, modalName: 'assign', modal: assignModal });
}
