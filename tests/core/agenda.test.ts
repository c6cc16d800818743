import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { event } from './fixtures.js';
import type { CalendarEvent } from '../../src/core/events/types.js';
import { buildAgenda, type AgendaDay, type StackedEvent } from '../../src/core/stack/agenda.js';


const stack = (clientName: string, e: CalendarEvent): StackedEvent => ({ clientId: clientName.toLowerCase(), clientName, event: e });

/** [from, to) as whole days in the viewer's zone. */
function days(zone: string, from: string, to: string) {
  return { zone, start: DateTime.fromISO(from, { zone }).toJSDate(), end: DateTime.fromISO(to, { zone }).toJSDate() };
}

const summary = (agenda: AgendaDay[]) =>
  agenda.map((d) => ({ date: d.date, label: d.label, items: d.items.map((i) => `${i.event.id}${i.continued ? ' (cont.)' : ''}`) }));

describe('buildAgenda', () => {
  it('places timed events on the viewer’s day: a New York evening is the next morning in Tokyo', () => {
    const call = stack('Acme', event('call', '2026-12-01T19:00:00-05:00', '2026-12-01T20:00:00-05:00'));

    expect(summary(buildAgenda([call], days('Asia/Tokyo', '2026-12-01', '2026-12-04')))).toEqual([
      { date: '2026-12-02', label: 'Wed 2 Dec', items: ['call'] },
    ]);
    expect(summary(buildAgenda([call], days('America/New_York', '2026-12-01', '2026-12-04')))).toEqual([
      { date: '2026-12-01', label: 'Tue 1 Dec', items: ['call'] },
    ]);
  });

  it('keeps all-day events on their calendar date in every zone', () => {
    const holiday = stack('Acme', event('holiday', '2026-12-01', '2026-12-02'));
    for (const zone of ['Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const agenda = buildAgenda([holiday], days(zone, '2026-11-30', '2026-12-03'));
      expect(summary(agenda)).toEqual([{ date: '2026-12-01', label: 'Tue 1 Dec', items: ['holiday'] }]);
      expect(agenda[0]!.items[0]).toMatchObject({
        allDay: true,
        startsAt: DateTime.fromISO('2026-12-01', { zone }).toMillis(),
        endsAt: DateTime.fromISO('2026-12-02', { zone }).toMillis(),
      });
    }
  });

  it('repeats multi-day events on each day in range, marking continuations', () => {
    const party = stack('Acme', event('party', '2026-12-01T22:00:00+01:00', '2026-12-02T02:00:00+01:00'));
    const offsite = stack('Globex', event('offsite', '2026-12-01', '2026-12-04'));
    const later = stack('Globex', event('later', '2026-12-10T10:00:00+01:00', '2026-12-10T11:00:00+01:00'));

    expect(summary(buildAgenda([party, offsite, later], days('Europe/Paris', '2026-11-30', '2026-12-07')))).toEqual([
      { date: '2026-12-01', label: 'Tue 1 Dec', items: ['offsite', 'party'] },
      { date: '2026-12-02', label: 'Wed 2 Dec', items: ['offsite (cont.)', 'party (cont.)'] },
      { date: '2026-12-03', label: 'Thu 3 Dec', items: ['offsite (cont.)'] },
    ]);
    // Starting mid-event: the first visible day is still a continuation.
    expect(summary(buildAgenda([party, offsite], days('Europe/Paris', '2026-12-02', '2026-12-03')))).toEqual([
      { date: '2026-12-02', label: 'Wed 2 Dec', items: ['offsite (cont.)', 'party (cont.)'] },
    ]);
  });

  it('drops cancelled events and orders all-day first, then by start, then by client', () => {
    const agenda = buildAgenda(
      [
        stack('Zeta', event('z-nine', '2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z')),
        stack('Acme', event('a-ten', '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z')),
        stack('Beta', event('b-nine', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z')),
        stack('Zeta', event('z-allday', '2026-12-01', '2026-12-02')),
        stack('Acme', event('gone', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', { status: 'cancelled' })),
        stack('Acme', event('gone-too', '2026-12-02T08:00:00Z', '2026-12-02T09:00:00Z', { status: 'cancelled' })),
      ],
      days('UTC', '2026-12-01', '2026-12-03'),
    );
    expect(summary(agenda)).toEqual([{ date: '2026-12-01', label: 'Tue 1 Dec', items: ['z-allday', 'b-nine', 'z-nine', 'a-ten'] }]);
    expect(agenda[0]!.items[1]).toMatchObject({
      key: 'beta:primary:b-nine',
      startsAt: Date.parse('2026-12-01T09:00:00Z'),
      endsAt: Date.parse('2026-12-01T10:00:00Z'),
      allDay: false,
      continued: false,
    });
  });

  it('annotates conflicts on the days where they happen', () => {
    const party = stack('Acme', event('party', '2026-12-01T22:00:00Z', '2026-12-02T02:00:00Z'));
    const late = stack('Globex', event('late', '2026-12-02T01:00:00Z', '2026-12-02T01:30:00Z'));
    const next = stack('Globex', event('next', '2026-12-02T02:00:00Z', '2026-12-02T03:00:00Z'));
    const declined = stack('Initech', event('declined', '2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z', { selfResponse: 'declined' }));
    const conflicts = (agenda: AgendaDay[]) => agenda.map((d) => Object.fromEntries(d.items.map((i) => [i.key, i.conflictsWith])));

    expect(conflicts(buildAgenda([party, late, next, declined], days('UTC', '2026-12-01', '2026-12-03')))).toEqual([
      { 'acme:primary:party': [] },
      {
        'acme:primary:party': ['globex:primary:late'],
        'globex:primary:late': ['acme:primary:party'],
        'initech:primary:declined': [],
        'globex:primary:next': [],
      },
    ]);
  });

  it('flags both copies of a meeting that sits on two calendars of one client', () => {
    const onWork = stack('Acme', event('m1', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { calendarId: 'work' }));
    const onHome = stack('Acme', event('m1', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { calendarId: 'home' }));
    const other = stack('Acme', event('dentist', '2026-12-01T10:30:00Z', '2026-12-01T11:30:00Z', { calendarId: 'personal' }));

    const [day] = buildAgenda([onWork, onHome, other], days('UTC', '2026-12-01', '2026-12-02'));
    expect(Object.fromEntries(day!.items.map((i) => [i.key, i.conflictsWith]))).toEqual({
      'acme:work:m1': ['acme:personal:dentist'],
      'acme:home:m1': ['acme:personal:dentist'],
      'acme:personal:dentist': ['acme:home:m1', 'acme:work:m1'],
    });
  });

  it('copes with a month of 5000 events, keeping conflict annotations symmetric', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const day0 = Date.parse('2026-12-01T00:00:00Z');
    const events = Array.from({ length: 5000 }, (_, i) => {
      const start = day0 + Math.floor(random() * 30 * 96) * 15 * 60_000;
      const end = start + (1 + Math.floor(random() * 12)) * 15 * 60_000;
      return stack(`Client${i % 25}`, event(`e${i}`, new Date(start).toISOString(), new Date(end).toISOString()));
    });

    const agenda = buildAgenda(events, days('Asia/Tokyo', '2026-12-01', '2027-01-01'));

    expect(agenda.map((d) => d.date)).toEqual([...agenda.map((d) => d.date)].sort());
    const asymmetric: string[] = [];
    let annotations = 0;
    for (const day of agenda) {
      const byKey = new Map(day.items.map((i) => [i.key, i]));
      for (const item of day.items) {
        annotations += item.conflictsWith.length;
        for (const other of item.conflictsWith) {
          if (!byKey.get(other)?.conflictsWith.includes(item.key)) asymmetric.push(`${day.date} ${item.key} → ${other}`);
        }
      }
    }
    expect(asymmetric).toEqual([]);
    expect(annotations).toBeGreaterThan(1000);
  });
});
