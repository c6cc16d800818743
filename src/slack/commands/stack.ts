import type { CommandContext, Subcommand } from './types.js';
import { parseStackRequest, splitFreeDuration } from '../../core/stack/request.js';
import { agendaMessage, conflictsMessage, freeMessage } from '../views/agenda.js';

/** The acting user and what they asked for: the clients, the range and the zone (read by core). */
async function stackRequest(ctx: CommandContext, text: string) {
  const { actor } = ctx;
  return { actor, ...(await parseStackRequest(ctx.deps, actor, text, ctx.deps.clock.now())) };
}

export const agenda: Subcommand = {
  name: 'agenda',
  args: '[clients…] [when]',
  summary: 'Every client\u2019s events stacked in one agenda, conflicts flagged (default: all your clients, the next 7 days)',
  async run(ctx) {
    const { actor, clientIds, range, zone } = await stackRequest(ctx, ctx.args);
    const result = await ctx.deps.stack.agenda(actor, { ...range, zone, clientIds });
    await ctx.reply(agendaMessage({ ...result, label: range.label, zone }));
  },
};

export const conflicts: Subcommand = {
  name: 'conflicts',
  args: '[clients…] [when]',
  summary: 'Only the overlapping events across your clients (and across one client\u2019s calendars)',
  async run(ctx) {
    const { actor, clientIds, range, zone } = await stackRequest(ctx, ctx.args);
    const result = await ctx.deps.stack.conflicts(actor, { ...range, zone, clientIds });
    await ctx.reply(conflictsMessage({ conflicts: result.conflicts, unreadable: result.unreadable, label: range.label, zone }));
  },
};

export const free: Subcommand = {
  name: 'free',
  args: '[clients…] [when] [for <duration>]',
  summary: 'Times when all the named clients are free within working hours, each with a Book button',
  async run(ctx) {
    const { text, minMinutes } = splitFreeDuration(ctx.args);
    const { actor, clientIds, range, zone } = await stackRequest(ctx, text);
    const result = await ctx.deps.stack.free(actor, { ...range, clientIds, minMinutes, now: ctx.deps.clock.now() });
    await ctx.reply(freeMessage({ ...result, label: range.label, zone, minMinutes }));
  },
};
