import type { CommandContext, Subcommand } from './types.js';
import { viewerZone } from '../../core/clients/zone.js';
import { clientBeforeText } from '../../core/clients/named.js';
import { parseQuickAdd } from '../../core/events/quick-add.js';
import { draftToInput, inputFromDraft } from '../../core/events/draft.js';
import { ReplyError } from '../reply-error.js';
import type { Client } from '../../core/clients/types.js';
import { openNewEventForm } from '../forms/event-forms.js';
import { eventSavedMessage } from '../views/event-results.js';
import { esc } from '../views/mrkdwn.js';
import { withConflictLine } from '../messaging/conflict-note.js';
import { clientRefArg, formRequest } from './client.js';

export const eventNew: Subcommand = {
  name: 'event new',
  args: '[client]',
  summary: 'Create an event with the full form (title, times, guests, repeat, Meet, reminders)',
  async run(ctx) {
    const ref = clientRefArg(ctx);
    const client = ref ? await ctx.deps.clients.resolve(ctx.actor, ref) : null;
    await openNewEventForm(formRequest(ctx), client ? { clientId: client.id } : {});
  },
};

/** The client named by the first word, or the default client with the whole text as the event. */
async function clientAndText(ctx: CommandContext): Promise<{ client: Client; text: string }> {
  const { actor } = ctx;
  const named = await clientBeforeText(ctx.deps.clients, actor, ctx.args);
  if (named) return named;
  const fallback = await ctx.deps.clients.defaultClient(actor);
  if (!fallback) throw new ReplyError('Which client?', 'Start with the client (`/calstack add acme Lunch tomorrow 12:30`) or set a default with `/calstack use <client>`.');
  return { client: fallback, text: ctx.args.trim() };
}

export const quickAdd: Subcommand = {
  name: 'add',
  args: '[client] <text>',
  summary: 'Quick add in plain language: "Lunch with Bob tomorrow 12:30 for 45m", "Team offsite Jan 12-14"',
  async run(ctx) {
    if (!ctx.args.trim()) {
      await ctx.reply({ text: 'Tell me the event: `/calstack add [client] Lunch with Bob tomorrow 12:30 for 45m`.' });
      return;
    }
    const { actor } = ctx;
    const { client, text } = await clientAndText(ctx);
    const zone = await viewerZone(ctx.deps.directory, actor, client.timeZone);
    const parsed = parseQuickAdd(text, { now: ctx.deps.clock.now(), zone });
    if (parsed.kind === 'unclear') {
      // Better to ask than to guess: the form opens with what was understood.
      await openNewEventForm(formRequest(ctx), { clientId: client.id, prefill: { ...draftToInput(parsed.draft), timeZone: zone } });
      await ctx.reply({ text: `:thinking_face: I wasn\u2019t sure (${esc(parsed.reason)}), so I opened the event form for *${esc(client.name)}* with what I understood.` });
      return;
    }
    const { calendar } = await ctx.deps.events.pickCalendar(actor, client.id);
    const input = inputFromDraft(parsed.draft);
    const { event } = await ctx.deps.events.create(actor, { clientId: client.id, calendarId: calendar.id, input, submissionKey: `quick:${ctx.command.trigger_id}`, notify: 'all' });
    await ctx.reply(await withConflictLine(ctx.deps, ctx.log, actor, client.id, event, zone, eventSavedMessage('Created', client, calendar.id, event, zone, { undo: true })));
  },
};
