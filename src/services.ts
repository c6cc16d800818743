import type { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Database } from './db/database.js';
import type { SecretBox } from './db/crypto.js';
import type { SlackDeps } from './slack/deps.js';
import { slackDirectory } from './slack/web-api/directory.js';
import { slackConnectionNotifier } from './slack/messaging/notifier.js';
import { homePublisher } from './slack/messaging/home.js';
import { createClientService } from './core/clients/service.js';
import { createConnectionService } from './core/connections/service.js';
import { createAppFor } from './core/connections/oauth-app.js';
import { createTokenManager } from './core/connections/tokens.js';
import { clientRepository } from './db/repositories/clients.js';
import { userSettingsRepository } from './db/repositories/user-settings.js';
import { connectionRepository } from './db/repositories/connections.js';
import { googleOAuth } from './google/oauth.js';
import { createRevoker } from './core/connections/revocations.js';
import { revocationRepository } from './db/repositories/revocations.js';
import { googleCalendarApi } from './google/calendar.js';
import { googleClientCalendars } from './google/client-calendar.js';
import { createCalendarService } from './core/calendars/service.js';
import { createEventService } from './core/events/service.js';
import { createStackService } from './core/stack/service.js';
import { createAvailability } from './core/stack/availability.js';
import { createLinkPreviews } from './core/links/preview.js';
import { digestRepository } from './db/repositories/digest.js';
import { createDigestService, type DigestScheduler, type DigestService } from './core/digest/service.js';
import { slackDigestSender } from './slack/messaging/digest.js';
import { createLimiter } from './shared/limit.js';
import { googleQuota } from './google/quota.js';
import { databaseQuota } from './db/quota.js';
import { deletedEventRepository } from './db/repositories/deleted-events.js';
import { createBulkService } from './core/bulk/service.js';
import { bulkJobRepository } from './db/repositories/bulk-jobs.js';
import type { BulkRunQueue } from './core/bulk/ports.js';
import { dmReporter } from './slack/messaging/bulk-reporter.js';
import type { Clock } from './shared/clock.js';
import { currentRequestId } from './shared/request-scope.js';
import { CalendarApiError } from './google/calendar-api.js';
import { createJobsAdmin } from './core/jobs/admin.js';
import type { JobsAdminPort } from './core/jobs/ports.js';
import { createInvitationService } from './core/invitations/service.js';
import type { Metrics } from './core/metrics.js';
import type { OpsAlerts } from './core/alerts.js';
import type { FeedQueue } from './core/feed/ports.js';
import { createFeedService } from './core/feed/service.js';
import { withOwnWrites } from './core/feed/own-writes.js';
import { feedRepository } from './db/repositories/feed.js';
import { slackFeedPoster } from './slack/messaging/feed-poster.js';
import { createExportService, type ExportService } from './core/exports/service.js';
import type { ExportQueue } from './core/exports/types.js';
import { slackExportDelivery } from './slack/messaging/export-delivery.js';
import type { ImportQueue } from './core/imports/run-types.js';
import { createImportService } from './core/imports/service.js';
import { applyImportItem } from './core/imports/apply.js';
import { importRunRepository } from './db/repositories/import-runs.js';
import { importReporter } from './slack/messaging/import-reporter.js';
import { slackImportFiles } from './slack/web-api/import-files.js';
import { IMPORT_SAMPLE_PATH } from './http/import-sample.js';

/**
 * Google calls started per turn of the event loop (createLimiter): each turn's requests leave
 * while the next are prepared (a 200-client agenda's first read left ~100 ms earlier than with
 * all 400 started at once), and answers are read in between.
 */
const GOOGLE_STARTS_PER_TURN = 20;

export interface Infrastructure {
  config: Config;
  db: Database;
  box: SecretBox;
  /** Slack's Web API with the bot token: the directory, DMs and Home tabs go through it. */
  slack: WebClient;
  log: Logger;
  clock: Clock;
  /** Where each user's daily digest trigger lives (the job engine). */
  digestScheduler: DigestScheduler;
  /** The job engine's counts and dead-letter queue, for admins. */
  jobsAdmin: JobsAdminPort;
  /** Where bulk runs wait their turn and survive a crash (the job engine). */
  bulkQueue: BulkRunQueue;
  metrics: Metrics;
  alerts: OpsAlerts;
  /** A client's short stable name in logs (src/observability/subject-hash.ts). */
  clientHash: (teamId: string, clientId: string) => string;
  /** Where each watched calendar's syncs wait (the job engine). */
  feedQueue: FeedQueue;
  /** Where exports wait their turn (the job engine). */
  exportQueue: ExportQueue;
  /** Where import runs wait their turn and survive a crash (the job engine). */
  importQueue: ImportQueue;
}

/**
 * Wires use cases to their adapters, in one direction: each is built from finished parts
 * (stores → Slack and Google adapters → use cases), so nothing is bound late.
 */
