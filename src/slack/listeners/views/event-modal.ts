import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import type { SlackDeps } from '../../deps.js';
import { EventFormError, parseEventForm, type EventFormField } from '../../../core/events/form.js';
import { changedFields } from '../../../core/events/edit.js';
import { eventBlocks as b } from '../../views/event-modal.js';
import { blockIdIn, eventFormValues } from '../../forms/event-values.js';
import { parseMeta } from '../../views/meta.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { sendDm } from '../../messaging/notifier.js';
import { errorMessage } from '../../views/errors.js';
import { eventSavedMessage } from '../../views/event-results.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

const FIELD_BLOCKS: Record<EventFormField, string> = {
  title: b.title,
  start: b.startDate,
  end: b.endTime,
  duration: b.duration,
  timeZone: b.timeZone,
  attendees: b.attendees,
  recurrence: b.recurrence,
  customRule: b.customRule,
};

/**
 * Validates the whole form before acknowledging (inline errors, nothing sent
 * to Google), then closes the modal and talks to Google.
 */
export function eventModalSubmission(deps: Pick<SlackDeps, 'directory' | 'events' | 'log'>) {
  return async ({ ack, body, view, client, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const meta = parseMeta(view.private_metadata);
    const form = eventFormValues(view.state.values);
    const clientId = meta.eventId ? meta.clientId : form.clientId;
    const calendarId = meta.eventId ? meta.calendarId : form.calendarId;
    const errors: Record<string, string> = {};
    if (!clientId) errors[b.client] = 'Choose a client.';
    if (!calendarId && !meta.eventId) errors[b.client] = 'Choose a client whose calendars have loaded, then a calendar.';
    else if (!calendarId) errors[b.client] ??= 'This event\u2019s calendar is not known any more; open the event again.';
    const guests = await Promise.all(form.slackUsers.map((u) => deps.directory.profile(actor.teamId, u).catch(() => null)));
    const missing = form.slackUsers.filter((_, i) => !guests[i]?.email);
    if (missing.length) errors[b.slackUsers] = `No email address is visible for ${missing.map((u) => `<@${u}>`).join(', ')}; add them by email instead.`;
    let input;
    const submitted = { ...form, attendees: [...form.attendees, ...guests.flatMap((g) => (g?.email ? [g.email] : []))] };
    try {
      input = parseEventForm(submitted);
    } catch (err) {
      if (!(err instanceof EventFormError)) throw err;
      for (const [field, message] of Object.entries(err.fields)) errors[blockIdIn(view.state.values, FIELD_BLOCKS[field as EventFormField])] ??= message;
    }
    if (Object.keys(errors).length || !input || !clientId || !calendarId) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const tell = (message: { text: string; blocks?: unknown[] }) =>
      meta.responseUrl ? postToResponseUrl(meta.responseUrl, message, log) : sendDm(client, actor.userId, message);
    try {
      const result: Partial<Awaited<ReturnType<SlackDeps['events']['update']>>> & Awaited<ReturnType<SlackDeps['events']['create']>> = meta.eventId
        ? await deps.events.update(actor, { clientId, calendarId, eventId: meta.eventId, scope: form.scope, patch: changedFields(input, submitted, meta.shown), notify: form.notify })
        : await deps.events.create(actor, { clientId, calendarId, input, submissionKey: `view:${view.id}`, notify: form.notify });
      const zone = await viewerZone(deps.directory, actor, result.client.timeZone);
      const splitUndo = result.split ? JSON.stringify({ c: result.client.id, u: result.split }) : undefined;
      await tell(eventSavedMessage(meta.eventId ? 'Saved' : 'Created', result.client, calendarId, result.event, zone, { ...(splitUndo ? { splitUndo } : {}), leftBehind: result.leftBehind ?? [] }));
    } catch (err) {
      logFailure(log, err, 'saving an event failed');
      await tell(errorMessage(err));
    }
  };
}
