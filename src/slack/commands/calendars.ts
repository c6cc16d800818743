import type { Subcommand } from './types.js';
import { calendarsMessage } from '../views/calendars.js';
import { clientRefArg } from './client.js';

export const calendars: Subcommand = {
  name: 'calendars',
  args: '[client]',
  summary: 'List a client\u2019s Google calendars (default: your default client)',
  async run(ctx) {
    const actor = { teamId: ctx.teamId, userId: ctx.userId };
    const ref = clientRefArg(ctx);
    const target = ref ? await ctx.deps.clients.resolve(actor, ref) : await ctx.deps.clients.defaultClient(actor);
    if (!target) {
      await ctx.reply({ text: 'Which client? Usage: `/calstack calendars <client>`, or set a default with `/calstack use <client>`.' });
      return;
    }
    const { client, calendars: list } = await ctx.deps.calendars.calendars(actor, target.id);
    await ctx.reply(calendarsMessage(client, list));
  },
};