export function buildServices({ config, db, box, slack, log, clock, digestScheduler, jobsAdmin, bulkQueue, metrics, alerts, clientHash, feedQueue, exportQueue, importQueue }: Infrastructure): SlackDeps & { digest: DigestService; exports: ExportService } {
  const directory = slackDirectory(slack);
  const clients = createClientService({
    store: clientRepository(db.prisma, db.sharedReads),
    settings: userSettingsRepository(db.prisma),
    directory,
    admins: config.slack.admins,
  });
  const digestStore = digestRepository(db.prisma);
  const home = homePublisher(slack, { clients, directory, digest: digestStore, clock, log });
  const notifier = slackConnectionNotifier(slack, log, home.refresh);
  const store = connectionRepository(db.prisma, box);
  const oauth = googleOAuth({ authUrl: config.google.authUrl, tokenUrl: config.google.tokenUrl, revokeUrl: config.google.revokeUrl });
  const appFor = createAppFor({ store, defaultApp: { clientId: config.google.clientId, clientSecret: config.google.clientSecret } });
  const tokens = createTokenManager({ store, oauth, notifier, appFor, client: clients.getInternal, metrics, alerts });
  // Each client's calendar keeps its token, its rate and the wording of Google's refusals.
  const google = googleClientCalendars({
    api: googleCalendarApi(config.google.apiUrl, { retry: { baseMs: config.google.retryBaseMs }, metrics }),
    tokens,
    limit: createLimiter(config.google.concurrency, GOOGLE_STARTS_PER_TURN),
    throttle: googleQuota({
      perUserRate: config.google.perUserRate,
      projectRate: config.google.projectRate,
      projectMinuteQuota: config.google.projectMinuteQuota,
      // On the embedded database there is exactly one process, so its own buckets are the whole
      // deployment's, and a query per Google call would queue behind every other on PGlite's one
      // connection. Replicas share a PostgreSQL server: their rates live in it.
      shared: db.kind === 'postgresql' ? databaseQuota(db.prisma) : undefined,
      log,
    }),
    calendarCacheTtlMs: config.google.calendarCacheSeconds * 1000,
    eventsCacheTtlMs: config.google.eventsCacheSeconds * 1000,
    // Google's status and reason only: the client by its hash, never its name, email or an event's title.
    onCallFailed: (teamId, clientId, err) =>
      log.info({ client: clientHash(teamId, clientId), reqId: currentRequestId(), ...googleFailure(err) }, 'a Google call failed'),
  });
  const feedStore = feedRepository(db.prisma, box);
  // What the app itself writes is recorded in the feed's snapshots, so it is not told back as news.
  const writes = withOwnWrites(google, feedStore, (err) => log.warn({ err }, 'could not record an own write for the change feed'));
  const calendars = createCalendarService({ clients, google });
  const events = createEventService({ clients, calendars, google: writes, deleted: deletedEventRepository(db.prisma) });
  const bulkStore = bulkJobRepository(db.prisma, db.sharedReads);
  const bulk = createBulkService({
    store: bulkStore,
    clients,
    events,
    google: writes,
    queue: bulkQueue,
    // Whichever process runs the job updates the message stored with it.
    reporterFor: (job) => dmReporter(slack, log, job.userId, job, (message) => bulkStore.setMessage(job.teamId, job.id, message)),
    onUnexpectedError: (err, where) => log.error({ err, ...where }, 'bulk item failed unexpectedly'),
  });
  const stack = createStackService({
    clients,
    google,
    jobsFor: bulk.forEvents,
    onJobsUnreadable: (err) => log.warn({ err }, 'could not look up bulk jobs for the agenda'),
  });
  const feed = createFeedService({
    store: feedStore,
    clients,
    google,
    poster: slackFeedPoster(slack, directory, (err, where) => log.warn({ err, ...where }, 'a feed notice could not be posted')),
    queue: feedQueue,
    clock,
    push: config.feed.push,
    notificationsUrl: `${config.http.publicUrl}/google/notifications`,
    pollSeconds: config.feed.pollSeconds,
    onError: (err, where) => log.warn({ err, ...where }, 'change feed step failed'),
    onLag: (seconds) => metrics.feedLag.observe({}, seconds),
    conflicts: (actor, q) => stack.conflicts(actor, q),
  });
  const connections = createConnectionService({
    store,
    oauth,
    notifier,
    clients,
    tokens,
    appFor,
    revoker: createRevoker({ store: revocationRepository(db.prisma, box), oauth }),
    publicUrl: config.http.publicUrl,
    linkTtlMs: config.google.linkTtlHours * 3_600_000,
    now: () => clock.now(),
    accessEnding: (teamId, clientId) => feed.clientLeaving(teamId, clientId),
  });
  const availability = createAvailability({ clients, google, stack });
  const linkPreviews = createLinkPreviews({ clients, google });
  const digest = createDigestService({ store: digestStore, stack, sender: slackDigestSender(slack), scheduler: digestScheduler, clock, metrics });
  const jobs = createJobsAdmin({ port: jobsAdmin, isAdmin: clients.isAdmin });
  const invitations = createInvitationService({ clients, google, now: () => clock.now() });
  const exports = createExportService({ clients, directory, events, google, queue: exportQueue, delivery: slackExportDelivery(slack), now: () => clock.now() });
  const importStore = importRunRepository(db.prisma);
  const imports = createImportService({
    store: importStore,
    clients,
    calendars,
    google: writes,
    files: slackImportFiles(slack, config.slack.botToken),
    queue: importQueue,
    apply: applyImportItem,
    // Whichever process runs the import updates the message stored with it.
    reporterFor: (run) => importReporter(slack, log, run.userId, run, (message) => importStore.update(run.teamId, run.id, message)),
  });
  const importSampleUrl = `${config.http.publicUrl}${IMPORT_SAMPLE_PATH}`;
  return { log, clients, directory, connections, calendars, events, stack, availability, linkPreviews, bulk, digest, home, clock, jobs, invitations, feed, exports, imports, importSampleUrl };
}

/** What a log line may say of a failed Google call. */
function googleFailure(err: unknown): Record<string, unknown> {
  if (err instanceof CalendarApiError) return { status: err.status, reason: err.reason };
  const e = err as { code?: unknown; name?: unknown };
  return { network: typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'unknown' };
}
