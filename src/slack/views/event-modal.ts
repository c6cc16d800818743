import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import type { EventInput } from '../../core/calendars/ports.js';
import type { CalendarInfo } from '../../core/events/types.js';
import { DAY_NAMES, WEEKDAYS, isWeekday } from '../../core/events/recurrence.js';
import { DESCRIPTION_MAX, formOf, KEEP_REMINDERS, TITLE_MAX } from '../../core/events/form.js';
import { formPrints, type FormPrints } from '../../core/events/edit.js';
import { NOTIFY_CHOICES } from '../../core/calendars/ports.js';
import { ids } from '../forms/ids.js';
import { zoneOption } from './time-zones.js';
import { esc } from './mrkdwn.js';
import { checkSection, type FormCheck } from './form-check.js';
import { DateTime } from 'luxon';
import type { FreeSlot } from '../../core/stack/free-slots.js';

/** Block ids of the event form; each input's action id is `value`. */
export const eventBlocks = {
  client: 'ev_client',
  calendar: 'ev_calendar',
  title: 'ev_title',
  description: 'ev_description',
  location: 'ev_location',
  startDate: 'ev_start_date',
  startTime: 'ev_start_time',
  endDate: 'ev_end_date',
  endTime: 'ev_end_time',
  duration: 'ev_duration',
  allDay: 'ev_all_day',
  timeZone: 'ev_tz',
  attendees: 'ev_attendees',
  slackUsers: 'ev_slack_users',
  recurrence: 'ev_recurrence',
  weeklyDays: 'ev_weekly_days',
  customRule: 'ev_rrule',
  meet: 'ev_meet',
  reminder: 'ev_reminder',
  notify: 'ev_notify',
  scope: 'ev_scope',
} as const;

export interface EventModalMeta {
  clientId?: string;
  calendarId?: string;
  eventId?: string;
  responseUrl?: string;
  /** Editing: what the form showed, so the submission sends only what the user changed. */
  shown?: FormPrints;
}

export interface EventModalData {
  clients: Client[];
  client: Client | null;
  calendars: CalendarInfo[];
  calendarId: string | null;
  /** Values to prefill (edit, quick add that was unclear, a free slot). */
  prefill: Partial<EventInput>;
  zone: string;
  editing: { eventId: string; recurring: boolean } | null;
  responseUrl?: string;
  /** For the zone's current UTC offset in its label. */
  now: Date;
  /** A line above the form (mrkdwn the caller escaped): what a prefill could not fill in. */
  notice?: string;
  /** What the line under the time says at first; a time not yet checked asks for one. */
  check?: FormCheck;
}

const text = (t: string) => ({ type: 'plain_text' as const, text: t });
const opt = (label: string, value: string): PlainTextOption => ({ text: text(label.slice(0, 75)), value });
const input = (block: string, label: string, element: Record<string, unknown>, optional = false, hint?: string): KnownBlock =>
  ({ type: 'input', block_id: block, optional, label: text(label), element: { action_id: 'value', ...element }, ...(hint ? { hint: text(hint) } : {}) }) as KnownBlock;
/** An input whose changes reach the app at once (block_actions), for the check under the time. */
const dispatching = (block: KnownBlock): KnownBlock => ({ ...block, dispatch_action: true }) as KnownBlock;

/** The inputs whose changes re-check conflicts and guests' free/busy. */
export const CHECKED_BLOCKS: readonly string[] = [eventBlocks.startDate, eventBlocks.startTime, eventBlocks.endDate, eventBlocks.endTime, eventBlocks.duration, eventBlocks.attendees, eventBlocks.slackUsers];
/** The time inputs Find a time fills in. */
const TIME_BLOCKS: readonly string[] = [eventBlocks.startDate, eventBlocks.startTime, eventBlocks.endDate, eventBlocks.endTime];

/**
 * A time input's block id once Find a time has filled it `gen` times. Slack keeps what a user
 * typed in an input whose block_id and action_id stay the same, over any initial value: only a
 * new block_id shows the chosen time.
 */
export const timeBlockId = (base: string, gen: number) => (gen ? `${base}.${gen}` : base);
/** The form's own block id behind a generated one (see timeBlockId). */
export const baseBlockId = (id: string) => id.replace(/\.\d+$/, '');

