import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { TaskTracker } from '../shared/tasks.js';
import type { SlackWebApi } from './web-api/web-client.js';
import { registerListeners } from './listeners/index.js';
import type { SlackDeps } from './deps.js';
import { IngressReceiver } from './ingress/receiver.js';
import { postToResponseUrl } from './messaging/respond.js';
import { errorMessage } from './views/errors.js';
import { inRequest } from '../shared/request-scope.js';
import { logFailure } from '../shared/log-failure.js';
import { UserFacingError } from '../core/errors.js';
import type { Metrics } from '../core/metrics.js';
import type { OpsAlerts } from '../core/alerts.js';
import { listenerLabels } from './listener-ids.js';

export interface SlackTransport {
  app: App;
  /**
   * Socket mode: connects to Slack. HTTP mode: starts the ingress thread on the
   * public port (returned), which proxies every non-Slack request to
   * `upstreamPort`, the loopback server of our own routes.
   */
  start(upstreamPort: number): Promise<{ port?: number }>;
  /** Stops receiving: open requests are finished first. */
  stop(): Promise<void>;
  /** HTTP mode: the receiver running the ingress thread. */
  ingress?: IngressReceiver | undefined;
}

export const SLACK_EVENTS_PATH = '/slack/events';

export function createSlackTransport(
  config: Config,
  log: Logger,
  tasks: TaskTracker,
  web: SlackWebApi,
  /** What the listeners use, finished before the transport starts. */
  deps: SlackDeps,
  observability: { metrics: Metrics; alerts: OpsAlerts },
): SlackTransport {
  const { metrics } = observability;
  const { client, clientOptions, logger } = web;
  const { appToken } = config.slack;
  const receiver = appToken
    ? new SocketModeReceiver({
        appToken,
        logger,
        installerOptions: { clientOptions },
        customPropertiesExtractor: () => ({ requestId: randomUUID() }),
      })
    : new IngressReceiver({
        signingSecret: config.slack.signingSecret,
        port: config.http.port,
        host: config.http.host,
        eventsPath: SLACK_EVENTS_PATH,
        log,
        tasks,
        stopTimeoutMs: config.shutdownTimeoutMs,
        heartbeatTimeoutMs: config.heartbeatTimeoutMs,
        ...observability,
      });
  const app = new App({
    // Given the bot token alone, Bolt either calls auth.test while it is
    // constructed (tokenVerificationEnabled) or again for every request. The
    // bot's ids (for ignoreSelf) are asked for once, on the first request, and
    // again only if that failed.
    authorize: botAuthorization(client, config.slack.botToken),
    receiver,
    logger,
    logLevel: LogLevel.INFO,
    clientOptions,
    ignoreSelf: true,
    // The error handler gets the request's context (its id) and body (its response_url).
    extendedErrorHandler: true,
  });

  // One child logger per Slack request, carrying its id; in-flight listener
  // work is tracked so shutdown can wait for it. When it ends, one info line
  // (the access log) and the listener metrics say what it was and how it went.
  app.use(async ({ context, body, next }) => {
    const b = body as { team_id?: string; team?: { id?: string }; user_id?: string; user?: { id?: string }; type?: string; command?: string };
    const reqId = (context.requestId as string | undefined) ?? randomUUID();
    context.log = log.child({
      reqId,
      team: b.team_id ?? b.team?.id ?? context.teamId,
      user: b.user_id ?? b.user?.id ?? context.userId,
      kind: b.command ?? b.type,
    });
    // At debug, the start too: a request that never finishes has no access line.
    (context.log as Logger).debug('slack request');
    const labels = listenerLabels(body as Record<string, unknown>);
    const started = performance.now();
    let outcome = 'ok';
    try {
      await inRequest(reqId, () => tasks.track(next()));
    } catch (err) {
      // A user's mistake is an answer, not a failure of ours (src/shared/log-failure.ts).
      outcome = (err as { original?: unknown }).original instanceof UserFacingError || err instanceof UserFacingError ? 'user_error' : 'error';
      throw err;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.slackListener.observe({ ...labels, outcome }, seconds);
      (context.log as Logger).info({ ...labels, outcome, durationMs: Math.round(seconds * 1000) }, 'slack request handled');
    }
  });

  registerListeners(app, deps);

  // The owner of whatever a listener let escape: logged with the request's id
  // (our fault: error and stack; a user's mistake: info), and the user is told
  // when the request came with a response_url. Nothing is rethrown.
  app.error(async ({ error, context, body }: ExtendedErrorHandlerArgs) => {
    const reqLog = (context.log as Logger | undefined) ?? log.child({ reqId: context.requestId as string | undefined });
    const err = error.original ?? error;
    logFailure(reqLog, err, 'a Slack listener failed', { code: error.code });
    await postToResponseUrl(responseUrlOf(body), errorMessage(err), reqLog);
  });

  return {
    app,
    ingress: receiver instanceof IngressReceiver ? receiver : undefined,
    start: async (upstreamPort) => {
      if (receiver instanceof IngressReceiver) return { port: await receiver.start(upstreamPort) };
      await app.start();
      return {};
    },
    stop: async () => {
      await receiver.stop();
    },
  };
}

const responseUrlOf = (body: unknown): string | undefined => {
  const b = body as { response_url?: unknown; response_urls?: { response_url?: unknown }[] } | undefined;
  const url = b?.response_url ?? b?.response_urls?.[0]?.response_url;
  return typeof url === 'string' ? url : undefined;
};

/** Bolt's authorize for our one bot token: its ids come from one auth.test, kept for the process. */
function botAuthorization(client: WebClient, botToken: string) {
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    identity ??= client.auth.test().then((r) => ({ ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { botUserId: r.user_id } : {}) }));
    try {
      return { botToken, ...(await identity) };
    } catch (err) {
      identity = undefined;
      throw err;
    }
  };
}
