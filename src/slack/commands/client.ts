import type { CommandContext, Subcommand } from './types.js';
import {
  openEditClientForm,
  openGoogleSettingsForm,
  openNewClientForm,
  openRemoveClientForm,
  type ClientPick,
  type FormRequest,
} from '../forms/client-forms.js';
import { splitArgs } from '../../core/text/args.js';
import type { Actor, Client } from '../../core/clients/types.js';

const actorOf = (ctx: CommandContext): Actor => (ctx.actor);

export const formRequest = (ctx: CommandContext) => ({
  client: ctx.client,
  log: ctx.log,
  deps: ctx.deps,
  actor: actorOf(ctx),
  triggerId: ctx.command.trigger_id,
  responseUrl: ctx.command.response_url,
});

/** The client named in the arguments: quotes allowed, or all the words as one name. */
export function clientRefArg(ctx: CommandContext): string | null {
  const words = splitArgs(ctx.args);
  return words.length === 0 ? null : words.length === 1 ? (words[0] ?? null) : ctx.args.trim();
}

const whichClient = (usage: string, otherwise: string) => `Which client? Usage: \`/calstack ${usage}\`${otherwise}.`;

async function needsRef(ctx: CommandContext, usage: string): Promise<string | null> {
  const ref = clientRefArg(ctx);
  if (!ref) await ctx.reply({ text: whichClient(usage, ' (a name, a slug or the start of one)') });
  return ref;
}

/**
 * The client `ref` names (by default, the one named in the arguments), else the user's default
 * client. A named one is left for the caller to resolve, so a form can open before the lookup.
 * With neither, the user is told how to name one (`usage`: the command as help shows it) and the
 * answer is null.
 */
export async function clientOrDefault(ctx: CommandContext, usage: string, ref = clientRefArg(ctx)): Promise<{ ref: string } | Client | null> {
  if (ref) return { ref };
  const fallback = await ctx.deps.clients.defaultClient(actorOf(ctx));
  if (!fallback) await ctx.reply({ text: whichClient(usage, ', or set a default with `/calstack use <client>`') });
  return fallback;
}

/** clientOrDefault with a named client resolved: resolve's errors (not found, ambiguous, not yours) pass through. */
export async function resolveClientOrDefault(ctx: CommandContext, usage: string, ref = clientRefArg(ctx)): Promise<Client | null> {
  const pick = await clientOrDefault(ctx, usage, ref);
  return pick && 'ref' in pick ? ctx.deps.clients.resolve(actorOf(ctx), pick.ref) : pick;
}

export const clientAdd: Subcommand = {
  name: 'client add',
  args: '[name]',
  summary: 'Add a client (opens a form)',
  run: (ctx) => openNewClientForm(formRequest(ctx), clientRefArg(ctx) ?? undefined),
};

/** `client <verb> <client>`: opens a form for the client named. */
function clientFormCommand(verb: string, summary: string, open: (req: FormRequest, pick: ClientPick) => Promise<void>): Subcommand {
  const name = `client ${verb}`;
  return {
    name,
    args: '<client>',
    summary,
    async run(ctx) {
      const ref = await needsRef(ctx, `${name} <client>`);
      if (ref) await open(formRequest(ctx), { ref });
    },
  };
}

export const clientEdit = clientFormCommand('edit', 'Edit a client\u2019s name, email, time zone, notes and managers', openEditClientForm);

export const clientRemove = clientFormCommand('remove', 'Remove a client (asks first; an audit record is kept)', openRemoveClientForm);

export const clientGoogle = clientFormCommand(
  'google',
  'Use the client’s own Google OAuth app (client id, secret, access level) instead of the default',
  openGoogleSettingsForm,
);
