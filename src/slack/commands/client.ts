import type { CommandContext, Subcommand } from './types.js';
import { openEditClientForm, openGoogleSettingsForm, openNewClientForm, openRemoveClientForm } from '../client-forms.js';
import { splitArgs } from '../../core/text/args.js';

export const formRequest = (ctx: CommandContext) => ({
  client: ctx.client,
  log: ctx.log,
  deps: ctx.deps,
  actor: { teamId: ctx.teamId, userId: ctx.userId },
  triggerId: ctx.command.trigger_id,
  responseUrl: ctx.command.response_url,
});

/** The client named in the arguments: quotes allowed, or all the words as one name. */
export function clientRefArg(ctx: CommandContext): string | null {
  const words = splitArgs(ctx.args);
  return words.length === 0 ? null : words.length === 1 ? words[0]! : ctx.args.trim();
}

async function needsRef(ctx: CommandContext, usage: string): Promise<string | null> {
  const ref = clientRefArg(ctx);
  if (!ref) await ctx.reply({ text: `Which client? Usage: \`/calstack ${usage}\` (a name, a slug or the start of one).` });
  return ref;
}

export const clientAdd: Subcommand = {
  name: 'client add',
  args: '[name]',
  summary: 'Add a client (opens a form)',
  run: (ctx) => openNewClientForm(formRequest(ctx), clientRefArg(ctx) ?? undefined),
};

export const clientEdit: Subcommand = {
  name: 'client edit',
  args: '<client>',
  summary: 'Edit a client\u2019s name, email, time zone, notes and managers',
  async run(ctx) {
    const ref = await needsRef(ctx, 'client edit <client>');
    if (ref) await openEditClientForm(formRequest(ctx), { ref });
  },
};

export const clientRemove: Subcommand = {
  name: 'client remove',
  args: '<client>',
  summary: 'Remove a client (asks first; an audit record is kept)',
  async run(ctx) {
    const ref = await needsRef(ctx, 'client remove <client>');
    if (ref) await openRemoveClientForm(formRequest(ctx), { ref });
  },
};

export const clientGoogle: Subcommand = {
  name: 'client google',
  args: '<client>',
  summary: 'Use the client’s own Google OAuth app (client id, secret, access level) instead of the default',
  async run(ctx) {
    const ref = await needsRef(ctx, 'client google <client>');
    if (ref) await openGoogleSettingsForm(formRequest(ctx), { ref });
  },
};
