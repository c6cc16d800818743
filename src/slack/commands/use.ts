import type { Subcommand } from './types.js';
import { esc } from '../views/mrkdwn.js';

export const use: Subcommand = {
  name: 'use',
  args: '[client]',
  summary: 'Set the default client for commands that leave it out; alone, show the current one',
  async run(ctx) {
    const { actor } = ctx;
    const ref = ctx.args.trim().replace(/^["\u201c'](.*)["\u201d']$/, '$1');
    if (!ref) {
      const current = await ctx.deps.clients.defaultClient(actor);
      await ctx.reply({
        text: current
          ? `Your default client is *${esc(current.name)}* (\`${current.slug}\`).`
          : 'You have no default client. Set one with `/calstack use <client>`.',
      });
      return;
    }
    const client = await ctx.deps.clients.setDefault(actor, ref);
    await ctx.reply({ text: `:white_check_mark: *${esc(client.name)}* is now your default client.` });
    await ctx.deps.home.refresh(ctx.actor.teamId, ctx.actor.userId);
  },
};
