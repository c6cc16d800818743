import type { WebClient } from '@slack/web-api';
import type { CommandContext, Subcommand } from './types.js';
import type { Logger } from '../../logger.js';
import type { Actor, Client } from '../../core/clients/types.js';
import type { EventInput } from '../../core/calendars/ports.js';
import type { BulkReporter } from '../../core/bulk/types.js';
import { parseQuickAdd } from '../../core/events/quick-add.js';
import { NotFoundError } from '../../core/errors.js';
import { ReplyError } from '../reply-error.js';
import { coreWording } from '../views/error-text.js';
import { viewerZone } from '../events-page.js';
import { bulkMessage } from '../views/bulk.js';
import { esc, truncate } from '../mrkdwn.js';
import { inputFromDraft } from '../../core/events/draft.js';
import { nextArg } from '../../core/text/args.js';
import { MAX_CLIENTS_NAMED, tooManyClientsNamed } from '../../core/clients/resolve.js';

/**
 * The clients named before the event text, and the text. `all` is every client the user
 * manages; otherwise words are clients until the first one that isn't. A word naming a client
 * the user doesn't manage, or several clients, is an error rather than part of the title.
 */
async function clientsAndText(ctx: CommandContext, actor: Actor): Promise<{ clients: Client[]; text: string }> {
  const args = ctx.args;
  const first = nextArg(args, 0);
  if (first && first.word.toLowerCase() === 'all') {
    const clients = await ctx.deps.clients.list(actor);
    if (!clients.length) throw new ReplyError('You don\u2019t manage any clients yet.', 'Add one with `/calstack client add`.');
    return { clients, text: args.slice(first.end).trim() };
  }
  const clients: Client[] = [];
  let pos = 0;
  for (let w = first, named = 0; w; w = nextArg(args, pos)) {
    try {
      const client = await ctx.deps.clients.resolve(actor, w.word);
      if (++named > MAX_CLIENTS_NAMED) throw tooManyClientsNamed();
      if (!clients.some((c) => c.id === client.id)) clients.push(client);
      pos = w.end;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      if (!clients.length) {
        const worded = coreWording(err);
        throw new ReplyError(`${worded.message} Start with the clients, or \`all\`.`, worded.hint ?? 'For example: `/calstack block acme globex OOO Dec 24-26`.');
      }
      break;
    }
  }
  return { clients, text: args.slice(pos).trim() };
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

/**
 * Reports a bulk job in one DM message: posted on the first report when there is none yet
 * (then `onPosted` keeps it), updated in place after that. Slack failures are logged, never thrown,
 * so the work itself carries on.
 */
export function dmReporter(
  client: WebClient,
  log: Logger,
  userId: string,
  message: { channel: string | null; ts: string | null },
  onPosted: (message: { channel: string; ts: string }) => Promise<void>,
): BulkReporter {
  let target = message.channel && message.ts ? { channel: message.channel, ts: message.ts } : null;
  return async (snapshot) => {
    const content = bulkMessage(snapshot);
    try {
      if (target) {
        await client.chat.update({ channel: target.channel, ts: target.ts, text: content.text, blocks: content.blocks });
        return;
      }
      const opened = await client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('Slack opened no DM channel');
      const posted = await client.chat.postMessage({ channel, text: content.text, blocks: content.blocks });
      if (!posted.ts) throw new Error('Slack posted no message');
      target = { channel: posted.channel ?? channel, ts: posted.ts };
      await onPosted(target);
    } catch (err) {
      log.warn({ err, jobId: snapshot.job.id }, 'could not show bulk progress');
    }
  };
}

export const block: Subcommand = {
  name: 'block',
  args: '<clients…|all> <text>',
  summary: 'The same event in several clients\u2019 primary calendars at once: "acme globex OOO Dec 24-26", "all Offsite Jan 12-14"',
  async run(ctx) {
    const actor = { teamId: ctx.teamId, userId: ctx.userId };
    if (!ctx.args.trim()) {
      await ctx.reply({ text: 'Tell me the clients and the event: `/calstack block acme globex OOO Dec 24-26` (or `all` for every client you manage).' });
      return;
    }
    const { clients, text } = await clientsAndText(ctx, actor);
    if (!text) {
      await ctx.reply({ text: `Tell me the event after the clients: \`/calstack block ${esc(clients.map((c) => c.slug).join(' '))} OOO Dec 24-26\`.` });
      return;
    }
    const zone = await viewerZone(ctx.deps, actor, clients[0]!.timeZone);
    const input = inputFrom(text, zone, ctx.deps.clock.now());
    const job = await ctx.deps.bulk.start(actor, { text, input, clientIds: clients.map((c) => c.id) });
    await ctx.reply({ text: 'Working on it \u2014 I\u2019ll DM you the progress.' });
    const report = dmReporter(ctx.client, ctx.log, ctx.userId, { channel: null, ts: null }, (message) => ctx.deps.bulk.attachMessage(actor, job.id, message));
    // "0 of N": the message every later report updates.
    await report(await ctx.deps.bulk.get(actor, job.id));
    // The work runs after the ack, still inside the request, so shutdown waits for it (within its bound).
    await ctx.deps.bulk.run(actor, job.id, report);
  },
};
