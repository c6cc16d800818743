import type { CommandContext, Subcommand } from './types.js';
import { openDisconnectForm, sendConnectLink } from '../client-forms.js';
import { esc } from '../mrkdwn.js';
import { clientRefArg, formRequest } from './client.js';

async function refOrDefault(ctx: CommandContext, usage: string): Promise<{ id: string } | { ref: string } | null> {
  const ref = clientRefArg(ctx);
  if (ref) return { ref };
  const fallback = await ctx.deps.clients.defaultClient({ teamId: ctx.teamId, userId: ctx.userId });
  if (fallback) return { id: fallback.id };
  await ctx.reply({ text: `Which client? Usage: \`/calstack ${usage}\`, or set a default with \`/calstack use <client>\`.` });
  return null;
}

export const connect: Subcommand = {
  name: 'connect',
  args: '[client]',
  summary: 'DM you a link that connects the client\u2019s Google Calendar (forward it to the client)',
  async run(ctx) {
    const pick = await refOrDefault(ctx, 'connect <client>');
    if (!pick) return;
    const client = await sendConnectLink({ client: ctx.client, log: ctx.log, deps: ctx.deps, actor: { teamId: ctx.teamId, userId: ctx.userId } }, pick);
    await ctx.reply({ text: `:envelope: I sent you a DM with the link that connects *${esc(client.name)}*\u2019s Google Calendar.` });
  },
};

export const disconnect: Subcommand = {
  name: 'disconnect',
  args: '<client>',
  summary: 'Disconnect a client from Google (asks first; revokes access and deletes the tokens)',
  async run(ctx) {
    const pick = await refOrDefault(ctx, 'disconnect <client>');
    if (pick) await openDisconnectForm(formRequest(ctx), pick);
  },
};
