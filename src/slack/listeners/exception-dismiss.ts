import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { EXCEPTION_DISMISS } from '../views/exception-message.ts';
import { dismissModal } from '../views/exception-modals.ts';
import { openExceptionModal } from './open-exception-modal.ts';

/** Close as junk: managers get the modal (a cause is required). */
export function register(app: App, ctx: UseCaseContext): void {
  openExceptionModal(app, ctx, { actionId: EXCEPTION_DISMISS, modalName: 'dismiss', modal: dismissModal });
}
