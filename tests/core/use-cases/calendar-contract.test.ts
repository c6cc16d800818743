// The ClientCalendar contract, checked on both implementations: the Google adapter against the
// fake Google (as production runs it) and the in-memory calendar the use-case tests run on. A
// rule proved in memory holds in production only as far as the two agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCalendar } from '../../../src/core/calendars/ports.js';
import type { Client } from '../../../src/core/clients/types.js';
import { UserFacingError } from '../../../src/core/errors.js';
import { eventIdFor } from '../../../src/core/events/service.js';
import { startFakeGoogle, type FakeGoogle } from '../../fakes/google.js';
import { adapterCalendar } from '../../google/client-calendar-kit.js';
import { memoryCalendars } from './memory-calendars.js';
import { timed } from './fixtures.js';

const EMAIL = 'ceo@acme.com';
const client: Client = {
  id: 'c1', teamId: 'T0', name: 'Acme', slug: 'acme', email: null, timeZone: 'UTC', notes: null, linkPreview: 'basic', managers: ['U0'],
  google: { state: 'connected', email: EMAIL }, createdBy: 'U0', createdAt: new Date(0), updatedAt: new Date(0),
};

let fake: FakeGoogle;
beforeAll(async () => {
  fake = await startFakeGoogle();
  fake.addOAuthClient({ clientId: 'app', clientSecret: 'secret' });
  fake.addAccount({ email: EMAIL });
});
afterAll(() => fake?.close());

const implementations: [string, () => ClientCalendar][] = [
  [
    'the Google adapter',
    () => {
      const token = fake.issueTokens({ email: EMAIL, clientId: 'app' }).access_token;
      return adapterCalendar(fake, client, token);
    },
  ],
  [
    'the in-memory calendar',
    () => {
      const memory = memoryCalendars();
      memory.addAccount(client);
      return memory.calendarFor(client.teamId, client);
    },
  ],
];

let seq = 0;
const fresh = () => eventIdFor('contract', String(++seq), String(Date.now()));

describe.each(implementations)('ClientCalendar: %s', (_name, make) => {
  it('lists the calendars with the primary first', async () => {
    const [first] = await make().listCalendars();
    expect(first?.primary).toBe(true);
  });

  it('inserts by the caller\u2019s id once however often asked; a deleted one comes back; a second delete is done', async () => {
    const cal = make();
    const primary = (await cal.listCalendars())[0]!.id;
    const id = fresh();
    const input = timed('Contract', '2030-03-02T09:00:00Z', '2030-03-02T10:00:00Z');
    const made = await cal.insertEvent(primary, id, input, 'none');
    expect((await cal.insertEvent(primary, id, input, 'none')).id).toBe(made.id);
    await cal.deleteEvent(primary, id, 'none');
    await cal.deleteEvent(primary, id, 'none');
    // Google keeps a deleted event under its id, cancelled.
    expect((await cal.findEvent(primary, id))?.status).toBe('cancelled');
    expect((await cal.insertEvent(primary, id, input, 'none')).status).toBe('confirmed');
  });

  it('inserts only an absent id: null when an event, even a deleted one, holds it', async () => {
    const cal = make();
    const primary = (await cal.listCalendars())[0]!.id;
    const id = fresh();
    const input = timed('Contract', '2030-03-02T09:00:00Z', '2030-03-02T10:00:00Z');
    expect((await cal.insertIfAbsent(primary, id, input, 'none'))?.id).toBe(id);
    expect(await cal.insertIfAbsent(primary, id, { ...input, title: 'Other' }, 'none')).toBeNull();
    await cal.deleteEvent(primary, id, 'none');
    expect(await cal.insertIfAbsent(primary, id, input, 'none')).toBeNull();
    expect((await cal.getEvent(primary, id)).title).toBe('Contract');
  });

  it('patches only what it is given', async () => {
    const cal = make();
    const primary = (await cal.listCalendars())[0]!.id;
    const id = fresh();
    await cal.insertEvent(primary, id, timed('Before', '2030-03-03T09:00:00Z', '2030-03-03T10:00:00Z', { location: 'Room 1' }), 'none');
    const after = await cal.patchEvent(primary, id, { title: 'After' }, 'none');
    expect(after).toMatchObject({ id, title: 'After', location: 'Room 1' });
  });

  it('lists the live events of a range by start time', async () => {
    const cal = make();
    const primary = (await cal.listCalendars())[0]!.id;
    const [late, early, gone, outside] = [fresh(), fresh(), fresh(), fresh()];
    await cal.insertEvent(primary, late, timed('Late', '2030-04-02T15:00:00Z', '2030-04-02T16:00:00Z'), 'none');
    await cal.insertEvent(primary, early, timed('Early', '2030-04-02T08:00:00Z', '2030-04-02T09:00:00Z'), 'none');
    await cal.insertEvent(primary, gone, timed('Gone', '2030-04-02T10:00:00Z', '2030-04-02T11:00:00Z'), 'none');
    await cal.insertEvent(primary, outside, timed('Outside', '2030-04-09T10:00:00Z', '2030-04-09T11:00:00Z'), 'none');
    await cal.deleteEvent(primary, gone, 'none');
    const { events } = await cal.listEvents({ calendarId: primary, timeMin: new Date('2030-04-01T00:00:00Z'), timeMax: new Date('2030-04-03T00:00:00Z'), all: true });
    expect(events.map((e) => e.title)).toEqual(['Early', 'Late']);
  });

  it('answers an unknown event with null when looking, and with a user-facing error when getting or patching', async () => {
    const cal = make();
    const primary = (await cal.listCalendars())[0]!.id;
    const id = fresh();
    expect(await cal.findEvent(primary, id)).toBeNull();
    await expect(cal.getEvent(primary, id)).rejects.toBeInstanceOf(UserFacingError);
    await expect(cal.patchEvent(primary, id, { title: 'x' }, 'none')).rejects.toBeInstanceOf(UserFacingError);
  });

  it('gives busy times per calendar it can read, and leaves out one it cannot', async () => {
    const cal = make();
    const primary = (await cal.listCalendars())[0]!.id;
    await cal.insertEvent(primary, fresh(), timed('Busy', '2030-05-02T09:00:00Z', '2030-05-02T10:00:00Z'), 'none');
    const busy = await cal.freeBusy({ timeMin: new Date('2030-05-02T00:00:00Z'), timeMax: new Date('2030-05-03T00:00:00Z'), calendarIds: [primary, 'nobody@example.com'] });
    expect(Object.keys(busy)).toEqual([primary]);
    expect(busy[primary]).toEqual([{ start: Date.parse('2030-05-02T09:00:00Z'), end: Date.parse('2030-05-02T10:00:00Z') }]);
  });
});
