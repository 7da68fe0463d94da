import { App, AuthorizationError, HTTPReceiver, type CustomRoute, type ReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import type { Logger } from '../log.ts';
import type { UseCaseContext } from '../use-cases/context.ts';
import { boltLogger } from './bolt-logger.ts';
import { register as registerMarkContacted } from './listeners/mark-contacted.ts';
import { registerExceptionListeners } from './register-exception-listeners.ts';

export interface SlackAppOptions {
  token: string;
  /** An xapp- token switches Bolt to Socket Mode: clicks arrive over a WebSocket, no public URL needed. */
  appToken?: string;
  signingSecret: string;
  slackApiUrl?: string;
  port: number;
  routes: CustomRoute[];
  log: Logger;
}

/** A rate-limited or failed Slack call waits and retries, bounded, instead of the default half hour. */
export const SLACK_RETRY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };

/**
 * A signed payload Bolt cannot process (no user, actions not a list…) is the sender's fault:
 * answer 400, not Bolt's default 500. Errors after ack() were already answered.
 */
async function answerMalformedPayload(args: ReceiverProcessEventErrorHandlerArgs, log: Logger): Promise<boolean> {
  const { error, response } = args;
  if (response.headersSent) return false;
  if (error instanceof AuthorizationError) {
    response.writeHead(401);
    response.end();
    return true;
  }
  log.warn({ err: error instanceof Error ? error.message : String(error) }, 'slack: could not process a signed payload; answered 400');
  response.writeHead(400);
  response.end();
  return true;
}

/** Bolt serves Slack's interactivity at /slack/events and Baton's own routes on the same port. */
export function createSlackApp(options: SlackAppOptions, ctx: UseCaseContext): App {
  const logger = boltLogger(options.log);
  const app = new App({
    token: options.token,
    ...(options.appToken
      ? // In Socket Mode Bolt serves the custom routes (the form webhook, health) on this port too.
        { appToken: options.appToken, socketMode: true, port: options.port, customRoutes: options.routes }
      : {
          receiver: new HTTPReceiver({
            signingSecret: options.signingSecret,
            port: options.port,
            customRoutes: options.routes,
            logger,
            processEventErrorHandler: (args) => answerMalformedPayload(args, options.log),
          }),
        }),
    logger,
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      retryConfig: SLACK_RETRY,
    },
  });
  registerMarkContacted(app, ctx);
  registerExceptionListeners(app, ctx);
  app.error(async (error) => {
    options.log.error({ err: error.message, code: (error as { code?: string }).code }, 'bolt: unhandled listener error');
  });
  return app;
}