const RECURRENCE = [opt('Does not repeat', 'none'), opt('Daily', 'daily'), opt('Weekly on…', 'weekly'), opt('Monthly', 'monthly'), opt('Yearly', 'yearly'), opt('Custom (RRULE)', 'custom')];
const REMINDERS = [opt('Calendar default', 'default'), opt('None', 'none'), opt('10 minutes before', 'popup:10'), opt('30 minutes before', 'popup:30'), opt('1 hour before', 'popup:60'), opt('1 day before (email)', 'email:1440')];
const NOTIFY_LABELS: Record<(typeof NOTIFY_CHOICES)[number], string> = {
  all: 'All guests',
  externalOnly: 'Only guests who don\u2019t use Google Calendar',
  none: 'Nobody',
};
/** "Notify guests", as Google's sendUpdates; everyone by default, as Google Calendar's own "Send". */
/** Which occurrences of a repeating event an edit or a delete applies to, as Google Calendar asks. */
export const scopeInput = (label: string): KnownBlock => {
  const options = [opt('This event', 'instance'), opt('This and following events', 'following'), opt('All events in the series', 'series')];
  return input(eventBlocks.scope, label, { type: 'radio_buttons', options, initial_option: options[0] });
};

export const notifyInput = (): KnownBlock => {
  const options = NOTIFY_CHOICES.map((n) => opt(NOTIFY_LABELS[n], n));
  return input(eventBlocks.notify, 'Notify guests', { type: 'static_select', options, initial_option: options[0] });
};

function describeReminders(reminders: EventInput['reminders'] | undefined): string {
  const each = (reminders ?? []).map((r) => `${r.minutes >= 60 && r.minutes % 60 === 0 ? `${r.minutes / 60} h` : `${r.minutes} min`}${r.method === 'email' ? ' (email)' : ''}`);
  return `As now: ${each.join(', ')}`;
}

