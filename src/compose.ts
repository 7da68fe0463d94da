import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, CustomRoute } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { Background } from './core/background.ts';
import type { Config } from './config.ts';
import { healthHandler } from './http/health-route.ts';
import { createIntakeHandler, INTAKE_PATH } from './http/intake-route.ts';
import { createExceptionIdGenerator, createLeadIdGenerator } from './ids.ts';
import { Ledger } from './core/ledger.ts';
import type { Logger } from './log.ts';
import type { Clock } from './core/ports.ts';
import { observeCommits } from './metrics/observed-store.ts';
import { checkSlackAuth } from './slack/check-auth.ts';
import { initStoreWithRetry, type StoreInit } from './startup/init-store-with-retry.ts';
import { observedSweep } from './use-cases/run-observed-sweep.ts';
import { BatonMetrics } from './metrics/baton-metrics.ts';
import { OpsStatus } from './ops-status.ts';
import { metricsHandler, readyHandler } from './http/ops-routes.ts';
import { FileOutbox } from './outbox/file-outbox.ts';
import { OutboxReplayer } from './outbox/replayer.ts';
import { UnrecordedDms } from './outbox/unrecorded-dms.ts';
import { Scheduler } from './scheduler.ts';
import { createSheetsApi } from './stores/sheets/client.ts';
import { Requester } from './stores/sheets/requester.ts';
import { createStore, type BatonStore } from './stores/create-store.ts';
import { createSlackApp, SLACK_RETRY } from './slack/app.ts';
import { SlackNotifier } from './slack/notifier.ts';
import { SlackStatusOoo } from './slack/slack-status-ooo.ts';
import { SlackExceptionsNotifier } from './slack/exceptions-notifier.ts';
import type { UseCaseContext } from './use-cases/context.ts';
import { replayOutbox } from './use-cases/intake-lead.ts';
import { reportQuarantine } from './use-cases/report-quarantine.ts';
import { join } from 'node:path';
import { createVisibility, watchCommits, type Visibility } from './visibility/create-visibility.ts';

export interface BatonOptions {
  config: Config;
  log: Logger;
  clock: Clock;
  /** Extra routes on the same port (local mode's sandbox). */
  extraRoutes?: CustomRoute[];
  /** Resolved secrets; in local mode they are generated, in production they come from config. */
  secrets: { botToken: string; signingSecret: string; intakeToken: string; spreadsheetId: string };
  /** Where the HTTP server listens; tests use port 0 on 127.0.0.1. */
  listen?: { port: number; host?: string };
}

