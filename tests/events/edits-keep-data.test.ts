import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import type { CalendarEvent } from '../fakes/google.js';
import { ANN, BOB, CEO, everything, nextId, weeklySeries, ZONE } from './rich-event.js';
import { visibleText } from '../harness/visible.js';
import { changedKeys, deleteFromMenu, openEditForm, pick, pressSplitUndo, pressUndo, saveEditForm, typed } from './edit-helpers.js';
import { blocksOf, inputElement, optionValues } from '../slack/sent-blocks.js';

// Issue 11: an edit changes what the user changed and nothing else, and tells the guests the user chose.

describe('edits keep what the user did not change (issue 11)', () => {
  let t: ConnectedApp<'Acme'>;
  const stored = (id: string) => t.google.events(CEO).find((e) => e.id === id);
  const lastWrite = () => t.google.requests.filter((r) => r.method === 'PATCH' || r.method === 'POST' || r.method === 'DELETE').at(-1)!;

  beforeAll(async () => {
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: CEO, timeZone: ZONE, googleTimeZone: ZONE }] });
    t.google.addAccount({ email: ANN });
  });
  afterAll(() => t?.close());

  const rows: { name: string; changes: Record<string, unknown>; changed: string[]; sendUpdates: string; emailed: string[]; check?: (e: CalendarEvent) => void }[] = [
    { name: 'only the title', changes: { ev_title: typed('Board review (Q1)') }, changed: ['summary'], sendUpdates: 'all', emailed: [ANN, BOB] },
    { name: 'only the location, guests not told', changes: { ev_location: typed('Room 9'), ev_notify: pick('none') }, changed: ['location'], sendUpdates: 'none', emailed: [] },
    {
      name: 'an hour later',
      changes: { ev_start_time: { selected_time: '11:00' }, ev_end_time: { selected_time: '12:00' } },
      changed: ['end', 'start'], sendUpdates: 'all', emailed: [ANN, BOB],
      check: (e) => expect(e.start).toEqual({ dateTime: expect.stringMatching(/^2027-03-09T11:00:00(\.000)?-05:00$/), timeZone: ZONE }),
    },
    {
      name: 'a guest added, only guests without Google Calendar told',
      changes: { ev_attendees: typed(`${CEO}, ${ANN}, ${BOB}, cara@client.org`), ev_notify: pick('externalOnly') },
      changed: ['attendees'], sendUpdates: 'externalOnly', emailed: [BOB, 'cara@client.org'],
      check: (e) => expect(e.attendees).toEqual([
        { email: CEO, organizer: true, self: true, responseStatus: 'accepted' },
        { email: ANN, responseStatus: 'accepted', comment: 'Dialling in', displayName: 'Ann' },
        { email: BOB, optional: true, responseStatus: 'tentative' },
        { email: 'cara@client.org', responseStatus: 'needsAction' },
      ]),
    },
    {
      name: 'a guest removed (told of the cancellation)',
      changes: { ev_attendees: typed(`${CEO}, ${ANN}`) },
      changed: ['attendees'], sendUpdates: 'all', emailed: [ANN, BOB],
      check: (e) => expect(e.attendees).toEqual([
        { email: CEO, organizer: true, self: true, responseStatus: 'accepted' },
        { email: ANN, responseStatus: 'accepted', comment: 'Dialling in', displayName: 'Ann' },
      ]),
    },
    {
      name: 'the reminder',
      changes: { ev_reminder: pick('popup:30') },
      changed: ['reminders'], sendUpdates: 'all', emailed: [ANN, BOB],
      check: (e) => expect(e.reminders).toEqual({ useDefault: false, overrides: [{ method: 'popup', minutes: 30 }] }),
    },
  ];

  for (const row of rows) {
    it(`the form, changing ${row.name}: only that changes`, async () => {
      const id = nextId('form');
      const before = t.google.addEvent(CEO, CEO, everything(id));
      const form = await openEditForm(t, operator, t.ids.Acme, CEO, id);
      const answer = await saveEditForm(t, operator, form, row.changes);
      expect(visibleText(answer)).toContain('Saved');
      const after = stored(id)!;
      expect(changedKeys(before, after)).toEqual(row.changed);
      row.check?.(after);
      const write = lastWrite();
      expect(write.method).toBe('PATCH');
      expect(Object.keys(write.body as object).sort()).toEqual(row.changed);
      expect(t.google.guestUpdates.at(-1)).toMatchObject({ eventId: id, sendUpdates: row.sendUpdates, emailed: row.emailed });
    });
  }

  it('delete then Undo: the same event comes back with everything it had', async () => {
    const id = nextId('undo');
    const before = t.google.addEvent(CEO, CEO, everything(id));
    const count = t.google.events(CEO).length;
    const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, id);
    expect(stored(id)!.status).toBe('cancelled');
    expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored *Board review*');
    expect(changedKeys(before, stored(id))).toEqual([]);
    // Brought back, not copied.
    expect(t.google.events(CEO)).toHaveLength(count);
    // Undo twice still makes one event.
    await pressUndo(t, operator, answer);
    expect(changedKeys(before, stored(id))).toEqual([]);
  });

  it('Undo when Google no longer has the deleted event: recreated once, from what it was', async () => {
    const id = nextId('gone');
    t.google.addEvent(CEO, CEO, everything(id));
    const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, id);
    t.google.fail({ match: (r) => r.method === 'GET' && r.path.endsWith(`/events/${id}`), status: 404, times: 2 });
    const count = t.google.events(CEO).length;
    expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored *Board review*');
    const copy = t.google.events(CEO).at(-1)!;
    expect(copy).toMatchObject({ summary: 'Board review', location: 'Room 4', reminders: everything(id).reminders, status: 'confirmed' });
    expect(copy.id).not.toBe(id);
    await pressUndo(t, operator, answer);
    expect(t.google.events(CEO)).toHaveLength(count + 1);
  });

  it('the form, saved untouched: nothing is sent to Google', async () => {
    const id = nextId('same');
    t.google.addEvent(CEO, CEO, everything(id));
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, id);
    const writes = t.google.requests.filter((r) => r.method !== 'GET').length;
    expect(visibleText(await saveEditForm(t, operator, form, {}))).toContain('Saved');
    expect(t.google.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  });

  it('the form shows the event\u2019s Meet and removing it is the only way to drop the conference', async () => {
    const id = nextId('meet');
    const meet = { conferenceData: { createRequest: { requestId: `r-${id}`, conferenceSolutionKey: { type: 'hangoutsMeet' } } } };
    const before = t.google.addEvent(CEO, CEO, everything(id, meet));
    expect(before.hangoutLink).toContain('meet.google.com');
    const titled = await saveEditForm(t, operator, await openEditForm(t, operator, t.ids.Acme, CEO, id), { ev_title: typed('Renamed') });
    expect(visibleText(titled)).toContain('Saved');
    expect(changedKeys(before, stored(id))).toEqual(['summary']);
    const dropped = await saveEditForm(t, operator, await openEditForm(t, operator, t.ids.Acme, CEO, id), { ev_meet: { selected_options: [] } });
    expect(visibleText(dropped)).toContain('Saved');
    expect(changedKeys(before, stored(id))).toEqual(['conferenceData', 'hangoutLink', 'summary']);
  });
});