/** The create/edit event form. Calendar options follow the chosen client (dispatch_action on the client select). */
export function eventModal(data: EventModalData): ModalView {
  const p = data.prefill;
  const f = formOf(p, data.zone);
  const reminders = f.reminder === KEEP_REMINDERS ? [opt(describeReminders(p.reminders), KEEP_REMINDERS), ...REMINDERS] : REMINDERS;
  const clientOptions = data.clients.slice(0, 100).map((c) => opt(c.name, c.id));
  const writable = data.calendars.filter((c) => c.accessRole === 'owner' || c.accessRole === 'writer');
  const calendarOptions = writable.slice(0, 100).map((c) => opt(`${c.primary ? '\u2605 ' : ''}${c.name}`, c.id));
  const chosenCalendar = calendarOptions.find((o) => o.value === data.calendarId) ?? calendarOptions[0];
  const meta: EventModalMeta = {
    ...(data.client ? { clientId: data.client.id } : {}),
    ...(data.editing ? { eventId: data.editing.eventId, calendarId: data.calendarId ?? undefined } : {}),
    ...(data.responseUrl ? { responseUrl: data.responseUrl } : {}),
    ...(data.editing ? { shown: formPrints(f) } : {}),
  };
  const chosenClient = clientOptions.find((o) => o.value === data.client?.id);
  const blocks: KnownBlock[] = [];
  if (data.notice) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: data.notice }] });
  if (data.editing) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `Client: *${esc(chosenClient?.text.text ?? '')}*` } });
  } else {
    blocks.push({
      type: 'input',
      block_id: eventBlocks.client,
      dispatch_action: true,
      label: text('Client'),
      element: { type: 'static_select', action_id: ids.actions.eventClient, options: clientOptions, ...(chosenClient ? { initial_option: chosenClient } : {}), placeholder: text('Choose a client') },
    });
  }
  if (!data.editing) {
    blocks.push(
      calendarOptions.length
        ? input(eventBlocks.calendar, 'Calendar', { type: 'static_select', options: calendarOptions, ...(chosenCalendar ? { initial_option: chosenCalendar } : {}) })
        : { type: 'context', block_id: eventBlocks.calendar, elements: [{ type: 'mrkdwn', text: data.client ? ':hourglass_flowing_sand: Loading calendars…' : 'Choose a client to see its calendars.' }] },
    );
  }
  blocks.push(
    input(eventBlocks.title, 'Title', { type: 'plain_text_input', max_length: TITLE_MAX, ...(f.title ? { initial_value: f.title } : {}) }),
    dispatching(input(eventBlocks.startDate, 'Start date', { type: 'datepicker', ...(f.startDate ? { initial_date: f.startDate } : {}) })),
    dispatching(input(eventBlocks.startTime, 'Start time', { type: 'timepicker', ...(f.startTime ? { initial_time: f.startTime } : {}) }, true, 'Leave empty for an all-day event.')),
    dispatching(input(eventBlocks.endDate, 'End date', { type: 'datepicker', ...(f.endDate ? { initial_date: f.endDate } : {}) }, true, 'Defaults to the start date.')),
    dispatching(input(eventBlocks.endTime, 'End time', { type: 'timepicker', ...(f.endTime ? { initial_time: f.endTime } : {}) }, true)),
    dispatching(input(eventBlocks.duration, 'Or a duration', { type: 'plain_text_input', placeholder: text('45m, 1h, 1.5 hours') }, true)),
    ...checkSection(data.check ?? { kind: 'idle' }, { kind: 'none' }, data.zone),
    input(eventBlocks.allDay, 'All day', { type: 'checkboxes', options: [opt('All-day event', 'yes')], ...(f.allDay ? { initial_options: [opt('All-day event', 'yes')] } : {}) }, true),
    input(eventBlocks.timeZone, 'Time zone', { type: 'external_select', min_query_length: 0, initial_option: zoneOption(f.timeZone, data.now) }),
    input(eventBlocks.location, 'Location', { type: 'plain_text_input', ...(f.location ? { initial_value: f.location } : {}) }, true),
    input(eventBlocks.description, 'Description', { type: 'plain_text_input', multiline: true, max_length: DESCRIPTION_MAX, ...(f.description ? { initial_value: f.description } : {}) }, true),
    dispatching(input(eventBlocks.attendees, 'Guests (emails)', { type: 'plain_text_input', placeholder: text('bob@example.com, ann@example.com'), ...(f.attendees.length ? { initial_value: f.attendees.join(', ') } : {}) }, true, 'Press Enter to check their free/busy.')),
    dispatching(input(eventBlocks.slackUsers, 'Guests from Slack', { type: 'multi_users_select' }, true, 'Their Slack email addresses are invited.')),
    input(eventBlocks.recurrence, 'Repeat', { type: 'static_select', options: RECURRENCE, initial_option: RECURRENCE.find((o) => o.value === f.recurrence) ?? RECURRENCE[0] }),
    input(eventBlocks.weeklyDays, 'On (weekly)', {
      type: 'checkboxes',
      options: WEEKDAYS.map((d) => opt(DAY_NAMES[d], d)),
      ...(f.weeklyDays.length ? { initial_options: f.weeklyDays.flatMap((d) => (isWeekday(d) ? [opt(DAY_NAMES[d], d)] : [])) } : {}),
    }, true),
    input(eventBlocks.customRule, 'Custom rule', { type: 'plain_text_input', placeholder: text('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'), ...(f.customRule ? { initial_value: f.customRule } : {}) }, true),
    input(eventBlocks.meet, 'Video call', { type: 'checkboxes', options: [opt('Add a Google Meet link', 'yes')], ...(f.meet ? { initial_options: [opt('Add a Google Meet link', 'yes')] } : {}) }, true),
    input(eventBlocks.reminder, 'Reminder', { type: 'static_select', options: reminders, initial_option: reminders.find((o) => o.value === f.reminder) ?? reminders[0] }),
    notifyInput(),
  );
  if (data.editing?.recurring) blocks.push(scopeInput('Apply changes to'));
  return {
    type: 'modal',
    callback_id: ids.views.eventModal,
    private_metadata: JSON.stringify(meta),
    title: text(data.editing ? 'Edit event' : 'New event'),
    submit: text(data.editing ? 'Save' : 'Create'),
    close: text('Cancel'),
    blocks,
  };
}

/** The open form with a chosen time in its start and end (new block ids, so Slack shows them; see timeBlockId). */
export function withTimes(view: ModalView, slot: FreeSlot, zone: string): ModalView {
  const start = DateTime.fromMillis(slot.start, { zone });
  const end = DateTime.fromMillis(slot.end, { zone });
  const initial: Record<string, Record<string, string | null>> = {
    [eventBlocks.startDate]: { initial_date: start.toISODate() },
    [eventBlocks.startTime]: { initial_time: start.toFormat('HH:mm') },
    [eventBlocks.endDate]: { initial_date: end.toISODate() },
    [eventBlocks.endTime]: { initial_time: end.toFormat('HH:mm') },
  };
  // Views this app built hold only known blocks.
  const blocks = (view.blocks as KnownBlock[]).map((block): KnownBlock => {
    const base = block.block_id ? baseBlockId(block.block_id) : '';
    if (block.type !== 'input' || !TIME_BLOCKS.includes(base) || !block.block_id) return block;
    const gen = Number(/\.(\d+)$/.exec(block.block_id)?.[1] ?? 0) + 1;
    return { ...block, block_id: timeBlockId(base, gen), element: { ...block.element, ...initial[base] } };
  });
  return { ...view, blocks };
}