export interface Baton {
  ctx: UseCaseContext;
  app: App;
  /** App Home, /baton, the digest and the report page. */
  visibility: Visibility;
  ledger: Ledger;
  requester: Requester;
  scheduler: Scheduler;
  store: BatonStore;
  replayer: OutboxReplayer;
  metrics: BatonMetrics;
  status: OpsStatus;
  /** Checks the sheet, starts HTTP, cron and timers, then runs the startup sweep. */
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

/** The composition root: config -> adapters -> use-case context -> Bolt app -> scheduler. */
export function createBaton(options: BatonOptions): Baton {
  const { config, log, clock, secrets } = options;
  const { api, serviceAccount } = createSheetsApi({
    spreadsheetId: secrets.spreadsheetId,
    emulatorHost: config.SHEETS_EMULATOR_HOST,
    credentialsPath: config.GOOGLE_APPLICATION_CREDENTIALS,
    credentialsJson: config.GOOGLE_SERVICE_ACCOUNT_JSON,
  });
  const status = new OpsStatus(clock);
  const outbox = new FileOutbox(join(config.DATA_DIR, `outbox-${secrets.spreadsheetId.replace(/[^\w-]/g, '_')}.jsonl`), log);
  status.watchJournal(() => outbox.health());
  const metrics = new BatonMetrics(() => outbox.entries().length);
  const requester = new Requester({
    spreadsheetId: secrets.spreadsheetId,
    serviceAccount,
    readsPerMinute: config.SHEETS_READS_PER_MINUTE,
    writesPerMinute: config.SHEETS_WRITES_PER_MINUTE,
    maxAttempts: 5,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    log: log.child({ component: 'sheets' }),
    onOutcome: (kind, outcome, code) => {
      metrics.sheetsRequests.inc({ kind, outcome });
      status.sheetsOutcome(outcome === 'ok', outcome === 'ok' ? 'ok' : `last ${kind} failed${code ? ` (HTTP ${code})` : ''}`, clock.now());
    },
  });
  const { store, conflicts, close: closeStore } = createStore({ config, log, clock, api, requester, spreadsheetId: secrets.spreadsheetId });
  // Committed changes also refresh the App Homes they concern (visibility is created below, with ctx).
  const ledger = new Ledger(watchCommits(observeCommits(store, metrics), (change) => visibility.committed(change)), clock, { maxAgeMs: config.CACHE_SECONDS * 1000, onLockOutcome: (ok, detail) => status.lockOutcome(ok, detail, clock.now()), ...conflicts });
  const slackClient = new WebClient(secrets.botToken, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: SLACK_RETRY,
  });
  const notifier = new SlackNotifier(slackClient, {
    timeZone: config.TIMEZONE,
    slaMinutes: config.SLA_MINUTES,
    managerIds: config.MANAGER_SLACK_IDS,
    log,
    onCall: (method, outcome) => metrics.slackRequests.inc({ method, outcome }),
  });
  const exceptionsNotifier = new SlackExceptionsNotifier(slackClient, {
    timeZone: config.TIMEZONE,
    slaMinutes: config.SLA_MINUTES,
    channel: config.EXCEPTIONS_CHANNEL,
    managerIds: config.MANAGER_SLACK_IDS,
    ackMinutes: config.EXCEPTION_ACK_MINUTES,
    resolveMinutes: config.EXCEPTION_RESOLVE_MINUTES,
    log,
    onCall: (method, outcome) => metrics.slackRequests.inc({ method, outcome }),
  });
  const background = new Background((error) => log.error({ err: error instanceof Error ? error.message : String(error) }, 'background task failed'));

