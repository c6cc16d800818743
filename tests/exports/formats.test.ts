import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { exportIcs } from '../../src/core/exports/ics.js';
import { exportCsv } from '../../src/core/exports/csv.js';
import { CSV_COLUMNS } from '../../src/core/imports/types.js';
import { SAMPLE, SAMPLE_EVENTS, seriesEvent } from './sample.js';

/** The file as ical.js reads it, with its VTIMEZONEs registered so TZIDs resolve. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  return calendar;
}

const vevents = (calendar: ICAL.Component) => calendar.getAllSubcomponents('vevent');
const byUid = (calendar: ICAL.Component, uid: string) => vevents(calendar).filter((v) => v.getFirstPropertyValue('uid') === uid);

describe('iCalendar export', () => {
  const text = exportIcs(SAMPLE);
  const calendar = parse(text);

  it('is valid iCalendar with the calendar name and a VTIMEZONE for each zone used', () => {
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme <CEO>');
    const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    expect(zones.sort()).toEqual(['Asia/Tokyo', 'Europe/Paris']);
  });

  it('keeps a series as one VEVENT with its RRULE and its cancelled occurrence as EXDATE, not as instances', () => {
    const [master, ...rest] = byUid(calendar, 'standup01@google.com').filter((v) => !v.hasProperty('recurrence-id'));
    expect(rest).toEqual([]);
    expect(master!.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=DAILY;COUNT=5');
    const start = master!.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/Paris');
    expect(start.getFirstValue()!.toString()).toBe('2030-03-02T08:30:00');
    const exdate = master!.getFirstProperty('exdate')!;
    expect(exdate.getParameter('tzid')).toBe('Europe/Paris');
    expect(exdate.getFirstValue()!.toString()).toBe('2030-03-05T08:30:00');
    expect(master!.getAllProperties('attendee').map((a) => [a.getFirstValue(), a.getParameter('partstat'), a.getParameter('cn')])).toEqual([
      ['MAILTO:bob@example.com', 'ACCEPTED', 'Bob'],
      ['MAILTO:carol@example.com', 'DECLINED', undefined],
    ]);
    expect(master!.getFirstPropertyValue('organizer')).toBe('mailto:ceo@acme.com');
    expect(master!.getFirstPropertyValue('description')).toBe('Daily; short, please');
    expect(master!.getFirstPropertyValue('location')).toBe('Room 1, floor 2');
  });

  it('writes the moved occurrence under the series UID with RECURRENCE-ID, and the series expands to what Google shows', () => {
    const [moved] = byUid(calendar, 'standup01@google.com').filter((v) => v.hasProperty('recurrence-id'));
    expect(moved!.getFirstPropertyValue('summary')).toBe('Standup (late)');
    expect(moved!.getFirstPropertyValue('recurrence-id')!.toString()).toBe('2030-03-04T08:30:00');
    const master = new ICAL.Event(byUid(calendar, 'standup01@google.com').find((v) => !v.hasProperty('recurrence-id')));
    master.relateException(new ICAL.Event(moved));
    const seen: string[] = [];
    const it = master.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const occurrence = master.getOccurrenceDetails(next);
      seen.push(`${occurrence.startDate.toJSDate().toISOString()} ${occurrence.item.summary}`);
    }
    expect(seen).toEqual([
      '2030-03-02T07:30:00.000Z Standup',
      '2030-03-03T07:30:00.000Z Standup',
      '2030-03-04T09:00:00.000Z Standup (late)',
      '2030-03-06T07:30:00.000Z Standup',
    ]);
  });

  it('writes all-day events as dates (end exclusive), timed events in their own zone, optional guests as such', () => {
    const [holiday] = byUid(calendar, 'holiday01@google.com');
    const start = holiday!.getFirstProperty('dtstart')!;
    expect(start.type).toBe('date');
    expect(start.getFirstValue()!.toString()).toBe('2030-03-10');
    expect(holiday!.getFirstPropertyValue('dtend')!.toString()).toBe('2030-03-12');
    expect(holiday!.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    const [tokyo] = byUid(calendar, 'tokyo0001@google.com');
    const event = new ICAL.Event(tokyo);
    expect(tokyo!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Tokyo');
    expect(event.startDate.toString()).toBe('2030-03-06T10:00:00');
    expect(event.startDate.toJSDate().toISOString()).toBe('2030-03-06T01:00:00.000Z');
    const guest = tokyo!.getFirstProperty('attendee')!;
    expect([guest.getParameter('partstat'), guest.getParameter('role')]).toEqual(['NEEDS-ACTION', 'OPT-PARTICIPANT']);
  });

  it('names an all-day series occurrence by its date (RECURRENCE-ID;VALUE=DATE) and EXDATEs by date', () => {
    const events = [
      seriesEvent({ id: 'yearly001', title: 'Anniversary', start: { date: '2030-03-10' }, end: { date: '2030-03-11' }, recurrence: ['RRULE:FREQ=YEARLY;COUNT=3'] }),
      seriesEvent({ id: 'yearly001_20310310', iCalUID: 'yearly001@google.com', title: 'Anniversary (moved)', start: { date: '2031-03-11' }, end: { date: '2031-03-12' }, recurringEventId: 'yearly001', originalStart: { date: '2031-03-10' } }),
      { ...seriesEvent({ id: 'yearly001_20320310', start: { dateTime: '' }, end: { dateTime: '' }, recurringEventId: 'yearly001', originalStart: { date: '2032-03-10' } }), status: 'cancelled' as const },
    ];
    const parsed = parse(exportIcs({ ...SAMPLE, events }));
    const [master, moved] = byUid(parsed, 'yearly001@google.com');
    expect(master!.getFirstProperty('exdate')!.type).toBe('date');
    expect(master!.getFirstPropertyValue('exdate')!.toString()).toBe('2032-03-10');
    const rid = moved!.getFirstProperty('recurrence-id')!;
    expect([rid.type, rid.getFirstValue()!.toString()]).toEqual(['date', '2031-03-10']);
  });

  it('writes an occurrence whose series is outside the range as an event of its own, under a uid of its own', () => {
    const parsed = parse(exportIcs({ ...SAMPLE, events: SAMPLE_EVENTS.slice(1) }));
    expect(vevents(parsed).filter((v) => v.hasProperty('recurrence-id'))).toEqual([]);
    expect(byUid(parsed, 'standup01@google.com#20300304T073000Z').map((v) => v.getFirstPropertyValue('summary'))).toEqual(['Standup (late)']);
  });

  it('keeps any title, description and location intact (generated text)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 120 });
    fc.assert(
      fc.property(text, text, text, (title, description, location) => {
        const event = seriesEvent({ id: 'anytext01', title, description, location: location || null, start: { dateTime: '2030-03-02T08:30:00Z' }, end: { dateTime: '2030-03-02T09:00:00Z' } });
        const [vevent] = vevents(parse(exportIcs({ ...SAMPLE, events: [event] })));
        expect(vevent!.getFirstPropertyValue('summary') ?? '').toBe(title);
        expect(vevent!.getFirstPropertyValue('description') ?? '').toBe(description);
        expect(vevent!.getFirstPropertyValue('location') ?? null).toBe(location || null);
      }),
      { seed: 19, numRuns: 150 },
    );
  });
});

describe('CSV export', () => {
  const lines = exportCsv(SAMPLE).split('\r\n');

  it('is exactly the documented format: the shared header, wall times in the zone, all-day ends inclusive, a changed occurrence as its own row', () => {
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.join('\r\n')).toBe(
      [
        'title,start,end,all day,time zone,location,description,guests,recurrence,uid',
        'Standup,2030-03-02 08:30,2030-03-02 08:45,no,Europe/Paris,"Room 1, floor 2","Daily; short, please",bob@example.com; carol@example.com,"RRULE:FREQ=DAILY;COUNT=5\nEXDATE:20300305T073000Z\nEXDATE:20300304T073000Z",standup01@google.com',
        'Standup (late),2030-03-04 10:00,2030-03-04 10:15,no,Europe/Paris,,,bob@example.com,,standup01@google.com#20300304T073000Z',
        'Holiday,2030-03-10,2030-03-11,yes,,,,,,holiday01@google.com',
        'Call with Tokyo,2030-03-06 10:00,2030-03-06 11:00,no,Asia/Tokyo,,,kenji@example.jp,,tokyo0001@google.com',
        '',
      ].join('\r\n'),
    );
  });
});
