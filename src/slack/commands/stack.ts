import type { CommandContext, Subcommand } from './types.js';
import { splitArgs } from '../../core/text/args.js';
import { parseWhen, splitWhen } from '../../core/events/when.js';
import { parseDuration, DURATION_PATTERN } from '../../core/events/duration.js';
import { ReplyError } from '../reply-error.js';
import { MAX_CLIENTS_NAMED, tooManyClientsNamed } from '../../core/clients/resolve.js';
import { viewerZone } from '../events-page.js';
import { agendaEventIds, agendaMessage, conflictsMessage, freeMessage } from '../views/agenda.js';
import type { Logger } from '../../logger.js';
import type { Actor } from '../../core/clients/types.js';
import type { AgendaDay } from '../../core/stack/agenda.js';
import type { BulkService } from '../../core/bulk/service.js';
import type { BulkJobSummary } from '../../core/bulk/types.js';

/**
 * The viewer's bulk jobs that made events in this agenda (for Move / Cancel). The agenda matters
 * more: when they can't be read it is shown without them.
 */
export async function agendaJobs(bulk: Pick<BulkService, 'forEvents'>, actor: Actor, days: readonly AgendaDay[], log?: Logger): Promise<BulkJobSummary[]> {
  try {
    return await bulk.forEvents(actor, agendaEventIds(days));
  } catch (err) {
    log?.warn({ err }, 'could not look up bulk jobs for the agenda');
    return [];
  }
}

/** Clients named before the range (none = all this user manages), the range, and the viewer's zone. */
async function stackArgs(ctx: CommandContext, text: string, defaultDays = 7) {
  const actor = { teamId: ctx.teamId, userId: ctx.userId };
  const { rest, when } = splitWhen(splitArgs(text));
  const named = rest.filter((w) => w.toLowerCase() !== 'all');
  if (named.length > MAX_CLIENTS_NAMED) throw tooManyClientsNamed();
  const clients = await Promise.all(named.map((ref) => ctx.deps.clients.resolve(actor, ref)));
  const profileZone = await viewerZone(ctx.deps, actor, clients[0]?.timeZone ?? 'UTC');
  const range = parseWhen(when, { now: ctx.deps.clock.now(), zone: profileZone, defaultDays });
  if ('error' in range) throw new ReplyError(range.error);
  return { actor, clientIds: clients.map((c) => c.id), range, zone: profileZone };
}

export const agenda: Subcommand = {
  name: 'agenda',
  args: '[clients…] [when]',
  summary: 'Every client\u2019s events stacked in one agenda, conflicts flagged (default: all your clients, the next 7 days)',
  async run(ctx) {
    const { actor, clientIds, range, zone } = await stackArgs(ctx, ctx.args);
    const result = await ctx.deps.stack.agenda(actor, { ...range, zone, clientIds });
    const jobs = await agendaJobs(ctx.deps.bulk, actor, result.days, ctx.log);
    await ctx.reply(agendaMessage({ ...result, label: range.label, zone, jobs }));
  },
};

export const conflicts: Subcommand = {
  name: 'conflicts',
  args: '[clients…] [when]',
  summary: 'Only the overlapping events across your clients (and across one client\u2019s calendars)',
  async run(ctx) {
    const { actor, clientIds, range, zone } = await stackArgs(ctx, ctx.args);
    const result = await ctx.deps.stack.agenda(actor, { ...range, zone, clientIds });
    await ctx.reply(conflictsMessage({ conflicts: result.conflicts, unreadable: result.unreadable, label: range.label, zone }));
  },
};

const FOR_DURATION = new RegExp(`\\bfor\\s+(${DURATION_PATTERN})\\s*$`, 'i');

export const free: Subcommand = {
  name: 'free',
  args: '[clients…] [when] [for <duration>]',
  summary: 'Times when all the named clients are free within working hours, each with a Book button',
  async run(ctx) {
    const match = FOR_DURATION.exec(ctx.args);
    const minMinutes = match ? parseDuration(match[1]!) : 30;
    if (!minMinutes) throw new ReplyError('I couldn\u2019t read that duration.', 'Write it like `for 45m` or `for 1.5 hours`.');
    const text = match ? ctx.args.slice(0, match.index) : ctx.args;
    const { actor, clientIds, range, zone } = await stackArgs(ctx, text);
    const result = await ctx.deps.stack.free(actor, { ...range, clientIds, minMinutes, now: ctx.deps.clock.now() });
    await ctx.reply(freeMessage({ ...result, label: range.label, zone, minMinutes }));
  },
};
