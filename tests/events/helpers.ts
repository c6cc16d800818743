import type { TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import { blocksOf } from '../slack/sent-blocks.js';

export interface EventFormInput {
  clientId?: string;
  calendarId?: string;
  title?: string;
  description?: string;
  location?: string;
  startDate?: string;
  startTime?: string;
  endDate?: string;
  endTime?: string;
  duration?: string;
  allDay?: boolean;
  timeZone?: string;
  attendees?: string;
  slackUsers?: string[];
  recurrence?: string;
  weeklyDays?: string[];
  customRule?: string;
  meet?: boolean;
  reminder?: string;
  scope?: 'instance' | 'series';
}

const sel = (value: string | undefined) => ({ type: 'static_select', selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null });
const txt = (value: string | undefined) => ({ type: 'plain_text_input', value: value ?? null });
const checks = (values: string[]) => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })) });

/** view.state.values of the event modal as Slack sends them. */
export function eventFormState(f: EventFormInput) {
  return {
    values: {
      ev_client: { event_client: sel(f.clientId) },
      ev_calendar: { value: sel(f.calendarId) },
      ev_title: { value: txt(f.title) },
      ev_description: { value: txt(f.description) },
      ev_location: { value: txt(f.location) },
      ev_start_date: { value: { type: 'datepicker', selected_date: f.startDate ?? null } },
      ev_start_time: { value: { type: 'timepicker', selected_time: f.startTime ?? null } },
      ev_end_date: { value: { type: 'datepicker', selected_date: f.endDate ?? null } },
      ev_end_time: { value: { type: 'timepicker', selected_time: f.endTime ?? null } },
      ev_duration: { value: txt(f.duration) },
      ev_all_day: { value: checks(f.allDay ? ['yes'] : []) },
      ev_tz: { value: { type: 'external_select', selected_option: f.timeZone ? { value: f.timeZone, text: { type: 'plain_text', text: f.timeZone } } : null } },
      ev_attendees: { value: txt(f.attendees) },
      ev_slack_users: { value: { type: 'multi_users_select', selected_users: f.slackUsers ?? [] } },
      ev_recurrence: { value: sel(f.recurrence ?? 'none') },
      ev_weekly_days: { value: checks(f.weeklyDays ?? []) },
      ev_rrule: { value: txt(f.customRule) },
      ev_meet: { value: checks(f.meet ? ['yes'] : []) },
      ev_reminder: { value: sel(f.reminder ?? 'default') },
      ...(f.scope ? { ev_scope: { value: { type: 'radio_buttons', selected_option: { value: f.scope, text: { type: 'plain_text', text: f.scope } } } } } : {}),
    },
  };
}

export function submitEvent(t: TestApp, actor: Actor, form: EventFormInput, opts: { viewId?: string; meta?: string } = {}) {
  return t.requests.viewSubmission(actor, {
    id: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    callback_id: 'event_modal',
    private_metadata: opts.meta ?? '{}',
    state: eventFormState(form),
  });
}

/** The overflow menus of an events message: block id and option values per event. */
export function eventMenus(message: unknown): { blockId: string; text: string; values: string[] }[] {
  return blocksOf(message).flatMap((b) =>
    b.type === 'section' && b.accessory?.type === 'overflow' && b.accessory.action_id === 'event_menu'
      ? [{ blockId: b.block_id!, text: b.text!.text, values: b.accessory.options.map((o) => o.value!) }]
      : [],
  );
}

export function chooseFromMenu(t: TestApp, actor: Actor, blockId: string, value: string, responseUrl?: string) {
  return t.requests.blockAction(
    actor,
    { type: 'overflow', action_id: 'event_menu', block_id: blockId, selected_option: { value, text: { type: 'plain_text', text: value } } },
    responseUrl ? { response_url: responseUrl } : {},
  );
}
