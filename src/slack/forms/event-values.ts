import type { ViewSubmitAction } from '@slack/bolt';
import type { EventForm } from '../../core/events/form.js';
import { NOTIFY_CHOICES, type Notify } from '../../core/calendars/ports.js';
import type { EditScope } from '../../core/events/service.js';

const SCOPES: readonly EditScope[] = ['instance', 'following', 'series'];
import { baseBlockId, eventBlocks as b } from '../views/event-modal.js';
import { ids } from './ids.js';

type Values = ViewSubmitAction['view']['state']['values'];

/** Reads the event modal's state into plain form values. */
export function eventFormValues(values: Values): EventForm & { clientId: string | null; calendarId: string | null; slackUsers: string[]; scope: EditScope; notify: Notify } {
  const v = (block: string, action = 'value') => values[blockIdIn(values, block)]?.[action];
  const text = (block: string) => v(block)?.value?.trim() || null;
  const checked = (block: string) => (v(block)?.selected_options ?? []).map((o) => o.value);
  return {
    clientId: v(b.client, ids.actions.eventClient)?.selected_option?.value ?? null,
    calendarId: v(b.calendar)?.selected_option?.value ?? null,
    title: v(b.title)?.value ?? '',
    description: text(b.description),
    location: text(b.location),
    startDate: v(b.startDate)?.selected_date ?? null,
    startTime: v(b.startTime)?.selected_time ?? null,
    endDate: v(b.endDate)?.selected_date ?? null,
    endTime: v(b.endTime)?.selected_time ?? null,
    duration: text(b.duration),
    allDay: checked(b.allDay).includes('yes'),
    timeZone: v(b.timeZone)?.selected_option?.value ?? '',
    attendees: (text(b.attendees) ?? '').split(/[\s,;]+/).filter(Boolean),
    slackUsers: v(b.slackUsers)?.selected_users ?? [],
    recurrence: (v(b.recurrence)?.selected_option?.value ?? 'none') as EventForm['recurrence'],
    weeklyDays: checked(b.weeklyDays),
    customRule: text(b.customRule),
    meet: checked(b.meet).includes('yes'),
    reminder: v(b.reminder)?.selected_option?.value ?? null,
    scope: scopeChoice(v(b.scope)?.selected_option?.value),
    notify: notifyChoice(v(b.notify)?.selected_option?.value),
  };
}

/**
 * The block id an input of the form has now: its own, or the one Find a time gave it
 * (`ev_start_date.2`, see timeBlockId). Slack sends every input's state, so it is among `values`.
 */
export function blockIdIn(values: Values, block: string): string {
  if (values[block]) return block;
  return Object.keys(values).find((id) => baseBlockId(id) === block) ?? block;
}

/** Which occurrences a change applies to; a form without the choice (a one-off event) or a tampered value: this one only. */
export function scopeChoice(value: string | null | undefined): EditScope {
  return SCOPES.find((s) => s === value) ?? 'instance';
}

/** The "Notify guests" choice; a form without it (or a tampered value) tells every guest, as the form's default does. */
export function notifyChoice(value: string | null | undefined): Notify {
  return NOTIFY_CHOICES.find((n) => n === value) ?? 'all';
}
