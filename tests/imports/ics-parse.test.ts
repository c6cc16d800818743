// What parseIcs makes of a file: the problems it lists, per event or for the file, and how it
// converts times, zones and recurrence into what Google takes. Plus generated input: never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../../src/core/imports/ics.js';
import { importEventId } from '../../src/core/imports/ids.js';
import { IMPORT_LIMITS, type ImportedEvent, type ImportedOverride, type ParsedImport } from '../../src/core/imports/types.js';

const OPTIONS = { defaultTimeZone: 'Europe/Paris' };
/** A calendar of the given VEVENT bodies (their lines between BEGIN and END), CRLF as the RFC writes it. */
const ics = (events: string[][], head: string[] = []) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...head, ...events.flatMap((lines) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
const timed = (uid: string, ...more: string[]) => [`UID:${uid}`, 'SUMMARY:Meeting', 'DTSTART;TZID=Europe/Paris:20300304T093000', 'DTEND;TZID=Europe/Paris:20300304T100000', ...more];

const parse = (content: string) => parseIcs(content, OPTIONS);
const events = (parsed: ParsedImport) => parsed.items.filter((i): i is ImportedEvent => i.kind === 'event');
const overrides = (parsed: ParsedImport) => parsed.items.filter((i): i is ImportedOverride => i.kind === 'override');
const only = (parsed: ParsedImport) => {
  expect(parsed.problems).toEqual([]);
  expect(events(parsed)).toHaveLength(1);
  return events(parsed)[0]!.input;
};

describe('problems with the whole file', () => {
  it.each([
    ['text that is not iCalendar', 'hello, world', /not an iCalendar/],
    ['a calendar with no event', ics([]).replace('END:VCALENDAR', 'BEGIN:VTODO\r\nUID:t\r\nSUMMARY:Task\r\nEND:VTODO\r\nEND:VCALENDAR'), /no events/],
    ['more events than the limit', ics(Array.from({ length: IMPORT_LIMITS.maxEvents + 1 }, (_, i) => timed(`u${i}`))), /5001 events; one import takes at most 5000/],
    ['a file over the size limit', ics([timed('big', `DESCRIPTION:${'x'.repeat(IMPORT_LIMITS.maxBytes)}`)]), /larger than 5 MB/],
  ])('%s is refused as a whole, nothing imported', (_name, content, reason) => {
    const parsed = parse(content);
    expect(parsed.items).toEqual([]);
    expect(parsed.problems).toEqual([{ source: 'file', reason: expect.stringMatching(reason) }]);
  });
});

describe('problems of one event: listed with where it is, the other events still read', () => {
  it.each([
    ['no start', ['UID:bad', 'SUMMARY:No start', 'DTEND:20300304T100000Z'], /no start time \(DTSTART\)/],
    ['an unknown time zone', ['UID:bad', 'DTSTART;TZID=Mars/Olympus:20300304T093000'], /time zone "Mars\/Olympus" is not one Google knows/],
    ['an end before the start', timed('bad').slice(0, 2).concat('DTSTART:20300304T100000Z', 'DTEND:20300304T090000Z'), /ends before it starts/],
    ['a negative duration', ['UID:bad', 'DTSTART:20300304T100000Z', 'DURATION:-PT1H'], /ends before it starts/],
    ['an all-day end before its start', ['UID:bad', 'DTSTART;VALUE=DATE:20300305', 'DTEND;VALUE=DATE:20300304'], /ends before it starts/],
    ['a date start with a time end', ['UID:bad', 'DTSTART;VALUE=DATE:20300305', 'DTEND:20300305T100000Z'], /start is a date and its end a time/],
    ['an unreadable RRULE', timed('bad', 'RRULE:FREQ=SOMETIMES'), /repeat rule \(RRULE\) could not be read: invalid frequency/],
    ['two RRULEs', timed('bad', 'RRULE:FREQ=DAILY', 'RRULE:FREQ=WEEKLY'), /more than one repeat rule/],
    ['an EXRULE', timed('bad', 'RRULE:FREQ=DAILY', 'EXRULE:FREQ=WEEKLY'), /EXRULE/],
    ['an RDATE period', timed('bad', 'RRULE:FREQ=DAILY', 'RDATE;VALUE=PERIOD:20300310T090000Z/PT1H'), /periods/],
    ['an EXDATE in an unknown zone', timed('bad', 'RRULE:FREQ=DAILY', 'EXDATE;TZID=Nowhere:20300305T093000'), /"Nowhere" is not one Google knows/],
    ['an unreadable date', ['UID:bad', 'DTSTART:2030-03-04 10:00'], /DTSTART could not be read/],
  ])('%s', (_name, lines, reason) => {
    const parsed = parse(ics([timed('good-1'), lines, timed('good-2')]));
    expect(parsed.problems).toEqual([{ source: 'event 2 (line 10, UID bad)', reason: expect.stringMatching(reason) }]);
    expect(parsed.items.map((i) => i.kind === 'event' && i.id)).toEqual([importEventId('good-1'), importEventId('good-2')]);
  });

  it('an occurrence of a series the file does not hold, a second event with the same UID, an event cut short', () => {
    const parsed = parse(
      ics([timed('one'), timed('one'), [...timed('lost'), 'RECURRENCE-ID;TZID=Europe/Paris:20300311T093000']]).replace(/END:VEVENT\r\nEND:VCALENDAR/, 'END:VCALENDAR'),
    );
    expect(parsed.problems).toEqual([
      { source: 'event 2 (line 10, UID one)', reason: 'Event 1 has the same UID; only the first is imported.' },
      { source: 'event 3 (line 16, UID lost)', reason: expect.stringMatching(/not closed/) },
    ]);
    const orphan = parse(ics([[...timed('lost'), 'RECURRENCE-ID;TZID=Europe/Paris:20300311T093000']]));
    expect(orphan.problems).toEqual([{ source: 'event 1 (line 4, UID lost)', reason: expect.stringMatching(/series that is not in the file/) }]);
  });
});

describe('conversions', () => {
  it('CRLF, LF and folded lines read the same; DESCRIPTION escapes are undone', () => {
    const lines = timed('fold', 'DESCRIPTION:Line one\\nLine two\\, with a comma\\; and a semicolon', 'LOCATION:Room 4\\, floor 2');
    const crlf = ics([lines]);
    const lf = crlf.replaceAll('\r\n', '\n');
    const folded = crlf.replace('DESCRIPTION:Line one', 'DESCRIPTION:Line\r\n  one');
    expect(parse(lf)).toEqual(parse(crlf));
    expect(parse(folded)).toEqual(parse(crlf));
    expect(only(parse(crlf))).toMatchObject({ description: 'Line one\nLine two, with a comma; and a semicolon', location: 'Room 4, floor 2' });
  });

  it.each([
    ['an IANA TZID', 'DTSTART;TZID=America/New_York:20300311T090000', { dateTime: '2030-03-11T09:00:00-04:00' }, 'America/New_York'],
    ['an Outlook zone name', 'DTSTART;TZID=Pacific Standard Time:20300311T090000', { dateTime: '2030-03-11T09:00:00-07:00' }, 'America/Los_Angeles'],
    ['a quoted, prefixed Outlook zone', 'DTSTART;TZID="tzone://Microsoft/Romance Standard Time":20300311T090000', { dateTime: '2030-03-11T09:00:00+01:00' }, 'Europe/Paris'],
    ['the old Mozilla form', 'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20300311T090000', { dateTime: '2030-03-11T09:00:00+01:00' }, 'Europe/Berlin'],
    ['a floating time (the client\u2019s zone)', 'DTSTART:20300311T090000', { dateTime: '2030-03-11T09:00:00+01:00' }, 'Europe/Paris'],
    ['UTC', 'DTSTART:20300311T080000Z', { dateTime: '2030-03-11T09:00:00+01:00' }, 'Europe/Paris'],
  ])('a start with %s', (_name, line, start, zone) => {
    expect(only(parse(ics([['UID:z', line]])))).toMatchObject({ start, end: start, timeZone: zone });
  });

  /** A VTIMEZONE as Outlook writes it: a standard and a daylight part, each with its yearly rule. */
  const vtimezone = (tzid: string, standard: string, daylight: string, rules = ['BYDAY=-1SU;BYMONTH=10', 'BYDAY=-1SU;BYMONTH=3']) =>
    [
      'BEGIN:VTIMEZONE', `TZID:${tzid}`,
      'BEGIN:STANDARD', 'DTSTART:16010101T030000', `TZOFFSETFROM:${daylight}`, `TZOFFSETTO:${standard}`, `RRULE:FREQ=YEARLY;INTERVAL=1;${rules[0]}`, 'END:STANDARD',
      'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', `TZOFFSETFROM:${standard}`, `TZOFFSETTO:${daylight}`, `RRULE:FREQ=YEARLY;INTERVAL=1;${rules[1]}`, 'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];

  it('a TZID no table knows is read by its own VTIMEZONE’s offsets, matched to an IANA zone with the same ones', () => {
    const custom = vtimezone('Customized Time Zone', '+0100', '+0200');
    const us = vtimezone('(UTC-08:00) Pacific Time (US & Canada)', '-0800', '-0700', ['BYDAY=1SU;BYMONTH=11', 'BYDAY=2SU;BYMONTH=3']);
    const parsed = parse(
      ics(
        [
          ['UID:c1', 'DTSTART;TZID=Customized Time Zone:20300329T100000'],
          ['UID:c2', 'DTSTART;TZID=Customized Time Zone:20300401T100000'],
          ['UID:c3', 'DTSTART;TZID="(UTC-08:00) Pacific Time (US & Canada)":20300311T090000', 'RRULE:FREQ=WEEKLY;COUNT=2'],
        ],
        [...custom, ...us],
      ),
    );
    expect(parsed.problems).toEqual([]);
    const [before, after, series] = events(parsed).map((e) => e.input);
    expect([before!.start, after!.start, series!.start]).toEqual([{ dateTime: '2030-03-29T10:00:00+01:00' }, { dateTime: '2030-04-01T10:00:00+02:00' }, { dateTime: '2030-03-11T09:00:00-07:00' }]);
    // CLDR's main zone for those offsets, not merely the first name in the alphabet (Africa/Ceuta).
    expect([before!.timeZone, series!.timeZone]).toEqual(['Europe/Berlin', 'America/Los_Angeles']);
  });

  it('many VTIMEZONEs no zone matches, named across many years: a bounded number are read, the rest stay unknown', () => {
    const zones = Array.from({ length: 40 }, (_, i) => vtimezone(`Odd ${i}`, '+0117', '+0217')).flat();
    const bodies = Array.from({ length: 400 }, (_, i) => [`UID:odd${i}`, `DTSTART;TZID=Odd ${i % 40}:${2000 + (i % 100)}0401T100000`]);
    const parsed = parse(ics(bodies, zones));
    expect(parsed.items).toEqual([]);
    expect(parsed.problems).toHaveLength(400);
  });

  it('a TZID whose VTIMEZONE matches no IANA zone stays unknown', () => {
    const odd = vtimezone('Odd Time', '+0117', '+0217');
    const parsed = parse(ics([['UID:o', 'DTSTART;TZID=Odd Time:20300401T100000']], odd));
    expect(parsed.problems).toEqual([{ source: expect.stringContaining('UID o'), reason: expect.stringMatching(/"Odd Time" is not one Google knows/) }]);
  });

  it('a DURATION counts days on the wall clock across a DST change, hours exactly', () => {
    const input = only(parse(ics([['UID:d', 'DTSTART;TZID=Europe/Paris:20300330T090000', 'DURATION:P1DT2H']])));
    expect(input.end).toEqual({ dateTime: '2030-03-31T11:00:00+02:00' });
  });

  it('all-day: dates as written, end exclusive; no end is one day; an end on the start day is that day', () => {
    expect(only(parse(ics([['UID:a', 'DTSTART;VALUE=DATE:20300321', 'DTEND;VALUE=DATE:20300324']])))).toMatchObject({ start: { date: '2030-03-21' }, end: { date: '2030-03-24' } });
    expect(only(parse(ics([['UID:a', 'DTSTART;VALUE=DATE:20300321']])))).toMatchObject({ end: { date: '2030-03-22' } });
    expect(only(parse(ics([['UID:a', 'DTSTART;VALUE=DATE:20300321', 'DTEND;VALUE=DATE:20300321']])))).toMatchObject({ end: { date: '2030-03-22' } });
  });

  it('EXDATE over several lines and zones becomes one line in the series\u2019 zone; UNTIL without Z is read there and written in UTC', () => {
    const input = only(
      parse(ics([timed('x', 'RRULE:FREQ=DAILY;UNTIL=20300320T093000', 'EXDATE:20300305T083000Z', 'EXDATE;TZID=America/New_York:20300307T033000,20300306T033000', 'EXDATE;VALUE=DATE:20300310', 'RDATE:20300401T080000Z')])),
    );
    expect(input.recurrence).toEqual([
      'RRULE:FREQ=DAILY;UNTIL=20300320T083000Z',
      'EXDATE;TZID=Europe/Paris:20300305T093000,20300306T093000,20300307T093000,20300310T093000',
      'RDATE;TZID=Europe/Paris:20300401T100000',
    ]);
  });

  it('an all-day series: UNTIL, EXDATE and RDATE as dates', () => {
    const input = only(parse(ics([['UID:ad', 'DTSTART;VALUE=DATE:20300304', 'RRULE:FREQ=DAILY;UNTIL=20300310', 'EXDATE;VALUE=DATE:20300305,20300306', 'RDATE;VALUE=DATE:20300320']])));
    expect(input.recurrence).toEqual(['RRULE:FREQ=DAILY;UNTIL=20300310', 'EXDATE;VALUE=DATE:20300305,20300306', 'RDATE;VALUE=DATE:20300320']);
  });

  it('a series in UTC repeats in UTC (same UTC time every time, as RFC 5545 reads it)', () => {
    expect(only(parse(ics([['UID:u', 'DTSTART:20300304T080000Z', 'RRULE:FREQ=WEEKLY;COUNT=3']])))).toMatchObject({ start: { dateTime: '2030-03-04T08:00:00Z' }, timeZone: 'UTC' });
  });

  it('each VCALENDAR of a file shows its UTC times in its own X-WR-TIMEZONE', () => {
    const first = ics([['UID:ny', 'DTSTART:20300311T130000Z']], ['X-WR-TIMEZONE:America/New_York']);
    const second = ics([['UID:tk', 'DTSTART:20300311T130000Z']], ['X-WR-TIMEZONE:Asia/Tokyo']);
    const parsed = parse(first + second);
    expect(parsed.problems).toEqual([]);
    expect(events(parsed).map((e) => [e.input.start, e.input.timeZone])).toEqual([
      [{ dateTime: '2030-03-11T09:00:00-04:00' }, 'America/New_York'],
      [{ dateTime: '2030-03-11T22:00:00+09:00' }, 'Asia/Tokyo'],
    ]);
  });

  it('guests are the organizer and the mailto attendees, each once; VALARM and VTODO are left out', () => {
    const input = only(
      parse(
        ics([
          timed('g', 'ORGANIZER;CN=Jane:mailto:jane@example.com', 'ATTENDEE;CN=Bob:MAILTO:bob@example.com', 'ATTENDEE:mailto:BOB@example.com', 'ATTENDEE:urn:uuid:1234', 'ATTENDEE;CN="Ann, Lee":mailto:ann@example.com', 'BEGIN:VALARM', 'TRIGGER:-PT15M', 'ACTION:DISPLAY', 'END:VALARM'),
        ]).replace('END:VCALENDAR', 'BEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\nEND:VCALENDAR'),
      ),
    );
    expect(input).toMatchObject({ attendees: ['jane@example.com', 'bob@example.com', 'ann@example.com'], reminders: null, meet: false });
    // Alone, an organizer is just the calendar's owner: no guest.
    expect(only(parse(ics([timed('o', 'ORGANIZER:mailto:jane@example.com')]))).attendees).toEqual([]);
  });

  it('overrides come after every series, on the occurrence RECURRENCE-ID names; a cancelled one has no changes', () => {
    const parsed = parse(
      ics([
        ['UID:s', 'SUMMARY:Moved', 'RECURRENCE-ID:20300311T083000Z', 'DTSTART;TZID=Europe/Paris:20300312T140000', 'DTEND;TZID=Europe/Paris:20300312T150000'],
        ['UID:s', 'RECURRENCE-ID;TZID=Europe/Paris:20300318T093000', 'STATUS:CANCELLED'],
        timed('s', 'RRULE:FREQ=WEEKLY;COUNT=4'),
        ['UID:day', 'DTSTART;VALUE=DATE:20300304', 'RRULE:FREQ=DAILY;COUNT=3'],
        ['UID:day', 'RECURRENCE-ID;VALUE=DATE:20300305', 'STATUS:CANCELLED'],
      ]),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.items.map((i) => i.kind)).toEqual(['event', 'event', 'override', 'override', 'override']);
    const [moved, cancelled, day] = overrides(parsed);
    expect(moved).toMatchObject({ seriesId: importEventId('s'), originalStart: { dateTime: '2030-03-11T09:30:00+01:00' }, changes: { title: 'Moved', start: { dateTime: '2030-03-12T14:00:00+01:00' }, timeZone: 'Europe/Paris' } });
    expect(cancelled).toMatchObject({ seriesId: importEventId('s'), originalStart: { dateTime: '2030-03-18T09:30:00+01:00' }, changes: null });
    expect(day).toMatchObject({ seriesId: importEventId('day'), originalStart: { date: '2030-03-05' }, changes: null });
  });

  it('an event without UID still gets the same id from the same file', () => {
    const file = ics([['DTSTART:20300311T130000Z', 'SUMMARY:No uid']]);
    expect(events(parse(file))[0]!.id).toBe(events(parse(file))[0]!.id);
    expect(events(parse(file))[0]!.id).toMatch(/^[a-v0-9]{5,1024}$/);
  });
});

describe('generated input (seeded, bounded)', () => {
  const RUN = { seed: 1919, numRuns: 300 };
  const wellFormed = (parsed: ParsedImport) => {
    for (const p of parsed.problems) expect(p.reason.length).toBeGreaterThan(0);
    for (const item of parsed.items) {
      if (item.kind !== 'event') continue;
      expect(item.id).toMatch(/^[a-v0-9]{5,1024}$/);
      const { start, end } = item.input;
      if (start.date !== undefined) expect(end.date! > start.date).toBe(true);
      else expect(Date.parse(end.dateTime!)).toBeGreaterThanOrEqual(Date.parse(start.dateTime));
    }
  };

  it('any text: never throws, a result always', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => wellFormed(parse(text))),
      RUN,
    );
  });

  it('calendars made of real and broken lines: never throws, every event it keeps is one Google takes', () => {
    const line = fc.oneof(
      fc.constantFrom(
        'DTSTART:20300311T130000Z', 'DTSTART;TZID=Europe/Paris:20300311T090000', 'DTSTART;VALUE=DATE:20300311', 'DTSTART;TZID=Pacific Standard Time:20300311T090000',
        'DTEND:20300311T140000Z', 'DTEND;VALUE=DATE:20300313', 'DURATION:PT1H', 'DURATION:-P1D', 'RRULE:FREQ=WEEKLY;COUNT=3', 'RRULE:FREQ=DAILY;UNTIL=20300320',
        'RRULE:FREQ=NEVER', 'EXDATE:20300318T130000Z', 'EXDATE;VALUE=DATE:20300312', 'RDATE;TZID=Nowhere:20300301T100000', 'RECURRENCE-ID:20300318T130000Z',
        'STATUS:CANCELLED', 'UID:a', 'UID:b', 'SUMMARY:x\\, y', 'ATTENDEE:mailto:a@example.com', 'BEGIN:VALARM', 'END:VALARM', 'BEGIN:VEVENT', 'END:VEVENT', ' folded',
      ),
      fc.string({ maxLength: 30 }),
    );
    const event = fc.array(line, { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 6 }), fc.boolean(), (bodies, lf) => {
        const text = ics(bodies);
        wellFormed(parse(lf ? text.replaceAll('\r\n', '\n') : text));
      }),
      RUN,
    );
  });
});

describe('hostile shapes', () => {
  it('thousands of components opened and never closed, and closings of what was never opened, still end in a result', () => {
    const opened = Array.from({ length: 100_000 }, (_, i) => `BEGIN:X${i}`).join('\r\n');
    const closed = Array.from({ length: 100_000 }, () => 'END:NEVER').join('\r\n');
    const parsed = parse(`BEGIN:VCALENDAR\r\n${opened}\r\n${closed}\r\nEND:VCALENDAR\r\n`);
    expect(parsed).toEqual({ items: [], problems: [{ source: 'file', reason: 'The file holds no events (VEVENT).' }] });
  });
});
