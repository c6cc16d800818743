import type { CommandContext, Subcommand } from './types.js';
import { viewerZone } from '../../core/clients/zone.js';
import type { Actor, Client } from '../../core/clients/types.js';
import type { EventInput } from '../../core/calendars/ports.js';
import { parseQuickAdd } from '../../core/events/quick-add.js';
import { ReplyError } from '../reply-error.js';
import { coreWording } from '../views/error-text.js';
import { postProgressMessage } from '../messaging/bulk-reporter.js';
import { esc, truncate } from '../views/mrkdwn.js';
import { inputFromDraft } from '../../core/events/draft.js';
import { bulkTargets } from '../../core/bulk/targets.js';

/** The clients named before the event text, and the text; none named is worded here, for Slack. */
async function clientsAndText(ctx: CommandContext, actor: Actor): Promise<{ clients: Client[]; text: string }> {
  const targets = await bulkTargets(ctx.deps.clients, actor, ctx.args);
  if (targets.kind === 'none_managed') throw new ReplyError('You don\u2019t manage any clients yet.', 'Add one with `/calstack client add`.');
  if (targets.kind === 'no_client_first') {
    const worded = coreWording(targets.error);
    throw new ReplyError(`${worded.message} Start with the clients, or \`all\`.`, worded.hint ?? 'For example: `/calstack block acme globex OOO Dec 24-26`.');
  }
  return targets;
}

/** The event a clear quick-add phrase describes, as quick add makes it. */
function inputFrom(text: string, zone: string, now: Date): EventInput {
  const parsed = parseQuickAdd(text, { now, zone });
  if (parsed.kind === 'unclear') {
    throw new ReplyError(
      `I wasn\u2019t sure about \u201c${truncate(text, 100)}\u201d (${parsed.reason}), so nothing was created.`,
      'Give a title and a date or time, e.g. `/calstack block acme globex OOO Dec 24-26` or `/calstack block all Board call Dec 18 3-4pm`.',
    );
  }
  return inputFromDraft(parsed.draft);
}

export const block: Subcommand = {
  name: 'block',
  args: '<clients…|all> <text>',
  summary: 'The same event in several clients\u2019 primary calendars at once: "acme globex OOO Dec 24-26", "all Offsite Jan 12-14"',
  async run(ctx) {
    const { actor } = ctx;
    if (!ctx.args.trim()) {
      await ctx.reply({ text: 'Tell me the clients and the event: `/calstack block acme globex OOO Dec 24-26` (or `all` for every client you manage).' });
      return;
    }
    const { clients, text } = await clientsAndText(ctx, actor);
    if (!text) {
      await ctx.reply({ text: `Tell me the event after the clients: \`/calstack block ${esc(clients.map((c) => c.slug).join(' '))} OOO Dec 24-26\`.` });
      return;
    }
    const zone = await viewerZone(ctx.deps.directory, actor, clients[0]?.timeZone ?? 'UTC');
    const input = inputFrom(text, zone, ctx.deps.clock.now());
    const job = await ctx.deps.bulk.start(actor, { text, input, clientIds: clients.map((c) => c.id) });
    await ctx.reply({ text: 'Working on it \u2014 I\u2019ll DM you the progress.' });
    const change = { jobId: job.id, action: 'run' } as const;
    // "0 of N": the message every later report updates, from whichever process runs the job.
    await postProgressMessage(ctx.client, ctx.log, ctx.deps.bulk, actor, change);
    await ctx.deps.bulk.request(actor, change);
  },
};
