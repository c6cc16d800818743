/** The Web API methods the app calls, answered like Slack: messages, views, users, DMs, file uploads. */
import type { KnownBlock } from '@slack/types';
import { fail, isRecord, str } from './args.js';
import { checkMessage, checkView } from './block-kit.js';
import type { ApiResult, Args, FakeSlackChannel, FakeSlackMessage, FakeSlackUser, StoredView } from './types.js';
import { renderUser } from './users.js';

/** The workspace the methods answer for; the maps are the fake's own, which reset() clears. */
export interface Workspace {
  teamId: string;
  botUserId: string;
  /** Where files.getUploadURLExternal sends uploads. */
  baseUrl: string;
  triggerTtlMs: number;
  now: () => number;
  triggers: Map<string, number | 'exchanged'>;
  triggerAges: number[];
  views: Map<string, StoredView>;
  homes: Map<string, string>;
  users: Map<string, FakeSlackUser>;
  files: Map<string, { id: string; filename: string | undefined }>;
  /** channel -> the ts of each message in it (posted by a person or the bot). */
  messages: Map<string, Set<string>>;
  channels: Map<string, FakeSlackChannel>;
}

export type WebApiMethods = Record<string, (args: Args) => ApiResult>;

export function webApiMethods(workspace: Workspace): {
  handlers: WebApiMethods;
  postAs: (user: string, channel: string, text: string) => FakeSlackMessage;
  enterValues: (viewId: string, values: StoredView['state']['values']) => StoredView;
} {
  const { teamId, botUserId, baseUrl, triggerTtlMs, now, triggers, triggerAges, views, homes, users, files, messages, channels } = workspace;
  const renderChannel = (c: FakeSlackChannel) => ({ id: c.id, name: c.name, is_channel: !c.isPrivate, is_group: Boolean(c.isPrivate), is_private: Boolean(c.isPrivate), is_member: c.isMember, is_archived: false });
  const botId = 'B0FAKEBOT';
  // Counters survive reset() so ids never repeat within one fake.
  let tsSeq = 0;
  let viewSeq = 0;
  let hashSeq = 0;
  let fileSeq = 0;

  const nextTs = (): string => {
    const micros = ++tsSeq * 100;
    return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const nextViewId = (): string => `V${String(++viewSeq).padStart(4, '0')}`;
  const nextHash = (): string => {
    const n = ++hashSeq;
    return `${1_700_000_000 + n}.${((n * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}`;
  };

  const handlers: WebApiMethods = {
    'auth.test': () => ({
      ok: true,
      url: 'https://fake-slack.slack.com/',
      team: 'Fake Team',
      user: 'calendar-stacker',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return fail('channel_not_found');
      // A channel the test declared: Slack refuses a bot that is not in it.
      if (channels.get(channel)?.isMember === false) return fail('not_in_channel');
      const problem = checkMessage(args);
      if (problem) return problem;
      const ts = nextTs();
      keepMessage(messages, dmChannelFor(channel), ts);
      return {
        ok: true,
        channel: dmChannelFor(channel),
        ts,
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: str(args.text) ?? '',
          user: botUserId,
          bot_id: botId,
          ts,
          team: teamId,
          ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
          ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
          ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
          ...(args.thread_ts !== undefined ? { thread_ts: args.thread_ts } : {}),
        },
      };
    },

    'chat.postEphemeral': (args) => {
      if (!str(args.channel)) return fail('channel_not_found');
      if (!str(args.user)) return fail('user_not_in_channel');
      const problem = checkMessage(args);
      if (problem) return problem;
      return { ok: true, message_ts: nextTs() };
    },

    // Slack: channel_not_found for a conversation it does not know, message_not_found for a ts not in it.
    'chat.getPermalink': (args) => {
      const channel = str(args.channel);
      const ts = str(args.message_ts);
      const kept = channel ? messages.get(channel) : undefined;
      if (!kept) return fail('channel_not_found');
      if (!ts || !kept.has(ts)) return fail('message_not_found');
      return { ok: true, channel, permalink: `https://fake-slack.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
    },

    'chat.update': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('message_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      return { ok: true, channel: dmChannelFor(channel), ts, text: str(args.text) ?? '' };
    },

    'chat.delete': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('message_not_found');
      return { ok: true, channel: dmChannelFor(channel), ts };
    },

    // Unfurls a posted message (channel + ts) or a link in the composer (unfurl_id + source).
    // Each unfurl is checked as a message's blocks; a message the fake never saw is refused.
    'chat.unfurl': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      const byId = str(args.unfurl_id) !== undefined && str(args.source) !== undefined;
      if (!byId && (!channel || !ts)) return fail('invalid_arguments', ['[ERROR] channel and ts, or unfurl_id and source, are required']);
      if (!byId && !messages.get(channel ?? '')?.has(ts ?? '')) return fail('cannot_find_message');
      if (!isRecord(args.unfurls) || Object.keys(args.unfurls).length === 0) return fail('invalid_unfurls_format');
      for (const unfurl of Object.values(args.unfurls)) {
        if (!isRecord(unfurl)) return fail('invalid_unfurls_format');
        const problem = checkMessage(unfurl);
        if (problem) return problem;
      }
      return { ok: true };
    },

    'views.open': (args) => openView(args),
    'views.push': (args) => openView(args),

    'views.update': (args) => {
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) return fail('invalid_arguments', ['[ERROR] view_id or external_id is required']);
      const existing = viewId
        ? views.get(viewId)
        : [...views.values()].find((v) => v.external_id === externalId);
      if (!existing) return fail('not_found');
      const problem = checkView(args.view, ['modal', 'home']);
      if (problem) return problem;
      const hash = str(args.hash);
      if (hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
      const stored = storeView(args.view as Args, existing.id, existing);
      return { ok: true, view: stored };
    },

    'views.publish': (args) => {
      const userId = str(args.user_id);
      if (!userId) return fail('invalid_arguments', ['[ERROR] missing required field: user_id']);
      const problem = checkView(args.view, ['home']);
      if (problem) return problem;
      const key = homeKey(teamId, userId, str(args.team_id));
      const existingId = homes.get(key);
      const existing = existingId ? views.get(existingId) : undefined;
      const hash = str(args.hash);
      if (hash !== undefined && existing && hash !== existing.hash) return fail('hash_conflict');
      // Slack keeps one home view per user, so the id stays stable across publishes.
      const stored = storeView(args.view as Args, existingId ?? nextViewId(), existing);
      homes.set(key, stored.id);
      return { ok: true, view: stored };
    },

    'users.info': (args) => {
      const user = users.get(str(args.user) ?? '');
      return user ? { ok: true, user: renderUser(user) } : fail('user_not_found');
    },

    'users.lookupByEmail': (args) => {
      const email = str(args.email)?.toLowerCase();
      const user = [...users.values()].find((u) => email !== undefined && u.email?.toLowerCase() === email);
      return user ? { ok: true, user: renderUser(user) } : fail('users_not_found');
    },

    // Slack answers channel_not_found for a channel it does not know, and for a private one the bot is not in.
    'conversations.info': (args) => {
      const channel = channels.get(str(args.channel) ?? '');
      if (!channel || (channel.isPrivate && !channel.isMember)) return fail('channel_not_found');
      return { ok: true, channel: renderChannel(channel) };
    },

    'conversations.list': (args) => {
      const types = (str(args.types) ?? 'public_channel').split(',');
      const listed = [...channels.values()].filter((c) => (c.isPrivate ? types.includes('private_channel') && c.isMember : types.includes('public_channel')));
      return { ok: true, channels: listed.map(renderChannel), response_metadata: { next_cursor: '' } };
    },

    'conversations.open': (args) => {
      const channel = str(args.channel);
      if (channel) return { ok: true, channel: { id: channel } };
      const ids = (str(args.users) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) return fail('users_list_not_supplied');
      if (ids.length === 1) return { ok: true, channel: { id: `D${ids[0]}` } };
      return { ok: true, channel: { id: `G${ids.join('')}`.slice(0, 24) } };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      if (!filename || args.length === undefined) {
        return fail('invalid_arguments', ['[ERROR] filename and length are required']);
      }
      const id = `F${String(++fileSeq).padStart(4, '0')}`;
      files.set(id, { id, filename });
      return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (args) => {
      const list = Array.isArray(args.files) ? (args.files as unknown[]) : undefined;
      if (!list || list.length === 0) return fail('invalid_arguments', ['[ERROR] files is required']);
      // Sharing in a channel: as chat.postMessage, a declared channel the bot is not in is refused.
      const channel = str(args.channel_id);
      if (channel && channels.get(channel)?.isMember === false) return fail('not_in_channel');
      const out: { id: string; title: string; name: string | undefined }[] = [];
      for (const item of list) {
        const id = isRecord(item) ? str(item.id) : undefined;
        const file = id ? files.get(id) : undefined;
        if (!file) return fail('file_not_found');
        out.push({ id: file.id, title: (isRecord(item) ? str(item.title) : undefined) ?? file.filename ?? '', name: file.filename });
      }
      return { ok: true, files: out };
    },
  };

  function openView(args: Args): ApiResult {
    const trigger = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (!trigger) return fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    const exchange = exchangeTrigger(trigger);
    if (exchange) return exchange;
    const problem = checkView(args.view, ['modal']);
    if (problem) return problem;
    return { ok: true, view: storeView(args.view as Args, nextViewId(), undefined) };
  }

  /** A trigger works once (even when the view it carries is then refused) and only shortly after issue. */
  function exchangeTrigger(trigger: string): ApiResult | undefined {
    const issuedAt = triggers.get(trigger);
    if (issuedAt === undefined) return fail('invalid_trigger_id');
    if (issuedAt === 'exchanged') return fail('exchanged_trigger_id');
    triggers.set(trigger, 'exchanged');
    const age = now() - issuedAt;
    triggerAges.push(age);
    return age > triggerTtlMs ? fail('expired_trigger_id') : undefined;
  }

  /** `view` has passed checkView: its type is one the method allows and its blocks are Block Kit. */
  function storeView(view: Args, id: string, previous: StoredView | undefined): StoredView {
    const stored: StoredView = {
      ...view,
      id,
      team_id: teamId,
      type: view.type === 'home' ? 'home' : 'modal',
      blocks: view.blocks as KnownBlock[],
      private_metadata: str(view.private_metadata) ?? '',
      callback_id: str(view.callback_id) ?? '',
      external_id: str(view.external_id) ?? previous?.external_id ?? '',
      state: { values: keptState(view.blocks, previous) },
      hash: nextHash(),
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: null,
      app_id: 'A0FAKEAPP',
      bot_id: botId,
    };
    views.set(id, stored);
    return structuredClone(stored);
  }

  /** A person's message, its ts from the same sequence as the bot's. */
  function postAs(user: string, channel: string, text: string): FakeSlackMessage {
    const ts = nextTs();
    keepMessage(messages, channel, ts);
    return { type: 'message', user, text, ts, channel };
  }

  /** A person fills in inputs of an open view: only inputs it has, under their block_id and action_id. */
  function enterValues(viewId: string, values: StoredView['state']['values']): StoredView {
    const view = views.get(viewId);
    if (!view) throw new Error(`fake Slack: no view ${viewId}`);
    for (const [blockId, byAction] of Object.entries(values)) {
      for (const [actionId, value] of Object.entries(byAction)) {
        if (!inputActionIds(view.blocks).get(blockId)?.includes(actionId)) throw new Error(`fake Slack: view ${viewId} has no input ${blockId}/${actionId}`);
        view.state.values[blockId] = { ...view.state.values[blockId], [actionId]: structuredClone(value) };
      }
    }
    return structuredClone(view);
  }

  return { handlers, postAs, enterValues };
}

/** The action_id of each input block's element, by block_id. */
function inputActionIds(blocks: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isRecord(block) || block.type !== 'input') continue;
    const blockId = str(block.block_id);
    const actionId = isRecord(block.element) ? str(block.element.action_id) : undefined;
    if (blockId && actionId) out.set(blockId, [actionId]);
  }
  return out;
}

/**
 * Slack keeps what a person entered in an input across views.update when the new view has an
 * input with the same block_id and action_id (docs: "Preserving input entry in views"); any other
 * entry is gone, and a new block_id shows its initial value. An untouched input keeps the value it
 * showed too: whether Slack would show a changed initial value there is not documented, so the
 * fake takes the stricter reading (only a new block_id shows a new value).
 */
function keptState(blocks: unknown, previous: StoredView | undefined): StoredView['state']['values'] {
  const kept: StoredView['state']['values'] = {};
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isRecord(block) || block.type !== 'input' || !isRecord(block.element)) continue;
    const blockId = str(block.block_id);
    const actionId = str(block.element.action_id);
    if (!blockId || !actionId) continue;
    kept[blockId] = { [actionId]: previous?.state.values[blockId]?.[actionId] ?? initialState(block.element) };
  }
  return kept;
}

/**
 * An untouched input's state is its initial value, as Slack reports it in view.state. An element
 * type the fake does not know is refused rather than guessed at.
 */
function initialState(element: Args): Record<string, unknown> {
  const type = str(element.type);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: element.initial_value ?? null };
    case 'datepicker':
      return { type, selected_date: element.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: element.initial_time ?? null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: element.initial_option ?? null };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: element.initial_options ?? [] };
    case 'multi_users_select':
      return { type, selected_users: element.initial_users ?? [] };
    case 'users_select':
      return { type, selected_user: element.initial_user ?? null };
    // Slack reports the files a person picked (files.info's shape); none until then.
    case 'file_input':
      return { type, files: [] };
    case undefined:
    default:
      throw new Error(`fake Slack: no known state for an input of type ${String(type)}`);
  }
}

function keepMessage(messages: Map<string, Set<string>>, channel: string, ts: string): void {
  const kept = messages.get(channel) ?? new Set<string>();
  kept.add(ts);
  messages.set(channel, kept);
}

export function homeKey(teamId: string, userId: string, team: string | undefined): string {
  return `${team ?? teamId}:${userId}`;
}

/** Slack reports DMs addressed to a user id under the DM channel id. */
function dmChannelFor(channel: string): string {
  return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel}` : channel;
}
