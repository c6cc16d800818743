import { z } from 'zod';
import { splitArgs } from '../text/args.js';

/** Where a channel was named: Slack's link (`<#C123|general>`), a bare id, or `#name` as typed. */
export type ChannelRef = { id: string } | { name: string };

export type FeedCommand =
  | { kind: 'status' }
  | { kind: 'on'; client: string; channel: ChannelRef | null }
  | { kind: 'off'; client: string }
  | { kind: 'invalid'; reason: 'usage' | 'channel' };

const CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;
const channelLink = z.string().transform((s, ctx): ChannelRef => {
  const link = /^<#([CG][A-Z0-9]{2,20})(?:\|[^>]*)?>$/.exec(s);
  if (link?.[1]) return { id: link[1] };
  if (CHANNEL_ID.test(s)) return { id: s };
  // Slack's channel names: lower-case letters, digits, - and _, at most 80.
  const named = /^#([a-z0-9][a-z0-9_-]{0,79})$/.exec(s);
  if (named?.[1]) return { name: named[1] };
  ctx.addIssue({ code: 'custom', message: 'not a channel' });
  return z.NEVER;
});

/**
 * `/calstack feed` (status), `feed <client> on [#channel]`, `feed <client> off`. The client is
 * every word before on/off (a quoted name is one word), so `feed Acme Corp on` works unquoted.
 */
export function parseFeedCommand(text: string): FeedCommand {
  const words = splitArgs(text);
  if (!words.length) return { kind: 'status' };
  const at = words.findLastIndex((w) => /^(on|off)$/i.test(w));
  if (at < 1) return { kind: 'invalid', reason: 'usage' };
  const client = words.slice(0, at).join(' ');
  const switched = (words[at] ?? '').toLowerCase();
  const rest = words.slice(at + 1);
  if (switched === 'off') return rest.length ? { kind: 'invalid', reason: 'usage' } : { kind: 'off', client };
  if (rest.length > 1) return { kind: 'invalid', reason: 'usage' };
  if (!rest.length) return { kind: 'on', client, channel: null };
  const channel = channelLink.safeParse(rest[0]);
  return channel.success ? { kind: 'on', client, channel: channel.data } : { kind: 'invalid', reason: 'channel' };
}