  let scheduler: Scheduler | undefined;
  let replayer: OutboxReplayer | undefined;
  const ctx: UseCaseContext = {
    ledger,
    notifier,
    clock,
    background,
    log,
    newLeadId: createLeadIdGenerator(clock),
    deadlines: { noteDeadline: (at) => scheduler?.noteDeadline(at) },
    outbox,
    outboxReplay: { soon: () => replayer?.soon() },
    unrecordedDms: new UnrecordedDms(config.DATA_DIR, secrets.spreadsheetId, (error) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not keep sent DMs on disk until they are recorded')),
    exceptions: {
      notifier: exceptionsNotifier,
      managers: config.MANAGER_SLACK_IDS,
      ackMinutes: config.EXCEPTION_ACK_MINUTES,
      resolveMinutes: config.EXCEPTION_RESOLVE_MINUTES,
      remindBeforeMinutes: config.REMIND_BEFORE_MINUTES,
      handoffTeam: config.HANDOFF_TEAM,
      newExceptionId: createExceptionIdGenerator(clock),
    },
    settings: {
      defaultCountry: config.DEFAULT_COUNTRY,
      slaMinutes: config.SLA_MINUTES,
      escalationThreshold: config.ESCALATION_THRESHOLD,
      timeZone: config.TIMEZONE,
      routing: {
        offHoursWaitMinutes: config.OFF_HOURS_WAIT_MINUTES,
        overflowTeam: config.OVERFLOW_TEAM,
        ...(config.SLACK_STATUS_OOO ? { statusOverlay: new SlackStatusOoo(slackClient, clock, log) } : {}),
      },
    },
  };
  replayer = new OutboxReplayer(() => replayOutbox(ctx), () => outbox.health().depth, log);
  const activeReplayer = replayer;
  scheduler = new Scheduler({
    cronExpression: config.SWEEP_CRON,
    timeZone: config.TIMEZONE,
    clock,
    log,
    sweep: observedSweep(ctx, { background, status, metrics, clock }),
    cacheMaxAgeMs: config.CACHE_SECONDS * 1000,
    cacheAgeMs: () => ledger.cacheAgeMs,
    refresh: () => ledger.refresh(),
  });

  const visibility: Visibility = createVisibility({
    config,
    ctx,
    log,
    clock,
    sheets: { api, requester, spreadsheetId: secrets.spreadsheetId },
    store,
    slackClient,
    signingSecret: secrets.signingSecret,
    onSlackCall: (method, outcome) => metrics.slackRequests.inc({ method, outcome }),
  });
  const routes: CustomRoute[] = [
    {
      path: INTAKE_PATH,
      method: 'POST',
      handler: createIntakeHandler(ctx, {
        intakeToken: secrets.intakeToken,
        providerSecrets: { typeformSecret: config.TYPEFORM_SECRET, tallySigningSecret: config.TALLY_SIGNING_SECRET },
        fieldMap: config.FIELD_MAP,
        onAnswer: (statusCode) => {
          metrics.received.inc({ status: String(statusCode) });
          if (statusCode >= 400) metrics.rejected.inc({ status: String(statusCode) });
          if (statusCode === 202) metrics.queued.inc();
        },
      }),
    },
    { path: '/healthz', method: 'GET', handler: healthHandler },
    { path: '/readyz', method: 'GET', handler: readyHandler(status, () => ({ outbox_depth: outbox.entries().length, cache_age_seconds: Math.round(ledger.cacheAgeMs / 1000) })) },
    { path: '/metrics', method: 'GET', handler: metricsHandler(metrics, config.METRICS_TOKEN) },
    ...visibility.routes,
    ...(options.extraRoutes ?? []),
  ];
  const port = options.listen?.port ?? config.PORT;
  const app = createSlackApp(
    { token: secrets.botToken, appToken: config.SLACK_APP_TOKEN, signingSecret: secrets.signingSecret, slackApiUrl: config.SLACK_API_URL, port, routes, log },
    ctx,
  );
  visibility.register(app);
  const activeScheduler = scheduler;
  let storeInit: StoreInit | undefined;

  return {
    ctx,
    visibility,
    app,
    ledger,
    requester,
    scheduler: activeScheduler,
    store,
    replayer: activeReplayer,
    metrics,
    status,
    async start() {
      storeInit = await initStoreWithRetry(() => store.init(), { log, onReachable: () => activeReplayer.soon() });
      const changes = storeInit.changes;
      await ledger.refresh().catch((error: unknown) => log.warn({ err: String(error) }, 'sheet not readable yet; intakes are journaled until it is'));
      // Leads accepted before a crash or outage go in first, in their order.
      if (outbox.health().depth > 0) await activeReplayer.runNow();
      await checkSlackAuth(slackClient, status, clock, log);
      // Damaged journal lines found while loading: one managers' DM (the log and /readyz say it too).
      reportQuarantine(ctx, outbox.takeQuarantineNotices());
      const started = (config.SLACK_APP_TOKEN ? await app.start() : await app.start({ port, host: options.listen?.host ?? '0.0.0.0' })) as Server | undefined;
      const address = typeof started?.address === 'function' ? (started.address() as AddressInfo | null) : null;
      const boundPort = address?.port ?? port;
      const url = `http://127.0.0.1:${boundPort}`;
      log.info({ port: boundPort, socketMode: Boolean(config.SLACK_APP_TOKEN), schemaChanges: changes.length }, `baton: listening on ${url}`);
      activeScheduler.start();
      visibility.start(boundPort);
      await activeScheduler.trigger('startup');
      return { port: boundPort, url };
    },
    async stop() {
      // Stop retrying Sheets first: in-flight intakes then fail fast into the outbox and are answered 202.
      requester.close();
      storeInit?.cancel();
      await activeScheduler.stop();
      await visibility.stop();
      await app.stop().catch(() => undefined);
      await activeReplayer.stop();
      // DMs still in flight get a few seconds; anything unwritten is already in the outbox.
      await Promise.race([background.idle(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await closeStore().catch((error: unknown) => log.warn({ err: String(error) }, 'store: could not close cleanly'));
    },
  };
}