describe('series edited as Google does: this event, this and following, all events (issue 11, defects 1 and 6)', () => {
  let t: ConnectedApp<'Acme'>;
  const stored = (id: string) => t.google.events(CEO).find((e) => e.id === id);

  beforeAll(async () => {
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: CEO, timeZone: ZONE, googleTimeZone: ZONE }] });
  });
  afterAll(() => t?.close());

  const series = weeklySeries;
  /** Wednesday 17 March 10:00 EDT, after the change. */
  const laterOccurrence = (id: string) => `${id}_20270317T140000Z`;

  it('this event: the occurrence changes, the PATCH carries no recurrence, the series stays', async () => {
    const id = nextId('inst');
    const master = t.google.addEvent(CEO, CEO, series(id));
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, laterOccurrence(id));
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Board review (moved)'), ev_scope: pick('instance') }))).toContain('Saved');
    const patch = t.google.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(patch.path).toContain(laterOccurrence(id));
    expect(patch.body).toEqual({ summary: 'Board review (moved)' });
    expect(stored(laterOccurrence(id))).toMatchObject({ summary: 'Board review (moved)', recurringEventId: id, attendees: master.attendees });
    expect(changedKeys(master, stored(id))).toEqual([]);
  });

  it('all events, from a later occurrence, title only: the series keeps its first occurrences', async () => {
    const id = nextId('titl');
    const master = t.google.addEvent(CEO, CEO, series(id));
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, laterOccurrence(id));
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Board'), ev_scope: pick('series') }))).toContain('Saved');
    expect(changedKeys(master, stored(id))).toEqual(['summary']);
    expect(stored(id)!.start).toEqual(master.start);
  });

  it('all events, from a later occurrence moved an hour: the whole series moves an hour, from its first day, across the DST change', async () => {
    const id = nextId('move');
    const master = t.google.addEvent(CEO, CEO, series(id));
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, laterOccurrence(id));
    const changes = { ev_start_time: { selected_time: '11:00' }, ev_end_time: { selected_time: '12:00' }, ev_scope: pick('series') };
    expect(visibleText(await saveEditForm(t, operator, form, changes))).toContain('Saved');
    const after = stored(id)!;
    expect(changedKeys(master, after)).toEqual(['end', 'start']);
    expect(Date.parse(after.start!.dateTime!)).toBe(Date.parse('2027-03-08T11:00:00-05:00'));
    expect(Date.parse(after.end!.dateTime!)).toBe(Date.parse('2027-03-08T12:00:00-05:00'));
    expect(after.start!.timeZone).toBe(ZONE);
  });

  /** An all-day series every week from Monday 8 March 2027, on the same weekday (the rule names none). */
  function allDaySeries(id: string): CalendarEvent {
    return everything(id, { start: { date: '2027-03-08' }, end: { date: '2027-03-09' }, recurrence: ['RRULE:FREQ=WEEKLY'] });
  }

  it('an occurrence deleted then Undone is back in its series, as it was', async () => {
    const id = nextId('undi');
    t.google.addEvent(CEO, CEO, series(id));
    const instance = laterOccurrence(id);
    const count = t.google.events(CEO).length + 1; // the occurrence, stored once it is deleted
    const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, instance);
    expect(stored(instance)!.status).toBe('cancelled');
    expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored');
    expect(stored(instance)).toMatchObject({ status: 'confirmed', recurringEventId: id, summary: 'Board review', attachments: series(id).attachments });
    // No stray one-off copy of the occurrence.
    expect(t.google.events(CEO)).toHaveLength(count);
  });

  /** Moves the all-day occurrence of `day` to `to` (both YYYY-MM-DD) through the form, for `scope`. */
  async function moveAllDay(id: string, day: string, to: string, scope: 'instance' | 'series') {
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_${day.replaceAll('-', '')}`);
    const changes = { ev_start_date: { selected_date: to }, ev_end_date: { selected_date: to }, ev_scope: pick(scope) };
    expect(visibleText(await saveEditForm(t, operator, form, changes))).toContain('Saved');
  }

  it('all-day, this event: only that day moves, across the DST change', async () => {
    const id = nextId('adin');
    const master = t.google.addEvent(CEO, CEO, allDaySeries(id));
    await moveAllDay(id, '2027-03-15', '2027-03-16', 'instance');
    expect(stored(`${id}_20270315`)).toMatchObject({ start: { date: '2027-03-16' }, end: { date: '2027-03-17' }, recurringEventId: id });
    expect(changedKeys(master, stored(id))).toEqual([]);
  });

  it('all-day, all events from a later occurrence moved a day: the series moves a day from its first one', async () => {
    const id = nextId('adal');
    const master = t.google.addEvent(CEO, CEO, allDaySeries(id));
    await moveAllDay(id, '2027-03-22', '2027-03-23', 'series');
    expect(changedKeys(master, stored(id))).toEqual(['end', 'start']);
    expect(stored(id)).toMatchObject({ start: { date: '2027-03-09' }, end: { date: '2027-03-10' } });
  });

  // This and following events.
  it('a timed series split at a later occurrence: the original ends the day before, a copy carries on with the change', async () => {
    const id = nextId('foll');
    const master = t.google.addEvent(CEO, CEO, series(id));
    // Wednesday 17 March 10:00 EDT, after the DST change.
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_20270317T140000Z`);
    const changes = { ev_title: typed('Board review v2'), ev_start_time: { selected_time: '11:00' }, ev_end_time: { selected_time: '12:00' }, ev_scope: pick('following') };
    expect(visibleText(await saveEditForm(t, operator, form, changes))).toContain('Saved');
    // The original: only its rule changed, ending on Tuesday 16 March at midnight New York time.
    expect(changedKeys(master, stored(id))).toEqual(['recurrence']);
    expect(stored(id)!.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270317T035959Z']);
    // The new series: from the occurrence, moved and renamed, with everything else of the original.
    const next = t.google.events(CEO).find((e) => e.summary === 'Board review v2')!;
    expect(Date.parse(next.start!.dateTime!)).toBe(Date.parse('2027-03-17T11:00:00-04:00'));
    expect(next.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE']);
    // Google gives a new event its own identity; everything else is the original's.
    const identity = ['created', 'creator', 'htmlLink', 'iCalUID', 'id', 'organizer'];
    expect(changedKeys(master, next).filter((k) => !identity.includes(k))).toEqual(['end', 'start', 'summary']);
    expect(next.attendees).toEqual(master.attendees);
    expect(next.conferenceData).toEqual(master.conferenceData);

    // Undo: the original series exactly as it was, and no copy.
    expect(visibleText(await pressSplitUndo(t, operator, form))).toContain('Restored *Board review*');
    expect(changedKeys(master, stored(id))).toEqual([]);
    expect(stored(next.id!)!.status).toBe('cancelled');
  });

  it('a split names the occurrences after it that had been changed or cancelled on their own (the new series does not have them)', async () => {
    const id = nextId('left');
    t.google.addEvent(CEO, CEO, series(id));
    const edit = async (instance: string, changes: Record<string, unknown>) =>
      expect(visibleText(await saveEditForm(t, operator, await openEditForm(t, operator, t.ids.Acme, CEO, instance), { ...changes, ev_scope: pick('instance') }))).toContain('Saved');
    await edit(`${id}_20270310T150000Z`, { ev_location: typed('Room 1') }); // before the split: not named
    await edit(`${id}_20270329T140000Z`, { ev_title: typed('Board review (long)') });
    await deleteFromMenu(t, operator, t.ids.Acme, CEO, `${id}_20270324T140000Z`);

    const form = await openEditForm(t, operator, t.ids.Acme, CEO, laterOccurrence(id));
    const saved = visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Board v3'), ev_scope: pick('following') }));
    expect(saved).toContain('Saved *Board v3*');
    expect(saved).toContain('2 occurrences from then on had been changed or cancelled on their own, and the new series does not carry that over: Wednesday 24 March (cancelled), Monday 29 March (changed). Check those days in Google Calendar.');
    expect(saved).not.toContain('10 March');
  });

  it('an all-day split names an occurrence cancelled after it, by its date, and not one cancelled the day before', async () => {
    const id = nextId('adlb');
    t.google.addEvent(CEO, CEO, allDaySeries(id));
    await deleteFromMenu(t, operator, t.ids.Acme, CEO, `${id}_20270315`);
    await deleteFromMenu(t, operator, t.ids.Acme, CEO, `${id}_20270329`);
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_20270322`);
    const saved = visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Offsite v3'), ev_scope: pick('following') }));
    expect(saved).toContain('1 occurrence from then on had been changed or cancelled on its own, and the new series does not carry that over: Monday 29 March (cancelled).');
    expect(saved).not.toContain('15 March');
  });

  it('a split with no exceptions after it says nothing of them', async () => {
    const id = nextId('clean');
    t.google.addEvent(CEO, CEO, series(id));
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, laterOccurrence(id));
    const saved = visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Board v4'), ev_scope: pick('following') }));
    expect(saved).toContain('Saved *Board v4*');
    expect(saved).not.toContain('changed or cancelled');
  });

  it('an all-day series split: the original ends on the date before, the copy starts on the occurrence', async () => {
    const id = nextId('fold');
    const master = t.google.addEvent(CEO, CEO, everything(id, { start: { date: '2027-03-08' }, end: { date: '2027-03-09' }, recurrence: ['RRULE:FREQ=WEEKLY'] }));
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_20270322`);
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Offsite v2'), ev_scope: pick('following') }))).toContain('Saved');
    expect(changedKeys(master, stored(id))).toEqual(['recurrence']);
    expect(stored(id)!.recurrence).toEqual(['RRULE:FREQ=WEEKLY;UNTIL=20270321']);
    expect(t.google.events(CEO).find((e) => e.summary === 'Offsite v2')).toMatchObject({ start: { date: '2027-03-22' }, end: { date: '2027-03-23' }, recurrence: ['RRULE:FREQ=WEEKLY'] });
  });

  // Delete asks the same three questions; each Undo puts the series back as it was. Both series cross the DST change of 14 March.
  const deletes = [
    { kind: 'timed', make: series, occurrence: laterOccurrence, until: 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270317T035959Z' },
    { kind: 'all-day', make: allDaySeries, occurrence: (id: string) => `${id}_20270322`, until: 'RRULE:FREQ=WEEKLY;UNTIL=20270321' },
  ];
  for (const row of deletes) {
    it(`${row.kind} series, delete this event: only that occurrence goes; Undo brings it back`, async () => {
      const id = nextId('dins');
      const master = t.google.addEvent(CEO, CEO, row.make(id));
      const { confirm, answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, row.occurrence(id), { ev_scope: pick('instance') });
      expect(optionValues(inputElement(confirm, 'ev_scope', 'radio_buttons'))).toEqual(['instance', 'following', 'series']);
      expect(visibleText(answer)).toContain('Deleted *Board review* from Acme');
      expect(stored(row.occurrence(id))).toMatchObject({ status: 'cancelled', recurringEventId: id });
      expect(changedKeys(master, stored(id))).toEqual([]);
      expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored');
      expect(stored(row.occurrence(id))!.status).toBe('confirmed');
    });

    it(`${row.kind} series, delete this and following: the series ends the day before; Undo gives it its rule back`, async () => {
      const id = nextId('dfol');
      const master = t.google.addEvent(CEO, CEO, row.make(id));
      const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, row.occurrence(id), { ev_scope: pick('following') });
      expect(visibleText(answer)).toContain('Deleted *Board review* from this occurrence on from Acme');
      expect(changedKeys(master, stored(id))).toEqual(['recurrence']);
      expect(stored(id)!.recurrence).toEqual([row.until]);
      expect(t.google.guestUpdates.at(-1)).toMatchObject({ eventId: id, sendUpdates: 'all', emailed: [ANN, BOB] });
      expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored *Board review*');
      expect(changedKeys(master, stored(id))).toEqual([]);
      await pressUndo(t, operator, answer);
      expect(changedKeys(master, stored(id))).toEqual([]);
    });

    it(`${row.kind} series, delete all events from a later occurrence: the whole series goes; Undo brings it back with everything`, async () => {
      const id = nextId('dall');
      const master = t.google.addEvent(CEO, CEO, row.make(id));
      const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, row.occurrence(id), { ev_scope: pick('series'), ev_notify: pick('none') });
      expect(visibleText(answer)).toContain('Deleted *Board review*, every occurrence, from Acme');
      expect(stored(id)!.status).toBe('cancelled');
      expect(t.google.guestUpdates.at(-1)).toMatchObject({ method: 'delete', eventId: id, sendUpdates: 'none', emailed: [] });
      expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored *Board review*');
      expect(changedKeys(master, stored(id))).toEqual([]);
    });
  }

  it('delete this and following also deletes the occurrences after it that had been changed on their own; Undo brings them back as they were', async () => {
    const id = nextId('dchg');
    const master = t.google.addEvent(CEO, CEO, series(id));
    const later = `${id}_20270324T140000Z`;
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, later);
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Board review (long)'), ev_scope: pick('instance') }))).toContain('Saved');
    const changed = stored(later)!;
    const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, laterOccurrence(id), { ev_scope: pick('following') });
    expect(stored(later)!.status).toBe('cancelled');
    expect(stored(id)!.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270317T035959Z']);
    expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored');
    expect(changedKeys(master, stored(id))).toEqual([]);
    expect(changedKeys(changed, stored(later))).toEqual([]);
  });

  it('delete this and following from the first occurrence deletes the series (a rule ending before its start would leave an empty series)', async () => {
    const id = nextId('dfst');
    t.google.addEvent(CEO, CEO, series(id));
    await deleteFromMenu(t, operator, t.ids.Acme, CEO, `${id}_20270308T150000Z`, { ev_scope: pick('following') });
    expect(stored(id)!.status).toBe('cancelled');
  });

  it('delete this and following of a series counted in occurrences keeps those before (3, a cancelled one counts); Undo gives back all 10', async () => {
    const id = nextId('dcnt');
    const master = await countedSeries(id);
    const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, laterOccurrence(id), { ev_scope: pick('following') });
    expect(visibleText(answer)).toContain('from this occurrence on');
    expect(stored(id)!.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3']);
    await pressUndo(t, operator, answer);
    expect(changedKeys(master, stored(id))).toEqual([]);
  });

  it('a one-off event\u2019s delete asks no scope', async () => {
    const id = nextId('done');
    t.google.addEvent(CEO, CEO, everything(id));
    const { confirm } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, id);
    expect(blocksOf(confirm).map((b) => b.block_id)).not.toContain('ev_scope');
  });

  /** A series of 10 (Mon and Wed 10:00 New York from 8 March) whose Wednesday 10 March was cancelled: it still counts. */
  async function countedSeries(id: string) {
    const master = t.google.addEvent(CEO, CEO, { ...series(id), recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10'] });
    await deleteFromMenu(t, operator, t.ids.Acme, CEO, `${id}_20270310T150000Z`, { ev_scope: pick('instance') });
    return master;
  }

  it('this and following on a series counted in occurrences: the original keeps those before (3), the new series the rest (7)', async () => {
    const id = nextId('cnt');
    const master = await countedSeries(id);
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, laterOccurrence(id));
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Counted v2'), ev_scope: pick('following') }))).toContain('Saved *Counted v2*');
    expect(changedKeys(master, stored(id))).toEqual(['recurrence']);
    expect(stored(id)!.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3']);
    const next = t.google.events(CEO).find((e) => e.summary === 'Counted v2')!;
    expect(next.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=7']);
    expect(Date.parse(next.start!.dateTime!)).toBe(Date.parse('2027-03-17T10:00:00-04:00'));
  });

  it('this and following from the first occurrence of a counted series is refused, nothing written', async () => {
    const id = nextId('cnf');
    t.google.addEvent(CEO, CEO, { ...series(id), recurrence: ['RRULE:FREQ=WEEKLY;COUNT=10'] });
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_20270308T150000Z`);
    const writes = t.google.requests.filter((r) => r.method !== 'GET').length;
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('x'), ev_scope: pick('following') }))).toContain('first occurrence of the series');
    expect(t.google.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  });
});
