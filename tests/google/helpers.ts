import { expect } from 'vitest';
import type { TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import type { FakeGoogle } from '../fakes/google.js';
import { shown } from '../clients/helpers.js';

/** `/calstack connect <ref>` → the link in the DM. */
export async function requestLink(t: TestApp, actor: Actor, ref: string): Promise<string> {
  const since = t.slack.calls.length;
  const { response } = await t.command(`connect ${ref}`, actor);
  expect(shown(response)).toContain('I sent you a DM');
  const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && shown(c.args.blocks).includes('Authorize Google Calendar'));
  const button = (dm.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'authorize_link');
  return button.url as string;
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
