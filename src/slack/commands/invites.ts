import { viewerZone } from '../../core/clients/zone.js';
import { invitationsList } from '../views/invitation.js';
import { clientRefArg } from './client.js';
import type { Subcommand } from './types.js';

export const invites: Subcommand = {
  name: 'invites',
  args: '[client]',
  summary: 'Invitations waiting for a client\u2019s answer (next 30 days), each with Accept / Maybe / Decline',
  async run(ctx) {
    const ref = clientRefArg(ctx);
    // Named: resolved once here, so the list's buttons carry the slug, not what was typed.
    const client = ref ? await ctx.deps.clients.resolve(ctx.actor, ref) : null;
    const result = await ctx.deps.invitations.pendingInvitations(ctx.actor, client?.slug);
    const zone = await viewerZone(ctx.deps.directory, ctx.actor, client?.timeZone ?? 'UTC');
    await ctx.reply(invitationsList(result, zone, client?.slug ?? '*'));
  },
};
