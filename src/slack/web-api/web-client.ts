import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { boltLogger } from './bolt-logger.js';
import { measuredSlackFetch } from './fetch.js';
import type { Metrics } from '../../core/metrics.js';

export interface SlackWebApi {
  /** Web API client with the bot token, for the directory, DMs, Home tabs and digests. */
  client: WebClient;
  /** The same options for the clients Bolt builds per request. */
  clientOptions: WebClientOptions;
  logger: BoltLogger;
}

/** Slack's Web API, built before the use cases that talk through it and the transport that serves them. */
export function slackWebApi(config: Config, log: Logger, metrics: Metrics): SlackWebApi {
  const logger = boltLogger(log.child({ component: 'bolt' }));
  const clientOptions: WebClientOptions = {
    fetch: measuredSlackFetch(metrics),
    slackApiUrl: config.slack.apiUrl,
    // Most of our calls answer a trigger_id or a response_url that expires in
    // seconds: a long retry queue would only deliver too late.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    rejectRateLimitedCalls: false,
  };
  return { client: new WebClient(config.slack.botToken, { ...clientOptions, logger }), clientOptions, logger };
}
