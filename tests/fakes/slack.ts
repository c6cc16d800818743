/**
 * An in-process fake of Slack's Web API, served over real HTTP so that the real
 * `@slack/web-api` WebClient (and Bolt, via `clientOptions.slackApiUrl`) can talk to it
 * unmodified. It records every call, answers like Slack for the methods the app uses, and
 * is no kinder than Slack: every call needs a registered token, a trigger_id works once
 * within 3 s of issue, response_url bodies are checked like chat.postMessage, and Block Kit's
 * documented limits are enforced (where a limit is unknown it refuses rather than guesses).
 * Tests can inject failures, rate limits and latency.
 *
 * Its parts live in `./slack/`: the server, failures and response_urls (`server.ts`), the Web API
 * methods (`web-api.ts`), Block Kit's limits and their checks (`limits.ts`, `block-kit.ts`).
 */
export { startFakeSlack } from './slack/server.js';
export type {
  SlackCall,
  FakeSlackUser,
  FakeSlackMessage,
  FakeSlackFailure,
  FakeSlackResponse,
  RefusedResponse,
  FakeSlackUpload,
  FakeSlack,
  FakeSlackOptions,
  SentMessage,
  SentView,
  StoredView,
} from './slack/types.js';
export type { FakeSlackFile, ShareFileOptions } from './slack/shared-files.js';
