// What the feed tests share: the app set to sync fast, notices read as a person sees them, and
// waiting for syncs by the stored version (each sync that stores moves it on by one) instead of sleeping.
import { expect } from 'vitest';
import type { TestApp } from '../harness/app.js';
import type { ConnectedApp } from '../harness/connected.js';
import { operator } from '../harness/connected.js';
import type { FakeSlack } from '../fakes/slack.js';

export const POLLING = { FEED_POLL_SECONDS: '1', FEED_PUSH: 'off' };
export const PUSH = { FEED_POLL_SECONDS: '1', FEED_PUSH: 'on' };
/** Where the app posts the operator's DMs: their user id, which Slack turns into the app's DM with them. */
export const OPERATOR_DM = operator.userId;

/** The text of every message the app posted in `channel` (a DM by the user's id) from `from` on. */
export function notices(slack: FakeSlack, channel: string, from = 0): string[] {
  return slack.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel).map((c) => String(c.args.text));
}

export async function watchedCalendar(t: TestApp, calendarId: string) {
  return t.app.db.prisma.feedCalendar.findFirstOrThrow({ where: { calendarId } });
}

/** Resolves once `count` more syncs of the calendar have stored their outcome. */
export async function syncsDone(t: TestApp, calendarId: string, count = 1, since?: number): Promise<void> {
  const from = since ?? (await watchedCalendar(t, calendarId)).version;
  await expect.poll(async () => (await watchedCalendar(t, calendarId)).version, { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(from + count);
}

/** Turns the client's feed on through Slack and waits for its quiet first read. */
export async function feedOn(t: ConnectedApp, client: string, calendarId: string, where = ''): Promise<string> {
  const { response } = await t.command(`feed ${client} on ${where}`.trim(), operator);
  await expect.poll(async () => (await t.app.db.prisma.feedCalendar.findFirst({ where: { calendarId } }))?.lastSyncAt ?? null, { timeout: 15_000, interval: 50 }).not.toBeNull();
  return response.text ?? '';
}

/** Posts a notification to the app as Google would; returns the app's status. */
export async function notify(t: TestApp, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${t.app.url}/google/notifications`, { method: 'POST', headers });
  await res.arrayBuffer();
  return res.status;
}
