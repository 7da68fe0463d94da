import type { App, CustomRoute } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { ChangeSet, Clock, LeadStore } from '../core/ports.ts';
import type { AuditSource } from '../core/visibility-ports.ts';
import { reportKey, signReportLink } from '../http/report-link.ts';
import { reportRoutes } from '../http/report-route.ts';
import type { Logger } from '../log.ts';
import { HomePublisher } from '../slack/home-publisher.ts';
import { register as registerHomeOpened } from '../slack/listeners/app-home-opened.ts';
import { register as registerBatonCommand } from '../slack/listeners/baton-command.ts';
import { register as registerHomeAvailability } from '../slack/listeners/home-availability.ts';
import { register as registerHomeMarkContacted } from '../slack/listeners/home-mark-contacted.ts';
import { digestMessage } from '../slack/views/digest-message.ts';
import { homeView } from '../slack/views/home-view.ts';
import { exceptionBlocks } from '../slack/views/exception-message.ts';
import type { LeadException } from '../domain/exceptions.ts';
import { SheetAuditTail } from '../stores/sheets/audit-tail.ts';
import type { SheetsApi } from '../stores/sheets/client.ts';
import type { Requester } from '../stores/sheets/requester.ts';
import { SheetRosterAvailability } from '../stores/sheets/roster-availability.ts';
import { buildHome } from '../use-cases/build-home.ts';
import type { UseCaseContext } from '../use-cases/context.ts';
import { REPORT_DAYS } from '../use-cases/load-report-view.ts';
import { sendDigest } from '../use-cases/send-digest.ts';
import type { VisibilityContext } from '../use-cases/visibility-context.ts';
import { DigestSchedule } from './digest-schedule.ts';

export interface VisibilityOptions {
  config: Config;
  ctx: UseCaseContext;
  log: Logger;
  clock: Clock;
  sheets: { api: SheetsApi; requester: Requester; spreadsheetId: string };
  slackClient: WebClient;
  signingSecret: string;
  /** The lead store: when it keeps the audit log itself (PostgreSQL), reports read it from there. */
  store?: LeadStore | object;
  onSlackCall?: (method: string, outcome: 'ok' | 'error') => void;
}

export interface Visibility {
  vctx: VisibilityContext;
  routes: CustomRoute[];
  homes: HomePublisher;
  digest: DigestSchedule;
  audit: AuditSource;
  /** Registers App Home, /baton and the Home buttons on the Bolt app. */
  register(app: App): void;
  /** A commit landed: refresh the Homes it concerns (see watchCommits). */
  committed(change: ChangeSet): void;
  /** A signed report link, good for 24 h. */
  reportLink(): string;
  start(listeningPort: number): void;
  stop(): Promise<void>;
}

/** A store whose durable commits are reported to `onCommit` (after the write, never for a failed one). */
export function watchCommits(store: LeadStore, onCommit: (change: ChangeSet) => void): LeadStore {
  return {
    load: (scope) => store.load(scope),
    ...(store.readsByScope ? { readsByScope: true } : {}),
    commit: async (change) => {
      await store.commit(change);
      onCommit(change);
    },
  };
}

function isAuditSource(store: unknown): store is AuditSource {
  return typeof (store as Partial<AuditSource> | undefined)?.recentAudit === 'function';
}

/** Slack ids a committed change concerns: owners before and after, people who acted. */
export function usersConcerned(change: ChangeSet): Set<string> {
  const users = new Set<string>();
  for (const lead of change.newLeads) if (lead.salesSlackId) users.add(lead.salesSlackId);
  for (const { before, after } of change.leadUpdates) {
    if (before.salesSlackId) users.add(before.salesSlackId);
    if (after.salesSlackId) users.add(after.salesSlackId);
  }
  for (const entry of change.audit) if (/^U[A-Z0-9]+$/.test(entry.actor)) users.add(entry.actor);
  return users;
}

/** App Home, /baton, the digest and the report page, wired to Baton's ports (compose.ts calls this). */
export function createVisibility(options: VisibilityOptions): Visibility {
  const { config, ctx, log, clock, sheets } = options;
  const cacheMs = config.CACHE_SECONDS * 1000;
  const audit = isAuditSource(options.store)
    ? options.store
    : new SheetAuditTail({ ...sheets, timeZone: config.TIMEZONE, clock, maxAgeMs: cacheMs, keepMs: (REPORT_DAYS + 2) * 86_400_000 });
  const vctx: VisibilityContext = { ctx, audit, availability: new SheetRosterAvailability(sheets), managerIds: config.MANAGER_SLACK_IDS, cacheMs };
  const key = reportKey(config.REPORT_SECRET, options.signingSecret);
  let baseUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const reportLink = () => signReportLink(baseUrl, key, clock.now());
  const settings = { timeZone: config.TIMEZONE, slaMinutes: config.SLA_MINUTES };
  const homes = new HomePublisher({
    client: options.slackClient,
    log,
    onCall: options.onSlackCall,
    build: async (userId) =>
      homeView(await buildHome(vctx, userId), {
        ...settings,
        // Open exceptions as their own messages show them, with the same buttons (the exceptions issue's builder).
        exceptionBlocks: (exception, lead) => exceptionBlocks(exception as LeadException, lead, settings).blocks,
        ...(vctx.managerIds.includes(userId) ? { reportUrl: reportLink() } : {}),
      }),
  });
  const digest = new DigestSchedule({
    at: config.DIGEST_AT,
    timeZone: config.TIMEZONE,
    log,
    send: () =>
      sendDigest(vctx, async (managerId, facts) => {
        const message = digestMessage(facts, { ...settings, reportUrl: reportLink() });
        await options.slackClient.chat.postMessage({ channel: managerId, text: message.text, blocks: message.blocks, unfurl_links: false });
        options.onSlackCall?.('chat.postMessage', 'ok');
      }),
  });
  return {
    vctx,
    routes: reportRoutes(vctx, key),
    homes,
    digest,
    audit,
    register(app) {
      registerHomeOpened(app, homes);
      registerBatonCommand(app, { vctx, reportLink, refreshHomes: (users) => homes.changed(users) });
      registerHomeAvailability(app, vctx, homes);
      registerHomeMarkContacted(app, ctx, homes);
    },
    committed(change) {
      if (homes.watching.size === 0) return;
      // Managers' Homes show every lead's figures; everyone else only their own leads.
      homes.changed([...usersConcerned(change), ...vctx.managerIds]);
    },
    reportLink,
    start(listeningPort) {
      if (!config.PUBLIC_URL) baseUrl = `http://localhost:${listeningPort}`;
      digest.start();
    },
    async stop() {
      homes.stop();
      await digest.stop();
    },
  };
}
