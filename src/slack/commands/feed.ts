import type { Subcommand } from './types.js';
import { parseFeedCommand } from '../../core/feed/command.js';
import { FEED_USAGE, feedOffText, feedOnText, feedRefusedText, feedStatusText } from '../views/feed-status.js';

export const feed: Subcommand = {
  name: 'feed',
  args: '[<client> on [#channel] | <client> off]',
  summary: 'Notices when a client\u2019s calendar changes, by DM to its managers or in a channel; alone, what is on',
  async run(ctx) {
    const { actor, deps } = ctx;
    const command = parseFeedCommand(ctx.args);
    const { pollSeconds } = deps.feed;
    switch (command.kind) {
      case 'invalid':
        await ctx.reply({ text: command.reason === 'channel' ? `That is not a channel I can read. ${FEED_USAGE}` : FEED_USAGE });
        return;
      case 'status': {
        const zone = (await deps.directory.profile(actor.teamId, actor.userId)).timeZone ?? 'UTC';
        await ctx.reply({ text: feedStatusText(await deps.feed.status(actor), deps.feed.push, pollSeconds, zone) });
        return;
      }
      case 'off':
        await ctx.reply({ text: feedOffText(await deps.feed.turnOff(actor, command.client)) });
        return;
      case 'on': {
        const result = await deps.feed.turnOn(actor, command.client, command.channel);
        await ctx.reply({ text: result.ok ? feedOnText(result.client, result.feed, deps.feed.push, pollSeconds) : feedRefusedText(result.client, result.problem) });
      }
    }
  },
};
