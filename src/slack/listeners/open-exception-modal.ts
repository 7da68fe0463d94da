import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import type { UseCaseContext } from '../../use-cases/context.ts';
import type { ExceptionModalContext } from '../views/exception-modals.ts';
import { openModalOnClick } from './open-modal-on-click.ts';

/** A manager action on an exception message: managers get the modal; anyone else a private no. */
export function openExceptionModal(app: App, ctx: UseCaseContext, button: { actionId: string; modalName: string; modal: (context: ExceptionModalContext) => View }): void {
  openModalOnClick(app, ctx, {
    actionId: button.actionId,
    modalName: button.modalName,
    parseValue: (value) => (typeof value === 'string' && value ? value : undefined),
    refusal: (_exceptionId, user) => ((ctx.exceptions?.managers ?? []).includes(user) ? undefined : 'Only managers (MANAGER_SLACK_IDS) can act on exceptions; nothing was changed.'),
    modal: (exceptionId, place) => button.modal({ exceptionId, channel: place.channel, ts: place.ts }),
    logFields: (exceptionId) => ({ exceptionId }),
  });
}
