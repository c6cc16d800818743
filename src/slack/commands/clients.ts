import type { Subcommand } from './types.js';
import { clientsMessage } from '../views/clients-list.js';

export const clients: Subcommand = {
  name: 'clients',
  args: '[share]',
  summary: 'List the clients you manage, with their Google connection (add `share` to post it in the channel)',
  async run(ctx) {
    const { actor } = ctx;
    const [list, isAdmin] = await Promise.all([ctx.deps.clients.list(actor), ctx.deps.clients.isAdmin(actor)]);
    await ctx.reply(clientsMessage(list, { isAdmin, shared: ctx.args.trim().toLowerCase() === 'share' }));
  },
};
