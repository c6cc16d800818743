import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffEvents, snapshotOf } from '../../src/core/feed/diff.js';
import { groupChanges } from '../../src/core/feed/group.js';
import type { EventSnapshot } from '../../src/core/feed/types.js';
import type { CalendarEvent } from '../../src/core/events/types.js';
import { event } from '../core/fixtures.js';

const known = (...events: CalendarEvent[]) => new Map<string, EventSnapshot>(events.map((e) => [e.id, snapshotOf(e)]));
const kinds = (r: ReturnType<typeof diffEvents>) => r.changes.map((c) => `${c.kind}:${c.eventId}`);

describe('diffing a sync against what the feed knew', () => {
  const standup = event('standup', '2026-12-02T09:00:00Z', '2026-12-02T09:30:00Z', { title: 'Standup', location: 'Room 1' });

  it('announces nothing on the first read, and records every live event', () => {
    const r = diffEvents(new Map(), [standup, event('gone', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z', { status: 'cancelled' })], 'first');
    expect(r.changes).toEqual([]);
    expect([...r.upserts.keys()]).toEqual(['standup']);
  });

  it('tells created, moved, renamed, relocated, cancelled and a new invitation apart', () => {
    const invite = event('invite', '2026-12-03T15:00:00Z', '2026-12-03T16:00:00Z', { selfResponse: 'needsAction' });
    const r = diffEvents(
      known(standup, event('lunch', '2026-12-02T12:00:00Z', '2026-12-02T13:00:00Z')),
      [
        { ...standup, start: { dateTime: '2026-12-02T09:30:00Z' }, end: { dateTime: '2026-12-02T10:00:00Z' }, title: 'Daily standup', location: 'Room 2' },
        { ...event('lunch', '2026-12-02T12:00:00Z', '2026-12-02T13:00:00Z'), status: 'cancelled' },
        event('new', '2026-12-04T10:00:00Z', '2026-12-04T11:00:00Z'),
        invite,
      ],
      'incremental',
    );
    expect(kinds(r)).toEqual(['moved:standup', 'renamed:standup', 'relocated:standup', 'cancelled:lunch', 'created:new', 'invitation:invite']);
    expect([...r.removals]).toEqual(['lunch']);
  });

  it('does not call the same moment written in another offset a move', () => {
    const r = diffEvents(known(standup), [{ ...standup, start: { dateTime: '2026-12-02T10:00:00+01:00' }, end: { dateTime: '2026-12-02T10:30:00+01:00' } }], 'incremental');
    expect(r.changes).toEqual([]);
  });

  it('tells a guest\u2019s answer, not the organizer\u2019s or the client\u2019s own', () => {
    const withGuests = (status: 'needsAction' | 'accepted') =>
      ({ ...standup, attendees: [{ email: 'Bob@x.com', responseStatus: status }, { email: 'me@x.com', self: true, responseStatus: status }, { email: 'org@x.com', organizer: true, responseStatus: status }] }) satisfies CalendarEvent;
    const r = diffEvents(known(withGuests('needsAction')), [withGuests('accepted')], 'incremental');
    expect(r.changes).toMatchObject([{ kind: 'responded', guest: 'bob@x.com', response: 'accepted' }]);
  });

  it('after a 410, a full read announces only what differs from what was known', () => {
    const lunch = event('lunch', '2026-12-02T12:00:00Z', '2026-12-02T13:00:00Z');
    const r = diffEvents(known(standup, lunch), [standup, event('new', '2026-12-04T10:00:00Z', '2026-12-04T11:00:00Z')], 'resync');
    expect(kinds(r)).toEqual(['created:new', 'cancelled:lunch']);
  });
});

describe('grouping one sync\u2019s changes', () => {
  const weekly = (i: number, shift: number) => {
    const start = Date.parse('2026-12-07T15:00:00Z') + i * 7 * 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const before = snapshotOf(event(`w${i}`, iso(start), iso(start + 3_600_000), { title: 'Weekly sync' }));
    const after = snapshotOf(event(`w${i}`, iso(start + shift), iso(start + shift + 3_600_000), { title: 'Weekly sync' }));
    return { kind: 'moved' as const, eventId: `w${i}`, before, after };
  };

  it('keeps a few changes apart', () => {
    expect(groupChanges([weekly(0, 1_800_000), weekly(1, 1_800_000)]).map((n) => n.kind)).toEqual(['change', 'change']);
  });

  it('tells a series moved alike in one message', () => {
    const notices = groupChanges(Array.from({ length: 14 }, (_, i) => weekly(i, 1_800_000)));
    expect(notices).toEqual([{ kind: 'series-moved', title: 'Weekly sync', count: 14, shiftMinutes: 30 }]);
  });

  it('tells any other burst as a count with the first few', () => {
    const changes = Array.from({ length: 23 }, (_, i) => weekly(i, i * 60_000 + 60_000));
    const [notice] = groupChanges(changes);
    expect(notice).toMatchObject({ kind: 'burst', count: 23 });
    expect(notice?.kind === 'burst' && notice.first.length).toBe(5);
  });
});

describe('any sequence of syncs (property)', () => {
  const ids = fc.constantFrom('a0', 'b1', 'c2', 'd3');
  const version = fc.record({
    id: ids,
    cancelled: fc.boolean(),
    hour: fc.integer({ min: 0, max: 23 }),
    title: fc.string({ maxLength: 8 }),
    location: fc.option(fc.string({ maxLength: 5 })),
    invited: fc.boolean(),
  });
  const toEvent = (v: { id: string; cancelled: boolean; hour: number; title: string; location: string | null; invited: boolean }) =>
    event(v.id, `2026-12-02T${String(v.hour).padStart(2, '0')}:00:00Z`, `2026-12-02T${String(v.hour).padStart(2, '0')}:30:00Z`, {
      title: v.title,
      location: v.location,
      status: v.cancelled ? 'cancelled' : 'confirmed',
      selfResponse: v.invited ? 'needsAction' : null,
    });

  it('never throws, announces each event at most once per kind per sync, and a sync seen again announces nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.array(version, { maxLength: 6 }), { maxLength: 6 }), (syncs) => {
        let state = new Map<string, EventSnapshot>();
        syncs.forEach((page, i) => {
          // Google lists each changed event once, as it is now.
          const events = [...new Map(page.map((v) => [v.id, toEvent(v)])).values()];
          const r = diffEvents(state, events, i === 0 ? 'first' : 'incremental');
          const keys = r.changes.map((c) => `${c.kind}:${c.eventId}:${c.kind === 'responded' ? c.guest : ''}`);
          expect(new Set(keys).size).toBe(keys.length);
          expect(() => groupChanges(r.changes)).not.toThrow();
          state = new Map([...state].filter(([id]) => !r.removals.has(id)));
          for (const [id, snap] of r.upserts) state.set(id, snap);
          // The same page delivered twice (a second notification, a retried job) is no news.
          expect(diffEvents(state, events, 'incremental').changes.filter((c) => c.kind !== 'cancelled')).toEqual([]);
        });
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
