import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { submitEvent } from './helpers.js';
import { deleteFromMenu as deleteEvent, pick, pressUndo } from './edit-helpers.js';
import { formValues, visibleText } from '../harness/visible.js';

// Issue 11, defects 3 and 5: every write says whom Google emails; a retry never reports a deleted event as made.
const CEO = 'ceo@acme.com';
const BOB = 'bob@example.com';
const ZONE = 'America/New_York';

describe('guests are told as the user chose (issue 11)', () => {
  let t: ConnectedApp<'Acme'>;
  const updatesOf = (id: string) => t.google.guestUpdates.filter((u) => u.eventId === id).map((u) => [u.method, u.sendUpdates, u.emailed]);

  beforeAll(async () => {
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: CEO, timeZone: ZONE, googleTimeZone: ZONE }] });
  });
  afterAll(() => t?.close());

  const deleteFromMenu = (eventId: string, changes: Record<string, unknown>) => deleteEvent(t, operator, t.ids.Acme, CEO, eventId, changes);
  const undo = (answer: unknown) => pressUndo(t, operator, answer);

  const guestEvent = (id: string) => ({
    id, summary: 'Review', start: { dateTime: '2027-03-09T10:00:00-05:00', timeZone: ZONE }, end: { dateTime: '2027-03-09T11:00:00-05:00', timeZone: ZONE },
    attendees: [{ email: CEO, organizer: true, self: true, responseStatus: 'accepted' as const }, { email: BOB, responseStatus: 'accepted' as const }],
  });

  it('the form creates with "Notify guests" (default: all)', async () => {
    const url = t.slack.responseUrl();
    await submitEvent(t, operator, {
      clientId: t.ids.Acme, calendarId: CEO, title: 'Kickoff', startDate: '2027-03-10', startTime: '09:00', endTime: '10:00', timeZone: ZONE, attendees: BOB,
    }, { meta: JSON.stringify({ responseUrl: url }) });
    expect(visibleText((await t.slack.waitForResponse((r) => r.url === url)).body)).toContain('Created');
    const made = t.google.events(CEO).find((e) => e.summary === 'Kickoff')!;
    expect(updatesOf(made.id!)).toEqual([['insert', 'all', [BOB]]]);
  });

  it('a delete asks whom to tell, and Undo tells the same guests', async () => {
    t.google.addEvent(CEO, CEO, guestEvent('quiet00001'));
    const { confirm, answer } = await deleteFromMenu('quiet00001', { ev_notify: pick('none') });
    expect(formValues(confirm).ev_notify).toBe('all'); // the choice is offered, everyone by default
    expect(visibleText(answer)).toContain('Deleted *Review*');
    expect(updatesOf('quiet00001')).toEqual([['delete', 'none', []]]);
    expect(visibleText(await undo(answer))).toContain('Restored *Review*');
    expect(t.google.events(CEO).find((e) => e.id === 'quiet00001')!.status).toBe('confirmed');
    expect(updatesOf('quiet00001')).toEqual([['delete', 'none', []], ['patch', 'none', []]]);
  });

  it('a delete left as shown tells every guest', async () => {
    t.google.addEvent(CEO, CEO, guestEvent('loud000001'));
    const { confirm, answer } = await deleteFromMenu('loud000001', {});
    expect(formValues(confirm).ev_notify).toBe('all');
    expect(visibleText(answer)).toContain('Deleted');
    expect(updatesOf('loud000001')).toEqual([['delete', 'all', [BOB]]]);
  });

  it('quick add invites its guests', async () => {
    const { response } = await t.command('add acme Coffee with Bob tomorrow 10am for 30m with bob@example.com', operator);
    expect(visibleText(response)).toContain('Created *Coffee with Bob*');
    const made = t.google.events(CEO).find((e) => e.summary === 'Coffee with Bob')!;
    expect(updatesOf(made.id!)).toEqual([['insert', 'all', [BOB]]]);
  });

  it('a bulk block without guests tells nobody', async () => {
    await t.command('block acme Offsite tomorrow', operator);
    await expect.poll(() => t.google.events(CEO).find((e) => e.summary === 'Offsite')?.id, { timeout: 15_000 }).toBeTruthy();
    const made = t.google.events(CEO).find((e) => e.summary === 'Offsite')!;
    expect(updatesOf(made.id!)).toEqual([['insert', 'none', []]]);
  });

  it('a retried submission whose event was deleted since brings it back rather than report a cancelled event as created', async () => {
    const form = { clientId: t.ids.Acme, calendarId: CEO, title: 'Retry me', startDate: '2027-03-11', startTime: '09:00', duration: '30m', timeZone: ZONE };
    const first = t.slack.responseUrl();
    await submitEvent(t, operator, form, { viewId: 'VRETRY', meta: JSON.stringify({ responseUrl: first }) });
    await t.slack.waitForResponse((r) => r.url === first);
    const id = t.google.events(CEO).find((e) => e.summary === 'Retry me')!.id!;
    await deleteFromMenu(id, {});
    expect(t.google.events(CEO).find((e) => e.id === id)!.status).toBe('cancelled');
    const again = t.slack.responseUrl();
    await submitEvent(t, operator, { ...form, title: 'Retry me (again)' }, { viewId: 'VRETRY', meta: JSON.stringify({ responseUrl: again }) });
    expect(visibleText((await t.slack.waitForResponse((r) => r.url === again)).body)).toContain('Created *Retry me (again)*');
    expect(t.google.events(CEO).find((e) => e.id === id)).toMatchObject({ status: 'confirmed', summary: 'Retry me (again)' });
  });
});
