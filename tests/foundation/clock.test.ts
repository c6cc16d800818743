import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFrom } from '../../src/shared/clock.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';

describe('the clock', () => {
  it('starts at the given instant and then advances with the system clock', () => {
    let system = 1_000_000;
    const clock = clockFrom(new Date('2031-03-04T10:00:00Z'), () => system);
    expect(clock.now().toISOString()).toBe('2031-03-04T10:00:00.000Z');
    system += 90_000;
    expect(clock.now().toISOString()).toBe('2031-03-04T10:01:30.000Z');
  });

  it('refuses a date that is not one', () => {
    expect(() => clockFrom(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('the app computes dates from its clock, not the system\u2019s', () => {
  let t: ConnectedApp<'Acme'>;
  // A Tuesday years away from any day the suite runs on.
  beforeAll(async () => {
    t = await connectedClientApp({ now: '2031-03-04T10:00:00Z', clients: [{ name: 'Acme', email: 'ceo@acme.com' }] });
  });
  afterAll(() => t?.close());

  it('reads "tomorrow" and "next week" from the app\u2019s today', async () => {
    const nextWeek = await t.command('events acme next week', operator);
    expect(nextWeek.response.text).toBe('Acme: 0 events next week (10 Mar \u2013 16 Mar)');
    const before = t.google.requestsTo('/events').length;
    await t.command('agenda tomorrow', operator);
    const [request] = t.google.requestsTo('/events').slice(before);
    expect(request!.query.timeMin).toBe('2031-03-05T00:00:00.000Z');
  });

  it('asks Google for the range around the app\u2019s today', async () => {
    const before = t.google.requestsTo('/events').length;
    await t.command('events acme today', operator);
    const [request] = t.google.requestsTo('/events').slice(before);
    expect(request!.query.timeMin).toBe('2031-03-04T00:00:00.000Z');
    expect(request!.query.timeMax).toBe('2031-03-05T00:00:00.000Z');
  });

  it('quick add places "tomorrow 9am" on the app\u2019s tomorrow', async () => {
    await t.command('add acme Dentist tomorrow 9am', operator);
    const dentist = t.google.events('ceo@acme.com').find((e) => e.summary === 'Dentist');
    expect(dentist?.start?.dateTime && new Date(dentist.start.dateTime).toISOString()).toBe('2031-03-05T09:00:00.000Z');
  });
});
