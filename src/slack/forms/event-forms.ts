import type { ModalView } from '@slack/types';
import type { EventInput } from '../../core/calendars/ports.js';
import { viewerZone } from '../../core/clients/zone.js';
import { openThenFill } from '../messaging/modals.js';
import type { FormRequest } from './client-forms.js';
import { eventModal } from '../views/event-modal.js';
import { inputOf } from '../../core/events/service.js';
import type { FormCheck } from '../views/form-check.js';

export interface NewEventOptions {
  clientId?: string;
  calendarId?: string;
  prefill?: Partial<EventInput>;
  /** A line above the form (mrkdwn, escaped by the caller): what the prefill left out. */
  notice?: string;
  /** The prefilled time checked for conflicts and guests' free/busy, shown under it (Book). */
  check?: () => Promise<FormCheck>;
}

/** The new-event form: opens at once, then the clients and the chosen client's calendars load into it. */
export function openNewEventForm(req: FormRequest, opts: NewEventOptions = {}): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'New event', () => newEventView(req, opts));
}

/** The new-event form's view, for a modal already open (see openThenFill). */
export async function newEventView(req: FormRequest, opts: NewEventOptions): Promise<ModalView> {
  const clients = (await req.deps.clients.list(req.actor)).filter((c) => c.google.state === 'connected');
  const defaultClient = opts.clientId ? null : await req.deps.clients.defaultClient(req.actor);
  const client = clients.find((c) => c.id === (opts.clientId ?? defaultClient?.id)) ?? (clients.length === 1 ? (clients[0] ?? null) : null);
  const calendars = client ? (await req.deps.calendars.calendars(req.actor, client.id)).calendars : [];
  const zone = await viewerZone(req.deps.directory, req.actor, client?.timeZone ?? 'UTC');
  return eventModal({
    clients,
    client,
    calendars,
    calendarId: opts.calendarId ?? null,
    prefill: opts.prefill ?? {},
    zone,
    editing: null,
    now: req.deps.clock.now(),
    ...(req.responseUrl ? { responseUrl: req.responseUrl } : {}),
    ...(opts.notice ? { notice: opts.notice } : {}),
    ...(opts.check ? { check: await opts.check() } : {}),
  });
}

export function openEditEventForm(req: FormRequest, target: { clientId: string; calendarId: string; eventId: string }): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Edit event', async () => {
    const { client, event } = await req.deps.events.get(req.actor, target.clientId, target.calendarId, target.eventId);
    const zone = await viewerZone(req.deps.directory, req.actor, client.timeZone);
    // A series' rule lives on its master event.
    const recurrence = event.recurringEventId
      ? (await req.deps.events.get(req.actor, client.id, target.calendarId, event.recurringEventId)).event.recurrence
      : event.recurrence;
    return eventModal({
      clients: [client],
      client,
      calendars: [],
      calendarId: target.calendarId,
      prefill: { ...inputOf(event, zone), recurrence },
      zone,
      editing: { eventId: event.id, recurring: Boolean(event.recurringEventId) },
      now: req.deps.clock.now(),
      ...(req.responseUrl ? { responseUrl: req.responseUrl } : {}),
    });
  });
}
