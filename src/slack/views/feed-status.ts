import { DateTime } from 'luxon';
import type { Client } from '../../core/clients/types.js';
import type { Feed, WatchedCalendar } from '../../core/feed/ports.js';
import type { FeedDestination } from '../../core/feed/types.js';
import { esc, escFit } from './mrkdwn.js';

export const FEED_USAGE = 'Usage: `/calstack feed <client> on [#channel]`, `/calstack feed <client> off`, or `/calstack feed` for what is on.';

const where = (d: FeedDestination) => (d.kind === 'channel' ? `<#${d.channelId}>` : 'a DM to each manager');
const how = (push: boolean, pollSeconds: number) => (push ? 'pushed by Google' : `read every ${pollSeconds} s`);
const names = (calendars: readonly WatchedCalendar[]) => calendars.map((c) => escFit(c.calendarName, 80)).join(', ') || '_no calendar of its own_';

export function feedOnText(client: Client, feed: Feed, push: boolean, pollSeconds: number): string {
  return `:white_check_mark: Change feed on for *${esc(client.name)}*: notices go to ${where(feed.destination)}. Watching ${names(feed.calendars)} (${how(push, pollSeconds)}). What is already there is not announced.`;
}

export function feedRefusedText(client: Client, problem: 'channel_unknown' | 'not_in_channel'): string {
  return problem === 'not_in_channel'
    ? `I am not in that channel, so I cannot post *${esc(client.name)}*\u2019s changes there. Invite me (\`/invite @Calendar Stacker\`) and try again; the feed is unchanged.`
    : `Slack knows no such channel (or it is private and I am not in it). Pick it with \`#\` as Slack suggests it; the feed for *${esc(client.name)}* is unchanged.`;
}

export const feedOffText = (client: Client) => `Change feed off for *${esc(client.name)}*: no more notices, and its calendars are no longer watched.`;

/** `/calstack feed`: each visible client's feed, where it goes, push or polling, last sync in the reader's zone. */
export function feedStatusText(rows: readonly { client: Client; feed: Feed | null }[], push: boolean, pollSeconds: number, zone: string): string {
  const on = rows.filter((r): r is { client: Client; feed: Feed } => Boolean(r.feed?.enabled));
  if (!on.length) return 'No change feed is on. Turn one on with `/calstack feed <client> on [#channel]`.';
  const lines = on.map(({ client, feed }) => {
    const synced = feed.calendars.map((c) => c.lastSyncAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
    const last = synced ? DateTime.fromMillis(synced, { zone }).toFormat('ccc d LLL HH:mm:ss') : 'not yet';
    return `\u2022 *${esc(client.name)}*: on, to ${where(feed.destination)}; ${names(feed.calendars)}; ${how(push, pollSeconds)}; last sync ${last}`;
  });
  return [`Change feeds (${on.length}):`, ...lines].join('\n');
}
