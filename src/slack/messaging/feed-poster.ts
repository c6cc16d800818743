import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../core/clients/ports.js';
import type { FeedPoster } from '../../core/feed/ports.js';
import { feedNoticeMessage } from '../views/feed-notice.js';
import { sendDm } from './notifier.js';

/** Slack's answer when a method fails: its error code. */
const slackError = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

/**
 * Feed notices to Slack: a DM to each manager in their own zone, or one message in the chosen
 * channel in the client's zone. A manager Slack cannot reach does not keep the others from hearing.
 */
export function slackFeedPoster(client: WebClient, directory: Directory, onError: (err: unknown, where: Record<string, unknown>) => void): FeedPoster {
  return {
    async post(target, notices) {
      const ctx = { clientId: target.clientId, clientName: target.clientName, calendarId: target.calendarId, calendarName: target.calendarName };
      if (target.destination.kind === 'channel') {
        for (const notice of notices) {
          const message = feedNoticeMessage(notice, { ...ctx, zone: target.clientTimeZone });
          await client.chat.postMessage({ channel: target.destination.channelId, text: message.text, blocks: message.blocks });
        }
        return;
      }
      for (const userId of target.managers) {
        try {
          const zone = (await directory.profile(target.teamId, userId)).timeZone ?? target.clientTimeZone;
          for (const notice of notices) await sendDm(client, userId, feedNoticeMessage(notice, { ...ctx, zone }));
        } catch (err) {
          onError(err, { step: 'feed notice DM', userId });
        }
      }
    },
    async channel(ref) {
      if ('name' in ref) {
        // Slack sends `#name` as typed (the command does not ask for escaping): look the name up.
        for (let cursor: string | undefined; ; ) {
          const page = await client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
          const found = page.channels?.find((c) => c.name === ref.name);
          if (found?.id) return { id: found.id, member: Boolean(found.is_member) };
          cursor = page.response_metadata?.next_cursor || undefined;
          if (!cursor) return null;
        }
      }
      try {
        const info = await client.conversations.info({ channel: ref.id });
        return info.channel?.id ? { id: info.channel.id, member: Boolean(info.channel.is_member) } : null;
      } catch (err) {
        if (slackError(err) === 'channel_not_found') return null;
        throw err;
      }
    },
  };
}
