import type { EventInput } from '../calendars/ports.js';
import type { EventDraft } from './quick-add.js';

/** What a (possibly partial) quick-add draft says, as event fields, to prefill the form. */
export function draftToInput(draft: Partial<EventDraft> & { title: string }): Partial<EventInput> {
  const time = (v: string | undefined) => (v ? (draft.allDay || /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : { dateTime: v }) : undefined);
  const start = time(draft.start);
  const end = time(draft.end);
  return {
    title: draft.title,
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(draft.timeZone ? { timeZone: draft.timeZone } : {}),
    attendees: draft.attendees ?? [],
    location: draft.location ?? null,
  };
}

/** A clear draft as a complete event: no description, repeat, Meet, and the calendar's reminders. */
export function inputFromDraft(draft: EventDraft): EventInput {
  return {
    ...(draftToInput(draft) as EventInput),
    description: null,
    recurrence: null,
    meet: false,
    reminders: null,
    timeZone: draft.timeZone,
  };
}
