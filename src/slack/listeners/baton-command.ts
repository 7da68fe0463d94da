import type { App } from '@slack/bolt';
import { parseBatonCommand } from '../../domain/parse-baton-command.ts';
import { homeFromView, openLeadsOf } from '../../use-cases/build-home.ts';
import { findLead } from '../../use-cases/find-lead.ts';
import { loadReportView } from '../../use-cases/load-report-view.ts';
import { setAvailability } from '../../use-cases/set-availability.ts';
import { isManager, type VisibilityContext } from '../../use-cases/visibility-context.ts';
import { awayReply, helpReply, leadReply, reportReply, statusReply, unavailableReply, type Reply } from '../views/baton-command-replies.ts';

export const BATON_COMMAND = '/baton';

export interface CommandDeps {
  vctx: VisibilityContext;
  /** A fresh signed link to the report page. */
  reportLink: () => string;
  /** Someone's availability changed: refresh their Home (and the managers'). */
  refreshHomes: (userIds: string[]) => void;
}

/** What `/baton <text>` answers, privately to the person who typed it. */
export async function answerCommand(deps: CommandDeps, userId: string, text: string): Promise<Reply> {
  const { vctx } = deps;
  const { ctx } = vctx;
  const settings = ctx.settings;
  const manager = isManager(vctx, userId);
  const command = parseBatonCommand(text, ctx.clock.now(), settings.timeZone);
  try {
    switch (command.kind) {
      case 'help':
        return helpReply(manager);
      case 'unknown':
        return helpReply(manager, command.problem ?? (command.text ? `I do not know "/baton ${command.text}".` : undefined));
      case 'status': {
        const view = await loadReportView(vctx);
        return statusReply(openLeadsOf(view, userId, settings.slaMinutes), view.now, settings);
      }
      case 'away':
      case 'back': {
        const outcome = await setAvailability(vctx, userId, command.kind === 'away' ? { lastDay: command.lastDay, until: command.until } : null);
        deps.refreshHomes([userId, ...vctx.managerIds]);
        return awayReply(outcome, settings.timeZone);
      }
      case 'report': {
        if (!manager) return helpReply(false, 'Reports are for managers (MANAGER_SLACK_IDS).');
        const home = homeFromView(vctx, await loadReportView(vctx), userId);
        return reportReply((home.manager as NonNullable<typeof home.manager>).figures, command.range, settings, deps.reportLink());
      }
      case 'lead':
        return leadReply(command.query, await findLead(vctx, command.query), settings);
    }
  } catch (error) {
    ctx.log.warn({ user: userId, command: command.kind, err: error instanceof Error ? error.message : String(error) }, '/baton: could not answer');
    return unavailableReply(error);
  }
}

/** `/baton`: ack at once (Slack allows 3 s), then answer through the command's response_url. */
export function register(app: App, deps: CommandDeps): void {
  app.command(BATON_COMMAND, async ({ ack, command, respond }) => {
    await ack();
    const reply = await answerCommand(deps, command.user_id, command.text ?? '');
    await respond({ response_type: 'ephemeral', text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
  });
}
