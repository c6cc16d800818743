/** The fake's public types (what tests configure, call and read), and the shapes of its replies. */
import type { KnownBlock, MessageAttachment, PlainTextElement } from '@slack/types';
import type { FakeSlackFile, ShareFileOptions } from './shared-files.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
}

export interface FakeSlackUser {
  id: string;
  team_id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  tz_offset?: number;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  email?: string;
}

/** A message in a channel, in the shape a message shortcut's `message` has. */
export interface FakeSlackMessage {
  type: 'message';
  user: string;
  text: string;
  ts: string;
  channel: string;
}

export interface FakeSlackFailure {
  error?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  delayMs?: number;
}

/**
 * A message the app posted to a response_url and the fake accepted: a JSON object whose Block
 * Kit passed the checks chat.postMessage makes. Read its blocks with tests/slack/sent-blocks.ts.
 */
export interface SentMessage {
  text?: string;
  blocks?: KnownBlock[];
  attachments?: MessageAttachment[];
  response_type?: 'in_channel' | 'ephemeral';
  replace_original?: boolean;
  delete_original?: boolean | 'true';
  thread_ts?: string;
}

export interface FakeSlackResponse {
  url: string;
  body: SentMessage;
  at: number;
}

/** A response_url post Slack would refuse: the body as it came (JSON or not) and the error. */
export interface RefusedResponse {
  url: string;
  body: unknown;
  at: number;
  error: string;
}

/** A view the app sent (the `view` argument of views.open, push, update or publish). */
export interface SentView {
  type: 'modal' | 'home';
  blocks: KnownBlock[];
  title?: PlainTextElement;
  submit?: PlainTextElement;
  close?: PlainTextElement;
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
}

/** A view as the fake keeps it and answers it: what the app sent, with the fields Slack fills in. */
export interface StoredView extends SentView {
  id: string;
  team_id: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  root_view_id: string;
  previous_view_id: null;
  app_id: string;
  bot_id: string;
}

export interface FakeSlackUpload {
  fileId: string;
  filename: string | undefined;
  /** The file's bytes (extracted from the multipart `body` field WebClient sends). */
  content: Buffer;
  at: number;
}

export interface FakeSlack {
  /** e.g. http://127.0.0.1:PORT/api/ — pass to `new WebClient(token, { slackApiUrl })`. */
  apiUrl: string;
  baseUrl: string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves with the first matching call, whether already made or made later (when the request arrives). */
  waitForCall(method: string, predicate?: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  addUser(u: FakeSlackUser): void;
  /** A channel of the workspace (conversations.info/list know it); `isMember`: whether the bot is in it. */
  addChannel(c: FakeSlackChannel): void;
  /**
   * A message a person posted in `channel` (as a message shortcut's payload carries it): its ts
   * and text. Messages the bot posts are kept too; chat.getPermalink finds only kept ones.
   */
  postMessageAs(user: string, channel: string, text: string): FakeSlackMessage;
  /**
   * A person types or picks values in an open view's inputs (`{ block_id: { action_id: value } }`,
   * values as Slack puts them in `view.state.values`); the view as it now is, for a block_actions
   * payload. views.update keeps them only for inputs whose block_id and action_id it keeps.
   */
  enterValues(viewId: string, values: StoredView['state']['values']): StoredView;
  /** The next `times` (default 1) calls to `method` fail as described; repeated calls queue up in order. */
  fail(method: string, f: FakeSlackFailure): void;
  setLatency(ms: number): void;
  /** Records response_url posts at once but answers none until the returned `release` is called. */
  holdResponses(): () => void;
  /** Clears calls, failures, latency, held responses, responses, uploads, views and messages; keeps users and id counters. */
  reset(): void;
  responseUrl(): string;
  responses: FakeSlackResponse[];
  waitForResponse(predicate?: (r: FakeSlackResponse) => boolean, timeoutMs?: number): Promise<FakeSlackResponse>;
  /** view_id -> stored view, for every view opened, pushed, updated or published. */
  views: Map<string, StoredView>;
  homeOf(userId: string, teamId?: string): StoredView | undefined;
  /** Files uploaded through the files.uploadV2 flow. */
  uploads: FakeSlackUpload[];
  /**
   * Lets `token` call the Web API (the app's bot token, an app-level token); every call needs a
   * registered one. With `scopes`, only methods those allow (files.info and downloads check
   * `files:read`); without, every scope the app's manifest asks for.
   */
  registerToken(token: string, scopes?: readonly string[]): void;
  /** A file a person uploaded to Slack (in a DM, or in a modal's file_input): what Slack then says of it. */
  shareFile(o: ShareFileOptions): FakeSlackFile;
  /** Every GET of a shared file's URL, and whether its token allowed it. */
  downloads: { fileId: string; authorized: boolean }[];
  /**
   * A fresh trigger_id, as Slack puts in a command or interaction payload: views.open/push
   * accept it once, within `triggerTtlMs` of issue, and refuse ids the fake never issued.
   */
  issueTriggerId(): string;
  /** How old each trigger was when views.open/push exchanged it, in ms (to measure the app, not to assert). */
  triggerAges: number[];
  /** response_url posts Slack refused (invalid blocks, no text, used too often), with the error. */
  refusedResponses: RefusedResponse[];
  /** Answers `method` with `fn` (adds a method or replaces the built-in answer). */
  handle(method: string, fn: (args: Record<string, unknown>) => { ok: boolean } & Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  /** A token registered from the start (see registerToken); without one every call fails `invalid_auth`. */
  botToken?: string;
  /** How long a trigger_id stays valid after issue; Slack's is 3 s. */
  triggerTtlMs?: number;
  /** The fake's clock for trigger expiry (default Date.now). */
  now?: () => number;
}

export type Args = Record<string, unknown>;
export type ApiResult = { ok: boolean } & Record<string, unknown>;

export interface HttpReply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export interface PendingFailure extends FakeSlackFailure {
  remaining: number;
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  isMember: boolean;
  isPrivate?: boolean;
}
