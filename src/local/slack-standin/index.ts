export { startSlackStandin } from './server.ts';
export { signSlackRequest } from './sign.ts';
export { buildBlockActionsPayload, sendSignedInteraction } from './click.ts';
export type { BlockActionsArgs, SignedInteractionArgs } from './click.ts';
export type {
  InjectedFailure,
  SlackStandin,
  SlackStandinOptions,
  StandinCall,
  StandinChannel,
  StandinFaults,
  StandinMessage,
  StandinUser,
} from './types.ts';
export { buildAppHomeOpenedEvent, buildSlashCommandBody, sendAppHomeOpened, sendSigned, sendSlashCommand } from './command.ts';
export type { SlashCommandArgs } from './command.ts';
