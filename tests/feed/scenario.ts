// One story told to the feed, by polling or by push: an event created, moved across the October
// DST change, renamed and cancelled directly at Google. The operator reads in Paris; the event
// keeps New York time. Each step must give exactly one notice, and the next sync none.
import { expect } from 'vitest';
import type { ConnectedApp } from '../harness/connected.js';
import { notices, OPERATOR_DM, syncsDone } from './helpers.js';

export const ACME = 'ceo@acme.com';

/** Before → after in Paris on both sides of 25 October (10:00 CEST, then 10:00 CET), with New York's own times. */
export const EXPECTED = [
  '*Acme*: New event *Board prep* \u2014 Fri 23 Oct 10:00\u201311:00 (04:00\u201305:00 America/New_York)',
  '*Acme*: *Board prep* moved: Fri 23 Oct 10:00\u201311:00 (04:00\u201305:00 America/New_York) \u2192 Mon 26 Oct 10:00\u201311:00 (05:00\u201306:00 America/New_York)',
  '*Acme*: *Board prep* renamed to *Board review* \u2014 Mon 26 Oct 10:00\u201311:00 (05:00\u201306:00 America/New_York)',
  '*Acme*: Cancelled: *Board review* \u2014 Mon 26 Oct 10:00\u201311:00 (05:00\u201306:00 America/New_York)',
];

const NY = 'America/New_York';

/**
 * Runs the story; `anotherSync` makes the app sync once more with nothing new (the next poll, or
 * the same notification again) so that a second notice for the same change would show.
 */
export async function changeStory(t: ConnectedApp, anotherSync: () => Promise<void>): Promise<string[]> {
  const from = t.slack.calls.length;
  const step = async (change: () => void) => {
    const before = notices(t.slack, OPERATOR_DM, from).length;
    const version = (await t.app.db.prisma.feedCalendar.findFirstOrThrow({ where: { calendarId: ACME } })).version;
    change();
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from).length, { timeout: 15_000, interval: 50 }).toBe(before + 1);
    await syncsDone(t, ACME, 1, version);
    await anotherSync();
    expect(notices(t.slack, OPERATOR_DM, from)).toHaveLength(before + 1);
  };
  await step(() => t.google.addEvent(ACME, ACME, { id: 'boardprep1', summary: 'Board prep', start: { dateTime: '2026-10-23T08:00:00Z', timeZone: NY }, end: { dateTime: '2026-10-23T09:00:00Z', timeZone: NY } }));
  await step(() => t.google.changeEvent(ACME, 'boardprep1', { start: { dateTime: '2026-10-26T09:00:00Z', timeZone: NY }, end: { dateTime: '2026-10-26T10:00:00Z', timeZone: NY } }));
  await step(() => t.google.changeEvent(ACME, 'boardprep1', { summary: 'Board review' }));
  await step(() => t.google.changeEvent(ACME, 'boardprep1', { status: 'cancelled' }));
  return notices(t.slack, OPERATOR_DM, from);
}
