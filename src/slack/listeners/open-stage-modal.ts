import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { parseButtonValue, type StageModalContext } from '../views/stage-views.ts';
import { mention } from '../views/text.ts';
import { openModalOnClick } from './open-modal-on-click.ts';

/**
 * A lead-stage button on the owner's DM: the owner gets the modal; someone the DM was not for is
 * told privately. Only the DM's addressee is checked here, the Book decides on submission.
 */
export function openStageModal(app: App, ctx: UseCaseContext, button: { actionId: string; modalName: string; modal: (context: StageModalContext, leadName: string) => View }): void {
  openModalOnClick(app, ctx, {
    actionId: button.actionId,
    modalName: button.modalName,
    parseValue: parseButtonValue,
    refusal: (parsed, user) => (parsed.addressedTo && parsed.addressedTo !== user ? `This lead is assigned to ${mention(parsed.addressedTo)}; only they can change it.` : undefined),
    modal: (parsed, place) => button.modal({ leadId: parsed.leadId, addressedTo: parsed.addressedTo, channel: place.channel, ts: place.ts }, ''),
    logFields: (parsed) => ({ leadId: parsed.leadId }),
  });
}
