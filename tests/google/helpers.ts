import { expect } from 'vitest';
import type { TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import type { FakeGoogle } from '../fakes/google.js';
import { nextModal } from '../harness/modals.js';
import { visibleText } from '../harness/visible.js';
import { buttonById } from '../slack/sent-blocks.js';

/** `/calstack connect <ref>` → the link in the DM. */
export async function requestLink(t: TestApp, actor: Actor, ref: string): Promise<string> {
  const since = t.slack.calls.length;
  const { response } = await t.command(`connect ${ref}`, actor);
  expect(visibleText(response)).toContain('I sent you a DM');
  const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args.blocks).includes('Authorize Google Calendar'));
  return buttonById(dm.args, 'authorize_link').url!;
}

export interface Journey {
  authLocation: URL;
  callbackUrl: string;
  status: number;
  page: string;
}

/** Opens the link like a browser: our start route, Google's consent, back to our callback. */
export async function followLink(link: string): Promise<Journey> {
  const start = await fetch(link, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authLocation = new URL(start.headers.get('location')!);
  const consent = await fetch(authLocation, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callbackUrl = consent.headers.get('location')!;
  const callback = await fetch(callbackUrl);
  return { authLocation, callbackUrl, status: callback.status, page: await callback.text() };
}

export async function connectClient(t: TestApp, google: FakeGoogle, actor: Actor, ref: string, email: string): Promise<Journey> {
  google.nextConsent(email);
  const journey = await followLink(await requestLink(t, actor, ref));
  expect(journey.status).toBe(200);
  return journey;
}

/**
 * Opens one link twice and consents on each screen (as `emails`, in order): the callback URLs
 * Google sends the browser back to, not yet followed.
 */
export async function twoConsents(google: FakeGoogle, link: string, emails: [string, string]): Promise<[string, string]> {
  const starts = [await fetch(link, { redirect: 'manual' }), await fetch(link, { redirect: 'manual' })];
  const callbacks: string[] = [];
  for (const [i, start] of starts.entries()) {
    google.nextConsent(emails[i]!);
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    callbacks.push(consent.headers.get('location')!);
  }
  return callbacks as [string, string];
}

/** `/calstack disconnect <ref>`, confirmed in its modal: the response_url the outcome goes to. */
export async function disconnectConfirmed(t: TestApp, actor: Actor, ref: string): Promise<string> {
  const since = t.slack.calls.length;
  await t.requests.command(`disconnect ${ref}`, actor);
  const confirm = await nextModal(t, since, 'client_disconnect');
  await t.requests.viewSubmission(actor, { id: 'V0DISCONNECT', callback_id: 'client_disconnect', private_metadata: confirm.private_metadata, state: { values: {} } });
  return JSON.parse(confirm.private_metadata!).responseUrl as string;
}
