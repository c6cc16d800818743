import type { Subcommand } from './types.js';
import { openDisconnectForm, sendConnectLink } from '../forms/client-forms.js';
import { esc } from '../views/mrkdwn.js';
import { clientOrDefault, formRequest } from './client.js';

export const connect: Subcommand = {
  name: 'connect',
  args: '[client]',
  summary: 'DM you a link that connects the client\u2019s Google Calendar (forward it to the client)',
  async run(ctx) {
    const pick = await clientOrDefault(ctx, 'connect <client>');
    if (!pick) return;
    const client = await sendConnectLink(formRequest(ctx), pick);
    await ctx.reply({ text: `:envelope: I sent you a DM with the link that connects *${esc(client.name)}*\u2019s Google Calendar.` });
  },
};

export const disconnect: Subcommand = {
  name: 'disconnect',
  args: '[client]',
  summary: 'Disconnect a client from Google (asks first; revokes access and deletes the tokens)',
  async run(ctx) {
    const pick = await clientOrDefault(ctx, 'disconnect <client>');
    if (pick) await openDisconnectForm(formRequest(ctx), pick);
  },
};
