import type { Subcommand } from './types.js';
import { viewerZone } from '../../core/clients/zone.js';
import { splitArgs } from '../../core/text/args.js';
import { parseWhen, splitWhen } from '../../core/events/when.js';
import { NotFoundError } from '../../core/errors.js';
import { ReplyError } from '../reply-error.js';
import { eventsPage } from '../messaging/events-page.js';
import type { Client } from '../../core/clients/types.js';
import { resolveClientOrDefault } from './client.js';

export const events: Subcommand = {
  name: 'events',
  args: '[client] [calendar] [when]',
  summary: 'A client\u2019s events by day: today, tomorrow, next week, "dec 1 to dec 5"… (default: the next 7 days, primary calendar)',
  async run(ctx) {
    const { actor } = ctx;
    const { rest, when } = splitWhen(splitArgs(ctx.args));
    let client: Client | null;
    let calendarRef: string | undefined;
    try {
      client = await resolveClientOrDefault(ctx, 'events <client> [calendar] [when]', rest[0] ?? null);
      calendarRef = rest.slice(1).join(' ') || undefined;
    } catch (err) {
      // "/calstack events work" with a default client: the word names a calendar.
      client = err instanceof NotFoundError ? await ctx.deps.clients.defaultClient(actor) : null;
      if (!client) throw err;
      calendarRef = rest.join(' ');
    }
    if (!client) return;
    const zone = await viewerZone(ctx.deps.directory, actor, client.timeZone);
    const range = parseWhen(when, { now: ctx.deps.clock.now(), zone });
    if ('error' in range) throw new ReplyError(range.error);
    const { calendar } = await ctx.deps.events.pickCalendar(actor, client.id, calendarRef);
    await ctx.reply(await eventsPage(ctx.deps, actor, { clientId: client.id, calendarId: calendar.id, start: range.start, end: range.end, label: range.label }));
  },
};
