import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/core/calendars/ports.js';
import { changedFields } from '../../src/core/events/edit.js';
import { EventFormError, parseEventForm } from '../../src/core/events/form.js';
import { eventFormValues } from '../../src/slack/forms/event-values.js';
import { eventModal } from '../../src/slack/views/event-modal.js';
import { parseMeta } from '../../src/slack/views/meta.js';
import { pick, stateAsShown, typed } from './edit-helpers.js';

// The edit form round trip, on generated events: what the modal shows, sent back untouched,
// changes nothing; one field changed changes exactly that field's group (issue 11, defect 2).
const ZONES = ['America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
const RULES = [
  null,
  ['RRULE:FREQ=DAILY'],
  ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE'],
  ['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=5'],
  ['RRULE:FREQ=MONTHLY;BYDAY=1FR', 'EXDATE;TZID=Europe/Paris:20270305T090000'],
  ['RRULE:FREQ=YEARLY'],
];
const REMINDERS = [null, [], [{ method: 'popup' as const, minutes: 10 }], [{ method: 'email' as const, minutes: 1440 }], [{ method: 'popup' as const, minutes: 5 }, { method: 'email' as const, minutes: 90 }]];

const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const email = fc.tuple(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9.]{0,10}$/), fc.constantFrom('Example.com', 'acme.io', 'gmail.com')).map(([u, d]) => `${u}@${d}`);

const event: fc.Arbitrary<EventInput> = fc
  .record({
    title: text(250),
    description: fc.option(text(400), { nil: null }),
    location: fc.option(text(80), { nil: null }),
    zone: fc.constantFrom(...ZONES),
    day: fc.integer({ min: 0, max: 3 * 365 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    length: fc.integer({ min: 1, max: 10 * 60 }),
    allDay: fc.boolean(),
    days: fc.integer({ min: 1, max: 5 }),
    attendees: fc.uniqueArray(email, { maxLength: 4, selector: (e) => e.toLowerCase() }),
    recurrence: fc.constantFrom(...RULES),
    meet: fc.boolean(),
    reminders: fc.constantFrom(...REMINDERS),
  })
  .map((g) => {
    const first = DateTime.fromISO('2026-01-01', { zone: g.zone }).plus({ days: g.day });
    const start = first.plus({ minutes: g.minute });
    return {
      title: g.title,
      description: g.description,
      location: g.location,
      start: g.allDay ? { date: first.toISODate()! } : { dateTime: start.toISO()! },
      end: g.allDay ? { date: first.plus({ days: g.days }).toISODate()! } : { dateTime: start.plus({ minutes: g.length }).toISO()! },
      timeZone: g.zone,
      attendees: g.attendees,
      recurrence: g.recurrence,
      meet: g.meet,
      reminders: g.reminders,
    };
  });

function editForm(prefill: EventInput) {
  return eventModal({ clients: [], client: null, calendars: [], calendarId: 'primary', prefill, zone: 'UTC', editing: { eventId: 'e1', recurring: false }, now: new Date('2026-12-02T09:00:00Z') });
}

/** What the app would PATCH for the modal sent back with `changes`; null when the form itself refuses it. */
function submit(view: ReturnType<typeof editForm>, changes: Record<string, unknown> = {}) {
  const form = eventFormValues(stateAsShown(view, changes).values as never);
  try {
    return changedFields(parseEventForm(form), form, parseMeta(view.private_metadata).shown);
  } catch (err) {
    if (err instanceof EventFormError) return null;
    throw err;
  }
}

describe('the edit form round trip (generated events)', () => {
  it('saved untouched, it changes nothing', () => {
    fc.assert(
      fc.property(event, (prefill) => {
        const patch = submit(editForm(prefill));
        fc.pre(patch !== null);
        expect(patch).toEqual({});
      }),
      { seed: 1101, numRuns: 100 },
    );
  });

  it('one field changed sends exactly that field', () => {
    const edits: [Record<string, unknown>, string[]][] = [
      [{ ev_title: typed('Another title') }, ['title']],
      [{ ev_location: typed('Somewhere else') }, ['location']],
      [{ ev_description: typed(null) }, ['description']],
      [{ ev_attendees: typed('new.guest@example.org') }, ['attendees']],
      [{ ev_reminder: pick('popup:60') }, ['reminders']],
      [{ ev_start_date: { selected_date: '2030-06-03' }, ev_end_date: { selected_date: '2030-06-03' } }, ['end', 'start', 'timeZone']],
    ];
    fc.assert(
      fc.property(event, fc.constantFrom(...edits), (prefill, [changes, fields]) => {
        const view = editForm(prefill);
        const patch = submit(view, changes);
        fc.pre(patch !== null && submit(view) !== null);
        const shown = JSON.stringify(stateAsShown(view).values);
        // A "change" to what is already there is no change.
        fc.pre(shown !== JSON.stringify(stateAsShown(view, changes).values));
        expect(Object.keys(patch).sort()).toEqual(fields);
      }),
      { seed: 1102, numRuns: 80 },
    );
  });
});
