/** What the fake Slack's own tests share: a quiet WebClient on the fake, a fresh fake per test, Block Kit samples. */
import { LogLevel, WebAPIPlatformError, WebClient, type WebClientOptions } from '@slack/web-api';
import { afterEach, beforeEach, expect } from 'vitest';
import { startFakeSlack, type FakeSlack } from './slack.js';

// Expected Slack errors make WebClient log; keep test output quiet.
export const silentLogger: NonNullable<WebClientOptions['logger']> = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** The current test's fake and a client on it: ES module bindings, so importers see each new one. */
export let fake: FakeSlack;
export let client: WebClient;

export function makeClient(options: WebClientOptions = {}, token = 'xoxb-test'): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    ...options,
  });
}

export async function platformError(promise: Promise<unknown>): Promise<WebAPIPlatformError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebAPIPlatformError);
  return err as WebAPIPlatformError;
}

export const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'add_event',
  title: { type: 'plain_text' as const, text: 'Add event' },
  blocks: [section('Hello')],
  ...extra,
});

/** A fresh fake for every test of the calling file, which knows the client's token. */
export function startFakeSlackEachTest(): void {
  beforeEach(async () => {
    fake = await startFakeSlack({ teamId: 'T1', botUserId: 'UBOT', botToken: 'xoxb-test' });
    client = makeClient();
  });

  afterEach(async () => {
    await fake.close();
  });
}
