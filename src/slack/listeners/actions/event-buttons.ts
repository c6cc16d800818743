import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import { z } from 'zod';
import type { SlackDeps } from '../../deps.js';
import { ReplyError } from '../../reply-error.js';
import { openEditEventForm, openNewEventForm } from '../../forms/event-forms.js';
import { eventsPage, parseMore } from '../../messaging/events-page.js';
import { errorMessage } from '../../views/errors.js';
import { eventDeletedMessage, eventSavedMessage } from '../../views/event-results.js';
import { eventModal } from '../../views/event-modal.js';
import { eventFormValues } from '../../forms/event-values.js';
import { formInterval } from '../../../core/events/form.js';
import type { EventInput } from '../../../core/calendars/ports.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

const refSchema = z.object({ c: z.string(), k: z.string(), e: z.string() });
const parseRef = (value: string | undefined) => {
  try {
    return refSchema.parse(JSON.parse(value ?? ''));
  } catch {
    throw new ReplyError('That button no longer works.', 'List the events again.');
  }
};

/** Runs a button's work; a user-facing failure is answered where the button was. */
async function answering(respond: ButtonArgs['respond'], deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>, work: () => Promise<void>) {
  try {
    await work();
  } catch (err) {
    logFailure(deps.log, err, 'event button failed');
    await respond(errorMessage(err));
  }
}

export function eventsMoreAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    await answering(respond, deps, async () => {
      const q = parseMore(action.value ?? '');
      if (!q) throw new ReplyError('That list is out of date.', 'Run `/calstack events` again.');
      await respond(await eventsPage(deps, actorOf(body), { clientId: q.c, calendarId: q.k, start: new Date(q.s), end: new Date(q.e), label: q.l, pageToken: q.p }));
    });
  };
}

export function eventUndoAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    await answering(respond, deps, async () => {
      const actor = actorOf(body);
      const { client, event } = await deps.events.undoDelete(actor, action.value ?? '');
      const zone = await viewerZone(deps.directory, actor, client.timeZone);
      await respond({ ...eventSavedMessage('Restored', client, event.calendarId, event, zone), replace_original: true });
    });
  };
}

const splitSchema = z.object({
  c: z.string(),
  u: z.object({ calendarId: z.string(), seriesId: z.string(), recurrence: z.array(z.string()), copyId: z.string(), notify: z.enum(['all', 'externalOnly', 'none']) }),
});

/** Undo on "this and following": the series as it was, without its copy. */
export function splitUndoAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    await answering(respond, deps, async () => {
      let ref;
      try {
        ref = splitSchema.parse(JSON.parse(action.value ?? ''));
      } catch {
        throw new ReplyError('That button no longer works.', 'List the events again.');
      }
      const actor = actorOf(body);
      const { client, event } = await deps.events.undoSplit(actor, ref.c, ref.u);
      const zone = await viewerZone(deps.directory, actor, client.timeZone);
      await respond({ ...eventSavedMessage('Restored', client, ref.u.calendarId, event, zone), replace_original: true });
    });
  };
}

/** Undo on a quick add: deletes what it created (and that deletion can be undone in turn). */
export function quickUndoAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    await answering(respond, deps, async () => {
      const ref = parseRef(action.value);
      // Quick add invited its guests, so taking it back tells them too.
      const { client, event, undoId } = await deps.events.remove(actorOf(body), { clientId: ref.c, calendarId: ref.k, eventId: ref.e, notify: 'all' });
      await respond({ ...eventDeletedMessage(client, event, undoId), replace_original: true });
    });
  };
}

export function eventEditAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, client, context, respond }: ButtonArgs) => {
    await ack();
    await answering(respond, deps, async () => {
      const ref = parseRef(action.value);
      await openEditEventForm(
        { client, log: requestLog(context, deps), deps, actor: actorOf(body), triggerId: body.trigger_id, responseUrl: body.response_url },
        { clientId: ref.c, calendarId: ref.k, eventId: ref.e },
      );
    });
  };
}

/** "New event" on an events list: the form with that client and calendar chosen. */
export function newEventAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, client, context }: ButtonArgs) => {
    await ack();
    const [clientId, calendarId] = (action.value ?? '').split('|');
    await openNewEventForm(
      { client, log: requestLog(context, deps), deps, actor: actorOf(body), triggerId: body.trigger_id, responseUrl: body.response_url },
      { ...(clientId ? { clientId } : {}), ...(calendarId ? { calendarId } : {}) },
    );
  };
}

/** Choosing a client in the event form reloads its calendar options in place. */
export function eventClientAction(deps: Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, action, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>>) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const actor = actorOf(body);
    const clients = (await deps.clients.list(actor)).filter((c) => c.google.state === 'connected');
    const chosen = clients.find((c) => c.id === action.selected_option.value) ?? null;
    let calendars: Awaited<ReturnType<SlackDeps['calendars']['calendars']>>['calendars'] = [];
    if (chosen) calendars = (await deps.calendars.calendars(actor, chosen.id).catch(() => ({ calendars: [] }))).calendars;
    const zone = await viewerZone(deps.directory, actor, chosen?.timeZone ?? 'UTC');
    const meta = JSON.parse(view.private_metadata || '{}') as { responseUrl?: string };
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: eventModal({ clients, client: chosen, calendars, calendarId: null, prefill: timesOf(view.state.values), zone, editing: null, now: deps.clock.now(), ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}) }),
    });
  };
}

/**
 * The time the form holds, as a prefill. Slack keeps what was typed in inputs whose ids stay, but
 * a time Find a time filled in sits under its own block ids (see timeBlockId), which the rebuilt
 * form does not have: it would be lost without this.
 */
function timesOf(values: Parameters<typeof eventFormValues>[0]): Partial<EventInput> {
  const form = eventFormValues(values);
  const span = formInterval(form);
  return span && form.timeZone ? { start: { dateTime: span.start.toISOString() }, end: { dateTime: span.end.toISOString() }, timeZone: form.timeZone } : {};
}
