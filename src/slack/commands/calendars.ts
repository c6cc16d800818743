import type { Subcommand } from './types.js';
import { calendarsMessage } from '../views/calendars.js';
import { resolveClientOrDefault } from './client.js';

export const calendars: Subcommand = {
  name: 'calendars',
  args: '[client]',
  summary: 'List a client\u2019s Google calendars (default: your default client)',
  async run(ctx) {
    const target = await resolveClientOrDefault(ctx, 'calendars <client>');
    if (!target) return;
    const { client, calendars: list } = await ctx.deps.calendars.calendars(ctx.actor, target.id);
    await ctx.reply(calendarsMessage(client, list));
  },
};
